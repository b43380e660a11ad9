import 'server-only';
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { ExportCell, ExportColumn, ExportRow, ExportTable } from './table';

/**
 * A Parquet export: one typed, nullable column per export column, written row group by row
 * group so a table of any size streams through bounded memory.
 *
 * Column types, as R (arrow), pandas and DuckDB read them:
 * - string   → BYTE_ARRAY, UTF8 / STRING: character, object/string.
 * - integer  → INT32 (signed): R's own integer type; int32 in pandas (float64 when it has
 *              nulls, unless nullable dtypes are asked for). Annolex's integer columns
 *              (sessions, counts, 0/1 option flags, lesion indexes) are small; a value outside
 *              the 32-bit range stops the export with an error rather than being cut.
 * - number   → DOUBLE. NaN and ±Infinity are kept as such.
 * - boolean  → BOOLEAN.
 * - datetime → INT64, TIMESTAMP(MILLIS, adjusted to UTC) (legacy TIMESTAMP_MILLIS as well):
 *              POSIXct in UTC, datetime64[ms, UTC]. Cells are ISO 8601 texts with a time zone
 *              (`Z` or `±hh:mm`), as Annolex writes them; finer than a millisecond is truncated.
 * Every column is OPTIONAL: a null (or missing) cell is a Parquet null.
 */

/**
 * Where the file goes. A Node Writable is written to in chunks and its backpressure honoured
 * (`false` from `write` waits for `drain`); any other object with `write` works too, and a
 * promise returned by its `write` is awaited before more rows are read. The sink is not ended.
 */
export type ParquetSink = { write(chunk: Uint8Array): unknown };

export type ParquetOptions = {
  /** Rows per row group (default 10 000): at most this many rows are held at a time. */
  rowGroupSize?: number;
  /** The file's `created_by` (default `Annolex`). */
  createdBy?: string;
};

export type ParquetResult = { rows: number; bytes: number };

export const PARQUET_ROW_GROUP_SIZE = 10_000;

/** Bytes gathered before they are handed to the sink within a row group. */
const CHUNK_BYTES = 1024 * 1024;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** A date-time with a zone designator; without one the instant would depend on the server's zone. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The Parquet schema element of one export column. */
export function parquetSchemaElement(column: ExportColumn): SchemaElement {
  const base = { name: column.id, repetition_type: 'OPTIONAL' } as const;
  switch (column.type) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'integer':
      return { ...base, type: 'INT32' };
    case 'number':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'datetime':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
  }
}

function parquetSchema(columns: ExportColumn[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(parquetSchemaElement)];
}

/** The row's own value for a column; a missing key (or one only inherited) is null. */
function valueOf(row: ExportRow, id: string): ExportCell {
  return Object.hasOwn(row, id) ? (row[id] ?? null) : null;
}

type ParquetValue = string | number | boolean | Date | null;

function mismatch(column: ExportColumn, row: number, value: ExportCell, expected: string): Error {
  return new Error(
    `Parquet export: row ${row + 1}, column ${column.id} (${column.type}) holds ${JSON.stringify(value)}, not ${expected}`,
  );
}

/**
 * One cell as the Parquet column stores it. A string column also takes numbers and booleans,
 * written as the CSV export writes them; every other mismatch is an error naming the cell.
 */
function parquetValue(column: ExportColumn, value: ExportCell, row: number): ParquetValue {
  if (value === null) return null;
  switch (column.type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      return String(value);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw mismatch(column, row, value, 'an integer');
      if (value < INT32_MIN || value > INT32_MAX) throw mismatch(column, row, value, 'a 32-bit integer');
      return value;
    case 'number':
      if (typeof value !== 'number') throw mismatch(column, row, value, 'a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(column, row, value, 'a boolean');
      return value;
    case 'datetime': {
      if (typeof value !== 'string' || !ISO_DATETIME.test(value)) {
        throw mismatch(column, row, value, 'an ISO 8601 date-time with a time zone');
      }
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) throw mismatch(column, row, value, 'a valid date-time');
      return new Date(ms);
    }
  }
}

/** What a Node Writable adds to `write`, as far as waiting for it goes. */
type Backpressure = {
  destroyed?: boolean;
  writableNeedDrain?: boolean;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
};

