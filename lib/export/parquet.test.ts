import { Writable } from 'node:stream';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { PARQUET_ROW_GROUP_SIZE, writeParquet } from './parquet.server';
import type { ExportColumn, ExportRow, ExportTable } from './table';

const columns: ExportColumn[] = [
  { id: 'case_key', label: 'Case', type: 'string' },
  { id: 'session', label: 'Session', type: 'integer' },
  { id: 'score', label: 'Score', type: 'number' },
  { id: 'enhancing', label: 'Enhancing', type: 'boolean' },
  { id: 'submitted_at', label: 'Submitted at', type: 'datetime' },
];

const BASE = Date.UTC(2024, 0, 15, 9, 30, 0, 0);
const WORDS = ['frontal', 'Ödem', '脳腫瘍', 'ɑ→β ≤ 5%', '', 'line\nbreak', '=SUM(A1)', '🧠 lesion'];

/** A row with every type; some rows have nulls (or missing keys), negatives and unicode. */
function rowAt(i: number): ExportRow {
  if (i % 97 === 0) {
    return { case_key: null, session: null, score: null, enhancing: null, submitted_at: null };
  }
  if (i % 101 === 0) return {}; // every key missing: all null
  return {
    case_key: `case-${i}-${WORDS[i % WORDS.length]}`,
    session: i % 3 === 0 ? -i : i,
    score: i % 5 === 0 ? -(i / 7) : i * 0.125,
    enhancing: i % 2 === 0,
    submitted_at: new Date(BASE + i * 61_001).toISOString(),
  };
}

/** What each row reads back as: nulls for missing keys, instants as Dates. */
function expected(i: number): Record<string, unknown> {
  const row = rowAt(i);
  const out: Record<string, unknown> = {};
  for (const { id } of columns) out[id] = row[id] ?? null;
  if (typeof out.submitted_at === 'string') out.submitted_at = new Date(out.submitted_at);
  return out;
}

function table(count: number, onRow?: (i: number) => void): ExportTable {
  return {
    columns,
    rows: (function* () {
      for (let i = 0; i < count; i++) {
        onRow?.(i);
        yield rowAt(i);
      }
    })(),
  };
}

/** A sink that keeps every chunk. */
function memorySink() {
  const chunks: Uint8Array[] = [];
  return {
    chunks,
    write(chunk: Uint8Array) {
      chunks.push(chunk);
    },
    bytes(): ArrayBuffer {
      const all = Buffer.concat(chunks);
      return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    },
  };
}

async function readBack(file: ArrayBuffer) {
  return parquetReadObjects({ file });
}

