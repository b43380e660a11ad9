/**
 * How a genomic column is analysed, what it looks like in the preview, and its values as the
 * association tests take them. Pure: raw cell text in, types, summaries and variables out.
 */
import { cellValue } from '@/lib/genomics/missing';
import type { GenomicColumn, GenomicType, Variable } from '@/lib/genomics/types';

/** cBioPortal's attribute datatypes (the third metadata line of a clinical file). */
export type DatatypeHint = 'NUMBER' | 'STRING' | 'BOOLEAN';

/** A numeric column with at most this many distinct integers (a grade 1–4) is categorical, unless marked NUMBER. */
export const FEW_INTEGER_LEVELS = 5;
/** With the NUMBER hint, a column is continuous when at least this share of its values parse (the rest become missing). */
export const NUMBER_HINT_MIN_PARSED = 0.9;
/** Levels listed in a column summary. */
export const SUMMARY_MAX_LEVELS = 20;
const UNPARSEABLE_EXAMPLES = 5;

/** Plain decimal numbers, with an optional sign and exponent: no thousands separators, hex, Infinity or NaN. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a cell holds, or null (missing or not a number). */
export function parseNumber(text: string | null | undefined): number | null {
  const value = cellValue(text);
  if (value === null || !NUMBER.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Natural order: numbers by value when both sides are numbers, else text with digit runs compared as numbers. */
export function compareNatural(a: string, b: string): number {
  const x = parseNumber(a);
  const y = parseNumber(b);
  if (x !== null && y !== null && x !== y) return x - y;
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The type a column's values suggest:
 * - `binary` with exactly two distinct values (of any kind: 0/1, TRUE/FALSE, mutated/wildtype…),
 *   or at most two with the BOOLEAN hint;
 * - `continuous` when every value is a number and there are more than two distinct values, except
 *   for a few distinct integers (≤ 5, e.g. a grade 1–4) which are `categorical` unless the hint
 *   is NUMBER; with the NUMBER hint, 90% of the values parsing is enough (the rest become missing);
 * - `categorical` otherwise, and always with the STRING hint.
 */
export function inferGenomicType(values: readonly (string | null)[], hint?: DatatypeHint): GenomicType {
  const present = values.map(cellValue).filter((v): v is string => v !== null);
  const distinct = new Set(present);
  if (distinct.size === 2) return 'binary';
  if (hint === 'BOOLEAN' && distinct.size < 2) return 'binary';
  if (hint === 'STRING' || hint === 'BOOLEAN' || present.length === 0) return 'categorical';

  const numbers = present.map(parseNumber).filter((n): n is number => n !== null);
  const distinctNumbers = new Set(numbers);
  if (numbers.length === present.length) {
    if (hint === 'NUMBER') return 'continuous';
    if (distinctNumbers.size <= 2) return 'categorical';
    const integers = numbers.every(Number.isInteger);
    return integers && distinctNumbers.size <= FEW_INTEGER_LEVELS ? 'categorical' : 'continuous';
  }
  if (
    hint === 'NUMBER' &&
    numbers.length >= NUMBER_HINT_MIN_PARSED * present.length &&
    distinctNumbers.size > 0
  )
    return 'continuous';
  return 'categorical';
}

export type LevelCount = { level: string; n: number };

/** What the preview shows for a column. */
export type GenomicColumnSummary =
  | {
      type: 'categorical' | 'binary';
      /** Cells with a value. */
      present: number;
      /** Empty cells and missing-value tokens. */
      missing: number;
      distinct: number;
      /** Up to 20 levels, most frequent first (ties in natural order). */
      levels: LevelCount[];
      /** Levels not listed. */
      otherLevels: number;
    }
  | {
      type: 'continuous';
      /** Cells holding a number. */
      present: number;
      /** Empty cells, missing-value tokens and values that are not numbers. */
      missing: number;
      distinct: number;
      min: number | null;
      median: number | null;
      max: number | null;
      /** Values that are not numbers and are counted as missing, with a few examples; null when none. */
      unparseable: { count: number; examples: string[] } | null;
    };

/** A column's counts for the preview, read as the given type. */
export function columnSummary(values: readonly (string | null)[], type: GenomicType): GenomicColumnSummary {
  const cells = values.map(cellValue);
  if (type === 'continuous') {
    const numbers: number[] = [];
    let unparseableCount = 0;
    const examples = new Set<string>();
    for (const cell of cells) {
      if (cell === null) continue;
      const n = parseNumber(cell);
      if (n !== null) numbers.push(n);
      else {
        unparseableCount += 1;
        if (examples.size < UNPARSEABLE_EXAMPLES) examples.add(cell);
      }
    }
    numbers.sort((a, b) => a - b);
    const n = numbers.length;
    const median =
      n === 0 ? null : n % 2 ? numbers[(n - 1) / 2]! : (numbers[n / 2 - 1]! + numbers[n / 2]!) / 2;
    return {
      type,
      present: n,
      missing: values.length - n,
      distinct: new Set(numbers).size,
      min: n ? numbers[0]! : null,
      median,
      max: n ? numbers[n - 1]! : null,
      unparseable: unparseableCount ? { count: unparseableCount, examples: [...examples] } : null,
    };
  }
  const counts = new Map<string, number>();
  for (const cell of cells) if (cell !== null) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const levels = [...counts]
    .map(([level, n]) => ({ level, n }))
    .sort((a, b) => b.n - a.n || compareNatural(a.level, b.level));
  const present = levels.reduce((sum, l) => sum + l.n, 0);
  return {
    type,
    present,
    missing: values.length - present,
    distinct: levels.length,
    levels: levels.slice(0, SUMMARY_MAX_LEVELS),
    otherLevels: Math.max(0, levels.length - SUMMARY_MAX_LEVELS),
  };
}

/** Levels read as "the feature is there"; they come first in a binary variable. */
const POSITIVE_LEVELS = new Set([
  'mutated',
  'mutant',
  'mut',
  'yes',
  'y',
  'true',
  '1',
  'positive',
  'pos',
  '+',
  'present',
  'altered',
]);
/** Levels read as "the feature is absent"; they come last. */
const NEGATIVE_LEVELS = new Set([
  'wildtype',
  'wild-type',
  'wild type',
  'wt',
  'no',
  'n',
  'false',
  '0',
  'negative',
  'neg',
  '-',
  'absent',
  'unaltered',
  'not mutated',
]);

function polarity(level: string): number {
  const key = level.trim().toLowerCase();
  return POSITIVE_LEVELS.has(key) ? 0 : NEGATIVE_LEVELS.has(key) ? 2 : 1;
}

/** Levels in natural order (numbers by value). */
export function sortLevels(levels: Iterable<string>): string[] {
  return [...new Set(levels)].sort(compareNatural);
}

/**
 * The levels of a binary column: a recognisable "positive" level (mutated, yes, true, 1,
 * positive, present, altered, …) first, a recognisable "negative" one (wildtype, no, false, 0, …)
 * last, otherwise natural order.
 */
export function orderBinaryLevels(levels: Iterable<string>): string[] {
  return sortLevels(levels).sort((a, b) => polarity(a) - polarity(b));
}

/**
 * A genomic column as the association tests take it, for the given raw values (usually one per
 * joined subject, in the order of the join): numbers for a continuous column (text that is not a
 * number becomes null), levels for a categorical or binary one (natural order; a binary column's
 * positive level first). Missing tokens become null.
 */
export function genomicVariableValues(
  column: Pick<GenomicColumn, 'id' | 'label' | 'type'>,
  values: readonly (string | null)[],
): Variable {
  const { id, label } = column;
  if (column.type === 'continuous')
    return { id, label, scale: 'continuous', values: values.map(parseNumber) };
  const cells = values.map(cellValue);
  const present = cells.filter((v): v is string => v !== null);
  const levels = column.type === 'binary' ? orderBinaryLevels(present) : sortLevels(present);
  return { id, label, scale: 'categorical', levels, values: cells };
}
