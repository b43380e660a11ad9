import { csvCell, unneutralise, type CellDelimiter } from './csv-cell';
import type { ExportCell, ExportRow, ExportTable } from './table';

export { unneutralise };

export type DelimitedOptions = { delimiter: CellDelimiter };

/** RFC 4180 ends every record, the header included, with CRLF. */
const EOL = '\r\n';

/** The row's own value for a column; a missing key (or one only inherited) is a missing value. */
function valueOf(row: ExportRow, id: string): ExportCell {
  return Object.hasOwn(row, id) ? (row[id] ?? null) : null;
}

/**
 * One cell of a CSV or TSV export. Numbers are written bare (negatives included) so R, pandas
 * and spreadsheets read them as numbers; booleans as `true`/`false`; null as an empty cell. Text
 * goes through `csvCell`: quoted when it holds the delimiter, a quote, CR or LF, and prefixed with
 * an apostrophe when a spreadsheet would run it as a formula (see `unneutralise`).
 */
export function delimitedCell(value: ExportCell, delimiter: CellDelimiter): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvCell(value, delimiter);
}

/**
 * A CSV (`,`) or TSV (`\t`) export, one line at a time: the header of column ids, then one line
 * per row in column order, each ending in CRLF. Rows are read as they are yielded, never held.
 *
 * Mapping back from a parsed file: an empty cell is null (or an empty text); `true`/`false` in a
 * boolean column are the booleans; number columns parse with `Number`; text cells give the
 * original text through `unneutralise`.
 */
export function* delimitedLines(table: ExportTable, { delimiter }: DelimitedOptions): Generator<string> {
  const ids = table.columns.map((c) => c.id);
  yield line(ids, delimiter);
  for (const row of table.rows) {
    yield line(
      ids.map((id) => valueOf(row, id)),
      delimiter,
    );
  }
}

function line(values: ExportCell[], delimiter: CellDelimiter): string {
  const text = values.map((v) => delimitedCell(v, delimiter)).join(delimiter);
  // A lone empty cell would make a blank line, which R and pandas skip: quote it instead.
  return (values.length === 1 && text === '' ? '""' : text) + EOL;
}
