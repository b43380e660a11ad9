import type { ExportCell, ExportColumn, ExportRow, ExportTable } from './table';

/** The row's own value for a column; a missing key (or one only inherited) is null. */
function valueOf(row: ExportRow, id: string): ExportCell {
  return Object.hasOwn(row, id) ? (row[id] ?? null) : null;
}

/** A column as the JSON document describes it: id, label, type and, when there is one, description. */
function columnJson(column: ExportColumn): string {
  const { id, label, type, description } = column;
  return JSON.stringify(description === undefined ? { id, label, type } : { id, label, type, description });
}

/**
 * A row as one JSON object keyed by column id, in column order, every column present (missing
 * values as null). Built by hand so a column id such as `__proto__` is an ordinary key.
 * Non-finite numbers have no JSON form and become null, as JSON.stringify writes them.
 */
function rowJson(row: ExportRow, ids: string[]): string {
  return `{${ids.map((id) => `${JSON.stringify(id)}:${JSON.stringify(valueOf(row, id))}`).join(',')}}`;
}

/**
 * A JSON export, one chunk at a time: `{"columns":[...],"rows":[{...},...]}` with one chunk per
 * row, so a table of any size streams without being held. The document is valid JSON for any
 * number of rows, zero included.
 */
export function* jsonChunks(table: ExportTable): Generator<string> {
  const ids = table.columns.map((c) => c.id);
  yield `{"columns":[${table.columns.map(columnJson).join(',')}],"rows":[`;
  let first = true;
  for (const row of table.rows) {
    yield `${first ? '\n' : ',\n'}${rowJson(row, ids)}`;
    first = false;
  }
  yield first ? ']}\n' : '\n]}\n';
}
