import { chiSquareTest, type Counts } from './stats/chi-square';
import { fisherExact2x2, fisherFreemanHalton } from './stats/fisher';
import { kruskalWallis } from './stats/kruskal';
import { mannWhitney } from './stats/mann-whitney';
import { spearman } from './stats/spearman';
import type { AssociationResult, Variable } from './types';

/**
 * One association test between an imaging variable and a genomic variable, chosen by their
 * types (the method notes in method-notes.ts say the same in words):
 *
 * | imaging × genomic                         | test                                      | effect     |
 * |-------------------------------------------|-------------------------------------------|------------|
 * | categorical × categorical, 2×2            | Fisher's exact                            | Cramér's V |
 * | categorical × categorical, larger         | chi-square; Fisher–Freeman–Halton when an expected count < 5 | Cramér's V |
 * | ordinal/continuous × 2 levels             | Mann–Whitney U                            | AUC        |
 * | ordinal/continuous × more levels          | Kruskal–Wallis                            | ε²         |
 * | ordinal/continuous × continuous           | Spearman                                  | ρ (95% CI) |
 * | categorical × continuous                  | Mann–Whitney / Kruskal–Wallis of the genomic value by imaging level |
 *
 * Only complete pairs count, and only the levels they show: a genomic "categorical" column
 * with two levels among the imaged subjects is tested as binary. With fewer than 2 levels
 * or fewer than 3 pairs there is no test (p null with the reason).
 *
 * The first level of a two-level variable is its "positive" one (mutated, yes, chosen: see
 * `orderBinaryLevels` and the imaging variables), so an AUC above 0.5 means higher imaging
 * values in, say, the mutated group.
 */

/** Groups smaller than this get a caution. */
export const SMALL_GROUP = 5;
export const MIN_PAIRS = 3;
/**
 * The Fisher–Freeman–Halton enumeration's work limit inside a grid: about 20 ms of partial
 * tables, after which the p-value is simulated (10 000 tables), so a grid of hundreds of sparse
 * tables still runs in seconds.
 */
export const FFH_MAX_NODES = 200_000;

type Pairs = { a: (string | number)[]; b: (string | number)[] };

function completePairs(x: Variable, y: Variable): Pairs {
  const a: (string | number)[] = [];
  const b: (string | number)[] = [];
  const n = Math.min(x.values.length, y.values.length);
  for (let i = 0; i < n; i++) {
    const u = x.values[i];
    const v = y.values[i];
    if (u === null || u === undefined || v === null || v === undefined) continue;
    a.push(u);
    b.push(v);
  }
  return { a, b };
}

/** The levels of a categorical variable that occur among `values`, in the variable's order. */
function observedLevels(v: Variable, values: (string | number)[]): { level: string; label: string }[] {
  if (v.scale !== 'categorical') return [];
  const seen = new Set(values.map(String));
  return v.levels
    .map((level, i) => ({ level, label: v.levelLabels?.[i] ?? level }))
    .filter((l) => seen.has(l.level));
}

function empty(imaging: Variable, genomic: Variable, n: number, reason: string): AssociationResult {
  return {
    imaging: imaging.id,
    genomic: genomic.id,
    test: null,
    method: null,
    n,
    statistic: null,
    df: null,
    p: null,
    q: null,
    effect: null,
    groups: [],
    cautions: [],
    reason,
  };
}

export function associate(imaging: Variable, genomic: Variable): AssociationResult {
  const { a, b } = completePairs(imaging, genomic);
  const n = a.length;
  if (n < MIN_PAIRS)
    return empty(
      imaging,
      genomic,
      n,
      `${n} subject${n === 1 ? '' : 's'} with both values (at least ${MIN_PAIRS} needed)`,
    );

  if (imaging.scale === 'categorical' && genomic.scale === 'categorical')
    return contingency(imaging, genomic, a, b);
  if (imaging.scale !== 'categorical' && genomic.scale === 'categorical')
    return byGroup(imaging, genomic, a as number[], b as string[], 'genomic');
  if (imaging.scale === 'categorical' && genomic.scale !== 'categorical')
    return byGroup(genomic, imaging, b as number[], a as string[], 'imaging', imaging, genomic);
  const result = spearman(a as number[], b as number[]);
  return { ...base(imaging, genomic), ...pick(result), groups: [] };
}

