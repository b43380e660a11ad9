import fc from 'fast-check';
import { categoricalTable, type CategoricalTable, type Rating } from './ratings';

/** Test helpers for the categorical statistics: random rating tables and a deep "no NaN" check. */

export type RandomRatings = { ratings: Rating[]; categories: string[] };

/**
 * Random long-form ratings: k categories, m readers, n cases, each rating missing with
 * probability ~missing (cells as category indices; null = missing).
 */
export function ratingsArb(opts: {
  k?: [number, number];
  m?: [number, number];
  n?: [number, number];
  missing?: boolean;
}): fc.Arbitrary<RandomRatings> {
  const [kMin, kMax] = opts.k ?? [2, 5];
  const [mMin, mMax] = opts.m ?? [2, 4];
  const [nMin, nMax] = opts.n ?? [0, 30];
  return fc
    .record({
      k: fc.integer({ min: kMin, max: kMax }),
      m: fc.integer({ min: mMin, max: mMax }),
      n: fc.integer({ min: nMin, max: nMax }),
    })
    .chain(({ k, m, n }) => {
      const cell = opts.missing
        ? fc.oneof(
            { arbitrary: fc.constant(null), weight: 1 },
            { arbitrary: fc.integer({ min: 0, max: k - 1 }), weight: 4 },
          )
        : fc.integer({ min: 0, max: k - 1 });
      return fc
        .array(fc.array(cell, { minLength: m, maxLength: m }), { minLength: n, maxLength: n })
        .map((cells) => fromCells(cells, k));
    });
}

/** Long-form ratings from a case × reader matrix of category indices (null = missing). */
export function fromCells(cells: (number | null)[][], k: number): RandomRatings {
  const categories = Array.from({ length: k }, (_, i) => `cat${i}`);
  const ratings: Rating[] = [];
  cells.forEach((row, i) =>
    row.forEach((v, j) =>
      ratings.push({ caseId: `case${i}`, readerId: `r${j + 1}`, value: v === null ? null : categories[v]! }),
    ),
  );
  return { ratings, categories };
}

export const tableOf = ({ ratings, categories }: RandomRatings): CategoricalTable =>
  categoricalTable(ratings, categories);

/** Every number anywhere in x is finite (null stands for an undefined value, never NaN or ±Infinity). */
export function nonFiniteNumbers(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [`${path} = ${x}`];
  if (Array.isArray(x)) return x.flatMap((v, i) => nonFiniteNumbers(v, `${path}[${i}]`));
  if (typeof x === 'object' && x !== null) {
    return Object.entries(x).flatMap(([key, v]) => nonFiniteNumbers(v, `${path}.${key}`));
  }
  return [];
}

/** Shuffles ratings and renames cases (a bijection), keeping reader ids. */
export function relabelCases(ratings: Rating[], seed: number): Rating[] {
  const ids = [...new Set(ratings.map((r) => r.caseId))];
  const rename = new Map(ids.map((id, i) => [id, `x${(i * 7919 + seed) % 100_003}-${i}`]));
  const out = ratings.map((r) => ({ ...r, caseId: rename.get(r.caseId)! }));
  // deterministic Fisher–Yates with a small LCG
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
