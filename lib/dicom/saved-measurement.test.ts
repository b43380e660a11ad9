import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { checkMeasurements } from './saved-measurement';

const model = shippedModel('vasari');
const good = {
  tool: 'Length',
  annotationUid: 'a-1',
  seriesInstanceUid: '1.2.3',
  sopInstanceUid: '1.2.3.4',
  frame: 1,
  points: [
    [0, 0, 0],
    [30, 40, 0],
  ],
  value: 50,
  unit: 'mm',
};

describe('checkMeasurements', () => {
  const answered = new Map<string, unknown>([['F29', 50]]) as Map<string, never>;

  it('accepts a length in mm for a measurement feature that holds a value, and a null that clears one', () => {
    const r = checkMeasurements(model, answered, { F29: good, F30: null });
    expect(r.errors).toEqual({});
    expect(r.accepted.get('F29')?.value).toBe(50);
    expect(r.accepted.get('F30')).toBeNull();
  });

  it('refuses other units, features without measurement, malformed geometry and empty fields', () => {
    const r = checkMeasurements(model, answered, {
      F1: good,
      F29: { ...good, unit: 'mm Proj' },
      F30: good,
    });
    expect(r.errors.F1?.[0]).toMatch(/does not take a measurement/);
    expect(r.errors.F29?.[0]).toMatch(/in mm Proj/);
    expect(r.errors.F30?.[0]).toMatch(/needs the field to hold a value/);
    const bad = checkMeasurements(model, answered, { F29: { ...good, points: [[0, 0, Number.NaN]] } });
    expect(bad.errors.F29?.[0]).toMatch(/malformed/);
    const uid = checkMeasurements(model, answered, { F29: { ...good, sopInstanceUid: '../etc' } });
    expect(uid.errors.F29?.[0]).toMatch(/malformed/);
  });
});
