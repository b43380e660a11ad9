import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv-cell';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['+1', "'+1"],
  ])('%j → %j', (input, expected) => expect(csvCell(input)).toBe(expected));

  it('keeps numbers numeric, negatives included, and leaves missing values empty', () => {
    expect(csvRow([-0.25, 3, null, undefined, Number.NaN])).toBe('-0.25,3,,,');
  });
});