/** Resolves on the sink's next `drain`; rejects if it errors or closes first. */
function drained(sink: Required<Pick<Backpressure, 'once' | 'removeListener'>>): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      sink.removeListener('drain', onDrain);
      sink.removeListener('error', onError);
      sink.removeListener('close', onClose);
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onDrain = () => settle();
    const onError = (error: unknown) => settle(error ?? new Error('The Parquet output failed'));
    const onClose = () => settle(new Error('The Parquet output closed before the file was written'));
    sink.once('drain', onDrain);
    sink.once('error', onError);
    sink.once('close', onClose);
  });
}

/**
 * The Parquet writer's byte buffer, emptied into the sink before it would pass CHUNK_BYTES (a
 * larger page goes out on its own) and after each row group. `flush` (called after each row
 * group) and `finish` wait for the sink before the writer goes on.
 */
class SinkWriter extends ByteWriter {
  private waits: Promise<unknown>[] = [];
  private needsDrain = false;

  constructor(private readonly sink: ParquetSink) {
    super(64 * 1024);
  }

  override ensure(size: number): void {
    if (this.index > 0 && this.index + size > CHUNK_BYTES) this.emit();
    super.ensure(size);
  }

  private emit(): void {
    if (this.index === 0) return;
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    const result = this.sink.write(chunk);
    if (result === false) this.needsDrain = true;
    else if (result instanceof Promise) {
      // Awaited in settle(); marked handled now so a failure cannot surface as unhandled first.
      result.catch(() => {});
      this.waits.push(result);
    }
  }

  private async settle(): Promise<void> {
    const waits = this.waits;
    this.waits = [];
    await Promise.all(waits);
    const sink = this.sink as ParquetSink & Backpressure;
    if (!this.needsDrain) return;
    this.needsDrain = false;
    if (sink.destroyed) throw new Error('The Parquet output closed before the file was written');
    if (sink.writableNeedDrain === false) return;
    if (typeof sink.once === 'function' && typeof sink.removeListener === 'function') {
      await drained(sink as Required<Pick<Backpressure, 'once' | 'removeListener'>>);
    }
  }

  flush(): Promise<void> {
    this.emit();
    return this.settle();
  }

  override finish(): Promise<void> {
    this.emit();
    return this.settle();
  }

  override getBuffer(): ArrayBuffer {
    throw new Error('A streamed Parquet file has no buffer');
  }

  override getBytes(): Uint8Array<ArrayBuffer> {
    throw new Error('A streamed Parquet file has no buffer');
  }
}

/**
 * Writes `table` as a Parquet file (Snappy-compressed) to `out`. Rows are read `rowGroupSize`
 * at a time and each group is written, and the sink waited for, before more rows are read.
 * A table without rows still gives a valid file holding the schema.
 */
export async function writeParquet(
  table: ExportTable,
  out: ParquetSink,
  options: ParquetOptions = {},
): Promise<ParquetResult> {
  const rowGroupSize = options.rowGroupSize ?? PARQUET_ROW_GROUP_SIZE;
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new Error(`Parquet row group size must be a positive integer, not ${rowGroupSize}`);
  }
  const columns = table.columns;
  if (columns.length === 0) throw new Error('A Parquet file needs at least one column');
  const ids = new Set<string>();
  for (const { id } of columns) {
    if (ids.has(id)) throw new Error(`Two Parquet columns would share the name ${id}`);
    ids.add(id);
  }

  const writer = new SinkWriter(out);
  const parquet = new ParquetWriter({
    writer,
    schema: parquetSchema(columns),
    codec: 'SNAPPY',
    createdBy: options.createdBy ?? 'Annolex',
  });

  let buffers: ParquetValue[][] = columns.map(() => []);
  let buffered = 0;
  let rows = 0;
  const writeGroup = async () => {
    const columnData: ColumnSource[] = columns.map((c, i) => ({ name: c.id, data: buffers[i] ?? [] }));
    buffers = columns.map(() => []);
    const size = buffered;
    buffered = 0;
    await parquet.write({ columnData, rowGroupSize: size });
  };

  for (const row of table.rows) {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      buffers[i]!.push(parquetValue(column, valueOf(row, column.id), rows));
    }
    buffered++;
    rows++;
    if (buffered >= rowGroupSize) await writeGroup();
  }
  if (buffered > 0) await writeGroup();
  await parquet.finish();
  return { rows, bytes: writer.offset };
}
