import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { aggregate, roundTo } from './aggregate';
import { exportFeatures } from './features';

const byId = Object.fromEntries(exportFeatures(shippedModel('vasari')).map((f) => [f.id, f]));
const F1 = byId.F1!; // multiple choice
const F2 = byId.F2!; // nominal
const F5 = byId.F5!; // ordinal: na(missingness), none, lt5, 6_33, 34_67, 68_95, gt95, all, indeterminate(missingness)
const F29 = byId.F29!; // numeric, mm, 1 decimal
const POST = byId.postoperative!; // boolean
const F26 = byId.F26!; // numeric, %, 0 decimals

describe('majority', () => {
  it('takes the most frequent answer, a plurality being enough', () => {
    expect(aggregate(F2, ['left', 'left', 'right'], 'majority')).toEqual({ value: 'left', tie: false, n: 3 });
    expect(aggregate(F2, ['left', 'left', 'right', 'center_bilateral'], 'majority').value).toBe('left');
  });

  it('reports a tie as null', () => {
    expect(aggregate(F2, ['left', 'right'], 'majority')).toEqual({ value: null, tie: true, n: 2 });
    expect(aggregate(F2, ['left', 'right', 'center_bilateral'], 'majority')).toMatchObject({
      value: null,
      tie: true,
    });
  });

  it('skips missing answers; all missing gives null without a tie', () => {
    expect(aggregate(F2, [undefined, null, 'left', ''], 'majority')).toEqual({
      value: 'left',
      tie: false,
      n: 1,
    });
    expect(aggregate(F2, [undefined, null], 'majority')).toEqual({ value: null, tie: false, n: 0 });
    expect(aggregate(F2, [], 'majority')).toEqual({ value: null, tie: false, n: 0 });
  });

  it('counts missingness options as answers', () => {
    expect(aggregate(F5, ['indeterminate', 'indeterminate', 'lt5'], 'majority').value).toBe('indeterminate');
  });

  it('works on booleans and numbers as plain values', () => {
    expect(aggregate(POST, [true, false, true], 'majority').value).toBe(true);
    expect(aggregate(POST, [true, false], 'majority')).toMatchObject({ value: null, tie: true });
    expect(aggregate(F29, [40, 40, 41.5], 'majority').value).toBe(40);
  });

  it('decides each option of a multiple choice by a strict majority of those who answered', () => {
    expect(aggregate(F1, [['frontal'], ['frontal', 'temporal'], ['frontal'], undefined], 'majority')).toEqual(
      {
        value: ['frontal'],
        tie: false,
        n: 3,
      },
    );
    // temporal by 2 of 3 is a strict majority; insula by 1 of 3 is not.
    expect(aggregate(F1, [['temporal'], ['temporal', 'insula'], ['frontal']], 'majority').value).toEqual([
      'temporal',
    ]);
    // Exactly half: not chosen, and the result is flagged as tied.
    expect(aggregate(F1, [['frontal'], ['frontal', 'temporal']], 'majority')).toEqual({
      value: ['frontal'],
      tie: true,
      n: 2,
    });
    expect(aggregate(F1, [['frontal'], ['temporal']], 'majority')).toEqual({ value: [], tie: true, n: 2 });
  });
});

describe('median (ordinal)', () => {
  it('takes the middle category in declared order for an odd count', () => {
    expect(aggregate(F5, ['all', 'lt5', '6_33'], 'median')).toEqual({ value: '6_33', tie: false, n: 3 });
  });

  it('needs the two middle categories to agree for an even count', () => {
    expect(aggregate(F5, ['lt5', '6_33', '6_33', 'all'], 'median').value).toBe('6_33');
    expect(aggregate(F5, ['lt5', '6_33'], 'median')).toEqual({ value: null, tie: true, n: 2 });
    expect(aggregate(F5, ['lt5', 'lt5', 'all', 'all'], 'median')).toMatchObject({ value: null, tie: true });
  });

  it('leaves missingness options out of the median', () => {
    // 'na' is first and 'indeterminate' last in the declared order: neither may pull the median.
    expect(aggregate(F5, ['na', 'lt5', 'indeterminate'], 'median').value).toBe('lt5');
    expect(aggregate(F5, ['indeterminate', 'indeterminate', 'lt5'], 'median').value).toBe('lt5');
  });

  it('falls back to the most frequent missingness option when there is nothing else', () => {
    expect(aggregate(F5, ['na', 'na', undefined], 'median')).toEqual({ value: 'na', tie: false, n: 2 });
    expect(aggregate(F5, ['na', 'indeterminate'], 'median')).toMatchObject({ value: null, tie: true });
    expect(aggregate(F5, [undefined], 'median')).toEqual({ value: null, tie: false, n: 0 });
  });

  it('takes the usual median of numbers, and refuses nominal features', () => {
    expect(aggregate(F29, [40, 42.5], 'median').value).toBe(41.25);
    expect(aggregate(F29, [40, 10, 42.5], 'median').value).toBe(40);
    expect(() => aggregate(F2, ['left'], 'median')).toThrow(/F2/);
  });
});

describe('mean (numeric)', () => {
  it('rounds to the recorded decimals + 1', () => {
    expect(aggregate(F29, [42.5, 40], 'mean')).toEqual({ value: 41.25, tie: false, n: 2 });
    expect(aggregate(F29, [1, 2, 2], 'mean').value).toBe(1.67);
    expect(aggregate(F26, [90, 95, 95], 'mean').value).toBe(93.3);
  });

  it('skips missing values and refuses non-numeric features', () => {
    expect(aggregate(F29, [undefined, 12.3, null], 'mean')).toEqual({ value: 12.3, tie: false, n: 1 });
    expect(aggregate(F29, [undefined], 'mean')).toEqual({ value: null, tie: false, n: 0 });
    expect(() => aggregate(F5, ['lt5'], 'mean')).toThrow(/F5/);
  });
});

describe('central', () => {
  it('picks majority, median or mean by the kind of feature', () => {
    expect(aggregate(F2, ['left', 'left', 'right'], 'central').value).toBe('left');
    expect(aggregate(F5, ['lt5', 'all', 'gt95'], 'central').value).toBe('gt95');
    expect(aggregate(F29, [10, 20, 40], 'central').value).toBe(23.33);
    expect(aggregate(F1, [['frontal'], ['frontal'], ['temporal']], 'central').value).toEqual(['frontal']);
    expect(aggregate(POST, [false, false], 'central').value).toBe(false);
  });
});

describe('roundTo', () => {
  it('rounds half away from zero without binary noise', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(Object.is(roundTo(-0.0001, 2), 0)).toBe(true);
  });
});