function base(imaging: Variable, genomic: Variable) {
  return { imaging: imaging.id, genomic: genomic.id, q: null };
}

function pick(r: Omit<AssociationResult, 'imaging' | 'genomic' | 'q' | 'groups'>) {
  return {
    test: r.test,
    method: r.method,
    n: r.n,
    statistic: r.statistic,
    df: r.df,
    p: r.p,
    effect: r.effect,
    cautions: r.cautions,
    reason: r.reason,
  };
}

/** Categorical × categorical: a contingency table of imaging levels (rows) by genomic levels (columns). */
function contingency(
  imaging: Variable,
  genomic: Variable,
  a: (string | number)[],
  b: (string | number)[],
): AssociationResult {
  const rows = observedLevels(imaging, a);
  const cols = observedLevels(genomic, b);
  const groups = cols.map((c) => ({ level: c.label, n: b.filter((v) => v === c.level).length }));
  if (rows.length < 2 || cols.length < 2) {
    const which = rows.length < 2 ? imaging : genomic;
    return { ...empty(imaging, genomic, a.length, onlyOneLevel(which, a.length)), groups };
  }
  const rowIndex = new Map(rows.map((r, i) => [r.level, i]));
  const colIndex = new Map(cols.map((c, i) => [c.level, i]));
  const table = rows.map(() => cols.map(() => 0));
  a.forEach((u, i) => {
    table[rowIndex.get(String(u))!]![colIndex.get(String(b[i]))!]! += 1;
  });
  const chi = chiSquareTest(table as Counts);
  const cautions = chi.cautions;
  if (rows.length === 2 && cols.length === 2) {
    const fisher = fisherExact2x2(table);
    return {
      ...base(imaging, genomic),
      ...pick(fisher),
      effect: chi.effect,
      cautions: [...fisher.cautions, ...cautions],
      groups,
    };
  }
  if (chi.lowExpectedCells > 0) {
    const exact = fisherFreemanHalton(table, { maxNodes: FFH_MAX_NODES });
    return {
      ...base(imaging, genomic),
      ...pick(exact),
      effect: chi.effect,
      cautions: [...exact.cautions, ...cautions],
      groups,
    };
  }
  return { ...base(imaging, genomic), ...pick(chi), groups };
}

function onlyOneLevel(v: Variable, n: number): string {
  return `${v.label} has a single level among the ${n} subjects with both values`;
}

/**
 * A numeric response compared across the levels of a categorical grouping variable:
 * Mann–Whitney for two levels (first level first), Kruskal–Wallis for more.
 */
function byGroup(
  response: Variable,
  grouping: Variable,
  values: number[],
  labels: string[],
  groupedSide: 'genomic' | 'imaging',
  imagingVar: Variable = response,
  genomicVar: Variable = grouping,
): AssociationResult {
  const levels = observedLevels(grouping, labels);
  const members = levels.map((l) => values.filter((_, i) => labels[i] === l.level));
  const groups = levels.map((l, i) => ({ level: l.label, n: members[i]!.length }));
  if (levels.length < 2)
    return { ...empty(imagingVar, genomicVar, values.length, onlyOneLevel(grouping, values.length)), groups };
  const small = groups.filter((g) => g.n < SMALL_GROUP);
  const cautions = small.length
    ? [
        `n < ${SMALL_GROUP} in ${groupedSide} group${small.length > 1 ? 's' : ''} ${small.map((g) => `${g.level} (${g.n})`).join(', ')}`,
      ]
    : [];
  const result = levels.length === 2 ? mannWhitney(members[0]!, members[1]!) : kruskalWallis(members);
  return {
    ...base(imagingVar, genomicVar),
    ...pick(result),
    cautions: [...result.cautions, ...cautions],
    groups,
  };
}
