import { describe, expect, it } from 'vitest';
import { seededRandom } from '../study/seeded-random';
import { bootstrapPercentileCI, mulberry32, quantileType7 } from './bootstrap';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('mulberry32', () => {
  it('is deterministic for a seed and in [0, 1)', () => {
    const a = mulberry32(12345);
    const b = mulberry32(12345);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(12346)()).not.toBe(xs[0]);
  });

  it('is the standard mulberry32 sequence (same as lib/study)', () => {
    for (const seed of [0, 1, 42, 0xffffffff]) {
      const a = mulberry32(seed);
      const b = seededRandom(seed);
      for (let i = 0; i < 20; i++) expect(a()).toBe(b());
    }
  });

  it('refuses a seed that is not an unsigned 32-bit integer', () => {
    for (const seed of [-1, 1.5, 2 ** 32, NaN]) expect(() => mulberry32(seed)).toThrow(RangeError);
  });
});

describe('quantileType7', () => {
  it('matches R quantile(type = 7)', () => {
    const xs = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantileType7(xs, 0.025)).toBeCloseTo(1.225, 12);
    expect(quantileType7(xs, 0.975)).toBeCloseTo(9.775, 12);
    expect(quantileType7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileType7([7], 0.3)).toBe(7);
  });
});

describe('bootstrapPercentileCI', () => {
  const data = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);

  it('is reproducible and says seed and replicates', () => {
    const a = bootstrapPercentileCI(data, mean, { seed: 7, replicates: 500 });
    const b = bootstrapPercentileCI(data, mean, { seed: 7, replicates: 500 });
    expect(a).toEqual(b);
    expect(a.label).toBe('bootstrap, seed 7, 500 replicates');
    expect(a).toMatchObject({ seed: 7, replicates: 500, valid_replicates: 500, level: 0.95 });
    expect(bootstrapPercentileCI(data, mean, { seed: 8, replicates: 500 }).ci).not.toEqual(a.ci);
  });

  it('brackets the sample mean and is near the normal-theory interval', () => {
    const r = bootstrapPercentileCI(data, mean, { seed: 1, replicates: 4000 });
    expect(r.ci).not.toBeNull();
    const [lo, hi] = r.ci!;
    const m = mean(data);
    const se = Math.sqrt(data.reduce((s, x) => s + (x - m) ** 2, 0) / data.length / data.length);
    expect(lo).toBeLessThan(m);
    expect(hi).toBeGreaterThan(m);
    expect(Math.abs(lo - (m - 1.96 * se))).toBeLessThan(0.25 * se * 1.96);
    expect(Math.abs(hi - (m + 1.96 * se))).toBeLessThan(0.25 * se * 1.96);
  });

  it('gives a degenerate interval for constant data', () => {
    expect(bootstrapPercentileCI([3, 3, 3], mean, { seed: 0, replicates: 50 }).ci).toEqual([3, 3]);
  });

  it('uses only replicates where the statistic is defined, and says how many', () => {
    const r = bootstrapPercentileCI([0, 1], (s) => (s[0] === s[1] ? null : 1), { seed: 3, replicates: 200 });
    expect(r.valid_replicates).toBeGreaterThan(0);
    expect(r.valid_replicates).toBeLessThan(200);
    expect(r.ci).toEqual([1, 1]);
  });

  it('returns null with a reason when nothing can be resampled or nothing is defined', () => {
    expect(bootstrapPercentileCI([], mean, { seed: 1 })).toMatchObject({
      ci: null,
      reason: 'no units to resample',
    });
    const none = bootstrapPercentileCI([1, 2], () => null, { seed: 1, replicates: 10 });
    expect(none.ci).toBeNull();
    expect(none).toHaveProperty('reason');
    expect(none.valid_replicates).toBe(0);
  });

  it('defaults to 2000 replicates and refuses bad options', () => {
    expect(bootstrapPercentileCI([1, 2, 3], mean, { seed: 1 }).replicates).toBe(2000);
    expect(() => bootstrapPercentileCI([1], mean, { seed: 1, replicates: 0 })).toThrow(RangeError);
    expect(() => bootstrapPercentileCI([1], mean, { seed: 1, level: 1 })).toThrow(RangeError);
  });
});
