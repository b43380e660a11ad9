import { describe, expect, it } from 'vitest';
import { bootstrapUnitAlpha } from './unit-bootstrap';

const unit = {
  key: 'F4',
  kind: 'ordinal' as const,
  categories: ['a', 'b', 'c'],
  ratings: Array.from({ length: 40 }, (_, i) =>
    ['r1', 'r2'].map((readerId) => ({
      caseId: String(i),
      readerId,
      value: ['a', 'b', 'c'][(i + (readerId === 'r2' && i % 5 === 0 ? 1 : 0)) % 3]!,
    })),
  ).flat(),
};

describe('bootstrapUnitAlpha', () => {
  it('gives a seeded CI around alpha, the same for the same seed', () => {
    const a = bootstrapUnitAlpha(unit, 7, 300);
    expect(a.value).not.toBeNull();
    expect(a.ci95![0]).toBeLessThanOrEqual(a.value!);
    expect(a.ci95![1]).toBeGreaterThanOrEqual(a.value!);
    expect(bootstrapUnitAlpha(unit, 7, 300)).toEqual(a);
    expect(bootstrapUnitAlpha(unit, 8, 300).ci95).not.toEqual(a.ci95);
    expect(a.label).toBe('bootstrap percentile, seed 7, 300 replicates');
  });

  it('explains an undefined alpha', () => {
    const flat = { ...unit, ratings: unit.ratings.map((r) => ({ ...r, value: 'a' })) };
    expect(bootstrapUnitAlpha(flat, 1, 50)).toMatchObject({
      value: null,
      ci95: null,
      reason: expect.any(String),
    });
  });
});
