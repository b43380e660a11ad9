/**
 * One delimited cell (RFC 4180): quoted when needed, and text that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR at the start) prefixed with an apostrophe. Numbers stay numeric.
 *
 * Text that already starts with apostrophes followed by a formula character gets one more
 * apostrophe too, so the prefix can always be removed again without guessing: `unneutralise`
 * drops exactly one leading apostrophe when it is followed by more apostrophes and then a
 * formula character, and leaves every other text alone.
 *
 * The delimiter is a comma (CSV) or a tab (TSV); either way a cell holding the delimiter, a
 * double quote, CR or LF is quoted, with inner double quotes doubled.
 */
export type CellDelimiter = ',' | '\t';

/** Text a spreadsheet would read as a formula, possibly behind apostrophes already added. */
const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r]/;
/** A cell that carries the apostrophe `csvCell` added. */
const HAS_APOSTROPHE = /^''*[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined, delimiter: CellDelimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = NEEDS_APOSTROPHE.test(value) ? `'${value}` : value;
  const special = delimiter === ',' ? /[",\r\n]/ : /["\t\r\n]/;
  return special.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The original text of a parsed text cell: removes the apostrophe `csvCell` put in front of
 * formula-like text. Apply it to text cells only (after the CSV or TSV has been parsed);
 * numbers are never prefixed.
 */
export function unneutralise(cell: string): string {
  return HAS_APOSTROPHE.test(cell) ? cell.slice(1) : cell;
}

export function csvRow(
  values: (string | number | null | undefined)[],
  delimiter: CellDelimiter = ',',
): string {
  return values.map((value) => csvCell(value, delimiter)).join(delimiter);
}
