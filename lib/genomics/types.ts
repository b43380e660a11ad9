/**
 * The shapes lib/genomics works on: a genomic table as uploaded and typed, the variables the
 * association tests take, and one test's result. Pure data, shared by the parsers, the tests,
 * the grid and the pages.
 */

/** How a genomic column is analysed. */
export type GenomicType = 'categorical' | 'binary' | 'continuous';

/** Where a genomic table came from. */
export type GenomicSource = 'delimited' | 'cbioportal_clinical' | 'maf';

export type GenomicColumn = {
  /** The column name in the file (a gene symbol for a mutation table). */
  id: string;
  /** What people read: cBioPortal's display name, or the id. */
  label: string;
  /** The type in force: the inferred one unless the analyst overrode it. */
  type: GenomicType;
  /** What the values suggested when the table was read. */
  inferred: GenomicType;
  /** One line on the column (cBioPortal's description, or how a mutation column was made). */
  description?: string;
};

/**
 * A parsed genomic table. `values[c]` is the raw text of column `columns[c]` (trimmed), or null
 * when the cell is empty or a missing-value token (NA, [Not Available], …).
 */
export type GenomicRow = { id: string; values: (string | null)[] };

export type GenomicTable = {
  source: GenomicSource;
  /** The name of the identifier column in the file (e.g. PATIENT_ID, SAMPLE_ID, Tumor_Sample_Barcode). */
  idColumn: string;
  /** Whether the identifiers name patients or samples. */
  idLevel: 'patient' | 'sample';
  columns: GenomicColumn[];
  rows: GenomicRow[];
  /** Non-fatal remarks made while reading (skipped rows, collapsed duplicates, …). */
  notes: string[];
};

/**
 * A variable as the association tests see it, one value per joined subject (same order on
 * both sides), null when missing.
 * - `categorical`: unordered levels (a binary variable is a categorical one with two levels);
 * - `ordinal`: ordered levels, values are 0-based positions into `levels`;
 * - `continuous`: numbers.
 */
export type Variable =
  | {
      id: string;
      label: string;
      scale: 'categorical';
      levels: string[];
      /** What people read for each level (option labels), same order as `levels`. */
      levelLabels?: string[];
      values: (string | null)[];
    }
  | {
      id: string;
      label: string;
      scale: 'ordinal';
      levels: string[];
      levelLabels?: string[];
      values: (number | null)[];
    }
  | { id: string; label: string; scale: 'continuous'; unit?: string | null; values: (number | null)[] };

export type TestName =
  'fisher' | 'fisher_freeman_halton' | 'chi_square' | 'mann_whitney' | 'kruskal_wallis' | 'spearman';

export type EffectName = 'cramers_v' | 'auc' | 'epsilon_squared' | 'spearman_rho';

/** One association test between an imaging variable and a genomic variable. */
export type AssociationResult = {
  imaging: string;
  genomic: string;
  /** The test run, or null when none could be (see `reason`). */
  test: TestName | null;
  /** How the p-value was obtained, e.g. "exact", "normal approximation, continuity-corrected", "Monte Carlo (10000 tables)". */
  method: string | null;
  /** The pairs with both values present. */
  n: number;
  statistic: number | null;
  df: number | null;
  p: number | null;
  /** Benjamini–Hochberg q over the whole grid; null where p is null. */
  q: number | null;
  /** Bonferroni-adjusted p over the whole grid, when asked for. */
  pBonferroni?: number | null;
  effect: { name: EffectName; value: number | null; ci: [number, number] | null } | null;
  /** Group sizes (by genomic level, or by imaging level for a continuous genomic variable). */
  groups: { level: string; n: number }[];
  /** Small-sample cautions: "expected count < 5 in 3 of 4 cells", "n < 5 in group wildtype". */
  cautions: string[];
  /** Why there is no p-value (one level only, n < 3, …); null when there is one. */
  reason: string | null;
};