describe('writeParquet', () => {
  it('round-trips every type, nulls and unicode across several row groups', async () => {
    const sink = memorySink();
    const result = await writeParquet(table(25_000), sink, { rowGroupSize: 10_000 });
    const file = sink.bytes();
    expect(result).toEqual({ rows: 25_000, bytes: file.byteLength });

    const metadata = parquetMetadata(file);
    expect(Number(metadata.num_rows)).toBe(25_000);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([10_000, 10_000, 5_000]);
    expect(metadata.created_by).toBe('Annolex');

    const rows = await readBack(file);
    expect(rows).toHaveLength(25_000);
    for (let i = 0; i < rows.length; i++) {
      const got = rows[i]!;
      const want = expected(i);
      // Compare instants explicitly, then everything else exactly.
      const gotAt = got.submitted_at as Date | null;
      const wantAt = want.submitted_at as Date | null;
      expect(gotAt === null ? null : gotAt.getTime(), `row ${i}`).toBe(
        wantAt === null ? null : wantAt.getTime(),
      );
      expect({ ...got, submitted_at: null }, `row ${i}`).toEqual({ ...want, submitted_at: null });
    }
    // Spot checks of the awkward values.
    expect(rows[8]!.case_key).toBe('case-8-frontal');
    expect(rows[2]!.case_key).toBe('case-2-脳腫瘍');
    expect(rows[7]!.case_key).toBe('case-7-🧠 lesion');
    expect(rows[3]!.session).toBe(-3);
    expect(rows[5]!.score).toBe(-5 / 7);
    expect(rows[97]!.case_key).toBeNull();
    expect(rows[101]!.enhancing).toBeNull();
  });

  it('writes the physical and logical types of each column, all optional', async () => {
    const sink = memorySink();
    await writeParquet(table(10), sink);
    const { schema } = parquetMetadata(sink.bytes());
    expect(schema[0]).toMatchObject({ name: 'root', num_children: 5 });
    const byName = Object.fromEntries(schema.slice(1).map((e) => [e.name, e]));
    expect(byName.case_key).toMatchObject({
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      logical_type: { type: 'STRING' },
      repetition_type: 'OPTIONAL',
    });
    expect(byName.session).toMatchObject({ type: 'INT32', repetition_type: 'OPTIONAL' });
    expect(byName.score).toMatchObject({ type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    expect(byName.enhancing).toMatchObject({ type: 'BOOLEAN', repetition_type: 'OPTIONAL' });
    expect(byName.submitted_at).toMatchObject({
      type: 'INT64',
      converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      repetition_type: 'OPTIONAL',
    });
  });

  it('writes a valid file for a table without rows', async () => {
    const sink = memorySink();
    const result = await writeParquet({ columns, rows: [] }, sink);
    const file = sink.bytes();
    expect(result).toEqual({ rows: 0, bytes: file.byteLength });
    const metadata = parquetMetadata(file);
    expect(Number(metadata.num_rows)).toBe(0);
    expect(metadata.row_groups).toEqual([]);
    expect(metadata.schema.slice(1).map((e) => e.name)).toEqual(columns.map((c) => c.id));
    expect(await readBack(file)).toEqual([]);
  });

  it('reads the next rows only after the previous group has gone to the sink', async () => {
    let pulled = 0;
    const pulledAtWrite: number[] = [];
    const sink = memorySink();
    await writeParquet(
      table(2_500, (i) => (pulled = i + 1)),
      {
        write(chunk) {
          pulledAtWrite.push(pulled);
          sink.write(chunk);
        },
      },
      { rowGroupSize: 1_000 },
    );
    // Each group (the first with the file header) leaves before rows of the next are read.
    expect(pulledAtWrite[0]).toBe(1_000);
    expect(new Set(pulledAtWrite)).toEqual(new Set([1_000, 2_000, 2_500]));
    expect(await readBack(sink.bytes())).toHaveLength(2_500);
  });

  it('hands a large row group to the sink in pieces', async () => {
    let seed = 12345;
    const noise = () => {
      let s = '';
      for (let i = 0; i < 256; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += (seed >>> 8).toString(16).padStart(4, '0').slice(-4);
      }
      return s;
    };
    const values = Array.from({ length: 6_000 }, noise);
    const sink = memorySink();
    await writeParquet(
      { columns: [{ id: 'note', label: 'Note', type: 'string' }], rows: values.map((note) => ({ note })) },
      sink,
    );
    expect(sink.chunks.length).toBeGreaterThan(2);
    expect(Math.max(...sink.chunks.map((c) => c.byteLength))).toBeLessThanOrEqual(1024 * 1024);
    expect((await readBack(sink.bytes())).map((r) => r.note)).toEqual(values);
  });

  it('honours the backpressure of a slow Node stream and awaits promises from write', async () => {
    const received: Buffer[] = [];
    let writing = 0;
    let overlapped = false;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        writing++;
        if (writing > 1) overlapped = true;
        setTimeout(() => {
          received.push(chunk);
          writing--;
          callback();
        }, 1);
      },
    });
    const result = await writeParquet(table(3_000), slow, { rowGroupSize: 500 });
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(overlapped).toBe(false);
    const all = Buffer.concat(received);
    expect(result.bytes).toBe(all.byteLength);
    const rows = await readBack(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
    expect(rows).toHaveLength(3_000);
    expect(rows[1_234]!.case_key).toBe(expected(1_234).case_key);

    const chunks: Uint8Array[] = [];
    let pending = 0;
    const asyncResult = await writeParquet(
      table(1_200),
      {
        write(chunk) {
          pending++;
          return new Promise<void>((resolve) =>
            setTimeout(() => {
              chunks.push(chunk);
              pending--;
              resolve();
            }, 1),
          );
        },
      },
      { rowGroupSize: 400 },
    );
    expect(pending).toBe(0);
    expect(asyncResult.bytes).toBe(Buffer.concat(chunks).byteLength);
  });

  it('keeps the instant of a date-time written with an offset', async () => {
    const sink = memorySink();
    await writeParquet(
      {
        columns: [{ id: 'at', label: 'At', type: 'datetime' }],
        rows: [
          { at: '2024-03-31T01:30:00+02:00' },
          { at: '2024-03-30T23:30:00.250Z' },
          { at: '1969-12-31T23:59:59.999Z' },
        ],
      },
      sink,
    );
    const rows = await readBack(sink.bytes());
    expect(rows.map((r) => (r.at as Date).toISOString())).toEqual([
      '2024-03-30T23:30:00.000Z',
      '2024-03-30T23:30:00.250Z',
      '1969-12-31T23:59:59.999Z',
    ]);
  });

  it('writes numbers and booleans in a string column as the CSV export does', async () => {
    const sink = memorySink();
    await writeParquet(
      { columns: [{ id: 'v', label: 'V', type: 'string' }], rows: [{ v: 3 }, { v: true }, { v: -0.5 }] },
      sink,
    );
    expect((await readBack(sink.bytes())).map((r) => r.v)).toEqual(['3', 'true', '-0.5']);
  });

  it('refuses cells that do not fit their column type', async () => {
    const one = (type: ExportColumn['type'], value: ExportRow[string]) =>
      writeParquet({ columns: [{ id: 'c', label: 'C', type }], rows: [{ c: value }] }, memorySink());
    await expect(one('integer', 1.5)).rejects.toThrow(/row 1, column c \(integer\)/);
    await expect(one('integer', 2 ** 31)).rejects.toThrow(/32-bit/);
    await expect(one('integer', '3')).rejects.toThrow(/an integer/);
    await expect(one('number', 'x')).rejects.toThrow(/a number/);
    await expect(one('boolean', 1)).rejects.toThrow(/a boolean/);
    await expect(one('datetime', '2024-01-01T10:00:00')).rejects.toThrow(/time zone/);
    await expect(one('datetime', '2024-13-45T10:00:00Z')).rejects.toThrow(/valid date-time/);
    await expect(one('datetime', 1_700_000_000_000)).rejects.toThrow(/ISO 8601/);
    await expect(one('integer', -(2 ** 31))).resolves.toEqual(expect.objectContaining({ rows: 1 }));
  });

  it('refuses a bad row group size, duplicate column ids and a table without columns', async () => {
    await expect(writeParquet(table(1), memorySink(), { rowGroupSize: 0 })).rejects.toThrow(/row group size/);
    await expect(
      writeParquet(
        {
          columns: [
            { id: 'a', label: 'A', type: 'string' },
            { id: 'a', label: 'A again', type: 'string' },
          ],
          rows: [],
        },
        memorySink(),
      ),
    ).rejects.toThrow(/share the name a/);
    await expect(writeParquet({ columns: [], rows: [] }, memorySink())).rejects.toThrow(
      /at least one column/,
    );
    expect(PARQUET_ROW_GROUP_SIZE).toBe(10_000);
  });
});
