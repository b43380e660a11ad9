import type { EffectName, TestName } from './types';

export const TEST_NAMES: Record<TestName, string> = {
  fisher: "Fisher's exact test",
  fisher_freeman_halton: 'Fisher–Freeman–Halton exact test',
  chi_square: 'Pearson chi-square test',
  mann_whitney: 'Mann–Whitney U test',
  kruskal_wallis: 'Kruskal–Wallis test',
  spearman: 'Spearman rank correlation',
};

export const EFFECT_NAMES: Record<EffectName, string> = {
  cramers_v: "Cramér's V",
  auc: 'AUC',
  epsilon_squared: 'ε²',
  spearman_rho: 'Spearman ρ',
};

/**
 * How Annolex chooses and computes each test, in the words the results CSV and the page use.
 * Kept beside the code that follows them (lib/genomics/associate.ts).
 */
export const METHOD_NOTES: readonly string[] = [
  'Each imaging feature is aggregated to one value per case, matched with the genomic table by subject id or case key, and tested against every genomic column. Subjects missing either value are left out of that pair only; ordinal features are ranked in their declared option order; missingness options (not assessable, not applicable) and reader ties are missing.',
  "Categorical × categorical: Fisher's exact test for 2 × 2 tables, two-sided as R fisher.test. Larger tables: Pearson chi-square without continuity correction when every expected count is at least 5, else the Fisher–Freeman–Halton exact test (Monte Carlo with 10 000 tables when the table is too large to enumerate; the method column says which). Effect: Cramér's V.",
  'Ordinal or numeric × binary: Mann–Whitney U, two-sided, as R wilcox.test: exact p without ties when both groups have fewer than 50 values, else the normal approximation with tie-corrected variance and continuity correction. Effect: AUC = U / (n₁n₂), above 0.5 when the first level (mutated, yes, chosen) has the higher values.',
  'Ordinal or numeric × categorical with more than 2 levels: Kruskal–Wallis H with tie correction, chi-square p with k − 1 df. Effect: ε² = H / (n − 1).',
  "Ordinal or numeric × continuous: Spearman ρ (Pearson correlation of average ranks), p from t = ρ √((n − 2)/(1 − ρ²)) with n − 2 df as scipy.stats.spearmanr; 95% CI by Fisher's z with SE √(1.06 / (n − 3)).",
  'Categorical imaging × continuous genomic: Mann–Whitney U (2 levels) or Kruskal–Wallis (more), with the genomic value as the response.',
  'q: Benjamini–Hochberg over every tested pair of the run (as R p.adjust "BH"); Bonferroni: min(1, m·p), when asked for.',
  'Cautions: an expected count below 5 (contingency tables), or a group with fewer than 5 values.',
];
