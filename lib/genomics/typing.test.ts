import { describe, expect, it } from 'vitest';
import { isMissing, MISSING_TOKENS } from '@/lib/genomics/missing';
import {
  columnSummary,
  compareNatural,
  genomicVariableValues,
  inferGenomicType,
  orderBinaryLevels,
  parseNumber,
  sortLevels,
} from '@/lib/genomics/typing';

describe('isMissing', () => {
  it('knows the usual missing-value tokens, in any case and with spaces', () => {
    for (const token of MISSING_TOKENS) expect(isMissing(token)).toBe(true);
    for (const token of [
      'na',
      ' NA ',
      'n/a',
      'nan',
      'Null',
      '#N/A',
      '[not available]',
      "'--",
      'Not Reported',
      '',
      null,
    ])
      expect(isMissing(token)).toBe(true);
  });

  it('keeps values that are real categories', () => {
    for (const token of ['Unknown', 'None', '-', '0', 'no', 'NAD', 'nan1', '[Completed]'])
      expect(isMissing(token)).toBe(false);
  });
});

describe('parseNumber and natural order', () => {
  it('reads plain decimal numbers only', () => {
    expect(['1', '-2.5', '+3', '.5', '5.', '1e-5', '2E3', ' 7 '].map(parseNumber)).toEqual([
      1, -2.5, 3, 0.5, 5, 1e-5, 2000, 7,
    ]);
    expect(['1,5', '0x1F', 'Infinity', '1e999', 'NaN', '', '12a', '1 2', null].map(parseNumber)).toEqual(
      Array(9).fill(null),
    );
  });

  it('sorts numbers by value and digit runs inside text as numbers', () => {
    expect(sortLevels(['10', '9', '-1', '2.5', '9'])).toEqual(['-1', '2.5', '9', '10']);
    expect(sortLevels(['Grade 10', 'Grade 2', 'Grade 1'])).toEqual(['Grade 1', 'Grade 2', 'Grade 10']);
    expect(compareNatural('a', 'a')).toBe(0);
  });
});

describe('inferGenomicType', () => {
  it('calls any two distinct values binary', () => {
    expect(inferGenomicType(['mutated', 'wildtype', 'mutated', null])).toBe('binary');
    expect(inferGenomicType(['0', '1', '1', 'NA'])).toBe('binary');
    expect(inferGenomicType(['TRUE', 'FALSE'])).toBe('binary');
    expect(inferGenomicType(['3.2', '7.9'], 'NUMBER')).toBe('binary');
    expect(inferGenomicType(['Male', 'Female', '[Not Available]'])).toBe('binary');
  });

  it('calls numbers with more than two values continuous', () => {
    expect(inferGenomicType(['1.5', '2.25', '-3', '1e2', null])).toBe('continuous');
    expect(inferGenomicType(['10', '20', '30', '40', '50', '60'])).toBe('continuous');
  });

  it('calls a few distinct integers categorical unless the hint is NUMBER', () => {
    const grade = ['1', '2', '3', '4', '2', '3'];
    expect(inferGenomicType(grade)).toBe('categorical');
    expect(inferGenomicType(grade, 'NUMBER')).toBe('continuous');
    expect(inferGenomicType(['1', '2', '3', '4', '5'])).toBe('categorical');
    expect(inferGenomicType(['1', '2', '3', '4', '5', '6'])).toBe('continuous');
    expect(inferGenomicType(['0.5', '1', '2'])).toBe('continuous');
  });

  it('calls text categorical, and follows STRING and BOOLEAN hints', () => {
    expect(inferGenomicType(['classical', 'mesenchymal', 'proneural'])).toBe('categorical');
    expect(inferGenomicType(['1.5', '2.5', '3.5', 'x'])).toBe('categorical');
    expect(inferGenomicType(['10', '20', '30', '40', '50', '60'], 'STRING')).toBe('categorical');
    expect(inferGenomicType(['TRUE', 'TRUE'], 'BOOLEAN')).toBe('binary');
    expect(inferGenomicType(['TRUE', 'FALSE', 'maybe'], 'BOOLEAN')).toBe('categorical');
  });

  it('with the NUMBER hint, tolerates a few values that are not numbers', () => {
    const values = Array.from({ length: 19 }, (_, i) => String(i * 1.5)).concat(['>90']);
    expect(inferGenomicType(values, 'NUMBER')).toBe('continuous');
    expect(inferGenomicType(values)).toBe('categorical');
    expect(inferGenomicType(['1', '2', 'x', 'y'], 'NUMBER')).toBe('categorical');
  });

  it('handles empty and constant columns', () => {
    expect(inferGenomicType([])).toBe('categorical');
    expect(inferGenomicType([null, 'NA'])).toBe('categorical');
    expect(inferGenomicType(['x', 'x'])).toBe('categorical');
    expect(inferGenomicType(['4', '4'], 'NUMBER')).toBe('continuous');
  });
});

