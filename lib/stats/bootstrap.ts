/**
 * Seeded case-resampling bootstrap. Randomness is passed in as an integer seed, so the same data and
 * seed give the same interval on every machine; results say "bootstrap, seed S, R replicates".
 */

/** mulberry32: a small 32-bit PRNG. Uniform floats in [0, 1), deterministic for an integer seed. */
export function mulberry32(seed: number): () => number {
  let a = checkSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkSeed(seed: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`bootstrap seed must be an integer in [0, 2^32 − 1], got ${seed}`);
  }
  return seed >>> 0;
}

export type BootstrapOptions = {
  /** Integer seed in [0, 2^32 − 1]. Required: randomness is always passed in. */
  seed: number;
  /** Number of bootstrap replicates (default 2000). */
  replicates?: number;
  /** Confidence level (default 0.95). */
  level?: number;
};

export const DEFAULT_REPLICATES = 2000;

type BootstrapCommon = {
  method: 'bootstrap percentile (case resampling)';
  /** Human-readable: "bootstrap, seed S, R replicates". */
  label: string;
  seed: number;
  replicates: number;
  /** Replicates where the statistic was defined; the percentiles use these only. */
  valid_replicates: number;
  level: number;
};

/** A percentile bootstrap interval, or null with the reason when no replicate gave a value. */
export type BootstrapCI =
  (BootstrapCommon & { ci: [number, number] }) | (BootstrapCommon & { ci: null; reason: string });

/**
 * Percentile bootstrap CI: draws `replicates` samples of `units` with replacement (same size as the data),
 * applies `statistic` to each, and takes the (1 − level)/2 and (1 + level)/2 percentiles of the defined
 * replicate values (linear interpolation between order statistics, R's quantile type 7).
 * `statistic` returns null when it is undefined for a sample; such replicates are counted, not used.
 */
export function bootstrapPercentileCI<T>(
  units: readonly T[],
  statistic: (sample: T[]) => number | null,
  options: BootstrapOptions,
): BootstrapCI {
  const seed = checkSeed(options.seed);
  const replicates = options.replicates ?? DEFAULT_REPLICATES;
  const level = options.level ?? 0.95;
  if (!Number.isSafeInteger(replicates) || replicates < 1) {
    throw new RangeError(`bootstrap replicates must be a positive integer, got ${replicates}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);

  const random = mulberry32(seed);
  const n = units.length;
  const values: number[] = [];
  if (n > 0) {
    const sample: T[] = new Array<T>(n);
    for (let r = 0; r < replicates; r++) {
      for (let i = 0; i < n; i++) sample[i] = units[Math.floor(random() * n)]!;
      const v = statistic(sample);
      if (v !== null && Number.isFinite(v)) values.push(v);
    }
  }
  const common: BootstrapCommon = {
    method: 'bootstrap percentile (case resampling)',
    label: `bootstrap, seed ${seed}, ${replicates} replicates`,
    seed,
    replicates,
    valid_replicates: values.length,
    level,
  };
  if (values.length === 0) {
    return {
      ...common,
      ci: null,
      reason: n === 0 ? 'no units to resample' : 'the statistic was undefined in every bootstrap replicate',
    };
  }
  values.sort((a, b) => a - b);
  return { ...common, ci: [quantileType7(values, (1 - level) / 2), quantileType7(values, (1 + level) / 2)] };
}

/** R's default quantile (type 7) of an ascending, non-empty array. */
export function quantileType7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
