/**
 * Multiple-testing adjustments over a grid of p-values. A null entry is a cell without a test: it stays
 * null and does not count in m (the number of tests). Convention: R `p.adjust`.
 */

function tested(p: readonly (number | null)[]): number[] {
  const idx: number[] = [];
  p.forEach((v, i) => {
    if (v === null) return;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${v}`);
    idx.push(i);
  });
  return idx;
}

/**
 * Benjamini–Hochberg q-values, exactly as R `p.adjust(method = "BH")` (= scipy
 * `false_discovery_control(method="bh")`): with the m non-null p sorted, q_(i) = min_{j ≥ i} min(1, m·p_(j)/j)
 * (step-up: cumulative minimum from the largest p). Rejecting q ≤ α controls the FDR at α.
 */
export function benjaminiHochberg(p: readonly (number | null)[]): (number | null)[] {
  const idx = tested(p).sort((a, b) => p[b]! - p[a]!); // descending p
  const m = idx.length;
  const q: (number | null)[] = p.map(() => null);
  let running = 1;
  idx.forEach((i, k) => {
    const rank = m - k; // rank of p[i] in ascending order
    running = Math.min(running, (m / rank) * p[i]!);
    q[i] = running;
  });
  return q;
}

/** Bonferroni-adjusted p-values, as R `p.adjust(method = "bonferroni")`: min(1, m·p), m = non-null count. */
export function bonferroni(p: readonly (number | null)[]): (number | null)[] {
  const m = tested(p).length;
  return p.map((v) => (v === null ? null : Math.min(1, m * v)));
}