describe('columnSummary', () => {
  it('counts levels, most frequent first, at most 20', () => {
    expect(columnSummary(['b', 'a', 'b', null, 'NA', 'c', 'a'], 'categorical')).toEqual({
      type: 'categorical',
      present: 5,
      missing: 2,
      distinct: 3,
      levels: [
        { level: 'a', n: 2 },
        { level: 'b', n: 2 },
        { level: 'c', n: 1 },
      ],
      otherLevels: 0,
    });
    const many = columnSummary(
      Array.from({ length: 25 }, (_, i) => `L${i}`),
      'categorical',
    );
    expect(
      many.type === 'categorical' && [many.levels.length, many.otherLevels, many.levels[2]?.level],
    ).toEqual([20, 5, 'L2']);
  });

  it('gives min, median and max, and reports values that are not numbers', () => {
    expect(columnSummary(['3', '1', 'x', null, '2', '10', 'x', '<5'], 'continuous')).toEqual({
      type: 'continuous',
      present: 4,
      missing: 4,
      distinct: 4,
      min: 1,
      median: 2.5,
      max: 10,
      unparseable: { count: 3, examples: ['x', '<5'] },
    });
    expect(columnSummary(['5', '1', '3'], 'continuous')).toMatchObject({ median: 3, unparseable: null });
    expect(columnSummary([null], 'continuous')).toMatchObject({
      present: 0,
      missing: 1,
      min: null,
      median: null,
    });
  });
});

describe('genomicVariableValues', () => {
  it('turns a continuous column into numbers', () => {
    expect(
      genomicVariableValues({ id: 'age', label: 'Age', type: 'continuous' }, ['54', 'NA', 'x', '61.5']),
    ).toEqual({
      id: 'age',
      label: 'Age',
      scale: 'continuous',
      values: [54, null, null, 61.5],
    });
  });

  it('orders categorical levels naturally', () => {
    expect(
      genomicVariableValues({ id: 'g', label: 'Grade', type: 'categorical' }, [
        'G10',
        'G2',
        '[Unknown]',
        'G2',
      ]),
    ).toEqual({
      id: 'g',
      label: 'Grade',
      scale: 'categorical',
      levels: ['G2', 'G10'],
      values: ['G10', 'G2', null, 'G2'],
    });
  });

  it('puts the positive level of a binary column first', () => {
    const levels = (values: string[]) => {
      const v = genomicVariableValues({ id: 'x', label: 'x', type: 'binary' }, values);
      return v.scale === 'categorical' ? v.levels : null;
    };
    expect(levels(['wildtype', 'mutated'])).toEqual(['mutated', 'wildtype']);
    expect(levels(['0', '1'])).toEqual(['1', '0']);
    expect(levels(['FALSE', 'TRUE'])).toEqual(['TRUE', 'FALSE']);
    expect(levels(['No', 'Yes'])).toEqual(['Yes', 'No']);
    expect(levels(['WT', 'R132H'])).toEqual(['R132H', 'WT']);
    expect(levels(['Male', 'Female'])).toEqual(['Female', 'Male']);
    expect(orderBinaryLevels(['absent', 'present'])).toEqual(['present', 'absent']);
  });
});
