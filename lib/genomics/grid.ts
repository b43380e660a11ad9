import { associate } from './associate';
import { benjaminiHochberg, bonferroni } from './stats/multiplicity';
import type { AssociationResult, Variable } from './types';

/**
 * Every imaging × genomic pair tested, with Benjamini–Hochberg q-values over the whole grid
 * (only pairs with a p-value count in m) and, when asked, Bonferroni-adjusted p-values.
 * Sorted by q, then p (untestable pairs last, in grid order), so the strongest findings come
 * first whatever the order of the variables.
 */
export function associationGrid(
  imaging: readonly Variable[],
  genomic: readonly Variable[],
  options: { bonferroni?: boolean } = {},
): AssociationResult[] {
  const results: AssociationResult[] = [];
  for (const g of genomic) for (const i of imaging) results.push(associate(i, g));
  const p = results.map((r) => r.p);
  const q = benjaminiHochberg(p);
  const bonf = options.bonferroni ? bonferroni(p) : null;
  const adjusted = results.map((r, k) => ({
    ...r,
    q: q[k] ?? null,
    ...(bonf ? { pBonferroni: bonf[k] ?? null } : {}),
    order: k,
  }));
  adjusted.sort((x, y) => rank(x.q) - rank(y.q) || rank(x.p) - rank(y.p) || x.order - y.order);
  return adjusted.map(({ order: _order, ...r }) => r);
}

const rank = (x: number | null) => (x === null ? Number.POSITIVE_INFINITY : x);
