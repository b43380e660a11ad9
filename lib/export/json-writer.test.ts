import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-writer';
import type { ExportColumn, ExportRow, ExportTable } from './table';

const COLUMNS: ExportColumn[] = [
  { id: 'patient_id', label: 'Patient', type: 'string', description: 'Patient identifier' },
  { id: 'f5_enhancement', label: 'Enhancement quality', type: 'string' },
  { id: 'f6_proportion_enhancing', label: 'Proportion enhancing', type: 'number' },
  { id: 'necrosis', label: 'Necrosis', type: 'boolean' },
];

const json = (table: ExportTable) => [...jsonChunks(table)].join('');

describe('jsonChunks', () => {
  it('writes columns and rows keyed by column id, nulls kept', () => {
    const rows: ExportRow[] = [
      { patient_id: 'TCGA-02-0001', f5_enhancement: 'marked', f6_proportion_enhancing: 0.35, necrosis: true },
      { patient_id: 'TCGA-02-0002', f5_enhancement: null, necrosis: false, ignored: 'not a column' },
    ];
    const doc = JSON.parse(json({ columns: COLUMNS, rows }));
    expect(doc).toEqual({
      columns: COLUMNS,
      rows: [
        {
          patient_id: 'TCGA-02-0001',
          f5_enhancement: 'marked',
          f6_proportion_enhancing: 0.35,
          necrosis: true,
        },
        { patient_id: 'TCGA-02-0002', f5_enhancement: null, f6_proportion_enhancing: null, necrosis: false },
      ],
    });
    expect(Object.keys(doc.rows[1])).toEqual(COLUMNS.map((c) => c.id));
  });

  it('is valid JSON with zero rows', () => {
    expect(JSON.parse(json({ columns: COLUMNS, rows: [] }))).toEqual({ columns: COLUMNS, rows: [] });
    expect(JSON.parse(json({ columns: [], rows: [] }))).toEqual({ columns: [], rows: [] });
  });

  it('writes non-finite numbers as null and treats awkward ids as plain keys', () => {
    const columns: ExportColumn[] = [
      { id: '__proto__', label: 'P', type: 'string' },
      { id: 'constructor', label: 'C', type: 'number' },
      { id: 'x "quoted"\n', label: 'Q', type: 'number' },
    ];
    const doc = JSON.parse(json({ columns, rows: [{ ['x "quoted"\n']: Number.NaN }] }));
    expect(doc.rows).toHaveLength(1);
    expect(Object.getOwnPropertyNames(doc.rows[0])).toEqual(['__proto__', 'constructor', 'x "quoted"\n']);
    expect(Object.values(doc.rows[0])).toEqual([null, null, null]);
  });

  it('streams one chunk per row, reading rows only as asked', () => {
    let pulled = 0;
    function* endless(): Generator<ExportRow> {
      for (let i = 0; ; i++) {
        pulled++;
        yield { patient_id: `P${i}` };
      }
    }
    const chunks = jsonChunks({ columns: COLUMNS.slice(0, 1), rows: endless() });
    chunks.next();
    expect(pulled).toBe(0);
    expect(chunks.next().value).toBe('\n{"patient_id":"P0"}');
    expect(chunks.next().value).toBe(',\n{"patient_id":"P1"}');
    expect(pulled).toBe(2);
  });

  it('round-trips any values through JSON.parse', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom('"', '\\', '\u2028', '</script>', '😀', 'שלום'),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 10 }),
        (ids, cells) => {
          const columns: ExportColumn[] = ids.map((id) => ({ id, label: id, type: 'string' }));
          const rows = cells.map((values) => Object.fromEntries(ids.map((id, i) => [id, values[i]!])));
          const doc = JSON.parse(json({ columns, rows }));
          expect(doc.columns).toEqual(columns);
          expect(doc.rows).toHaveLength(rows.length);
          doc.rows.forEach((row: Record<string, unknown>, r: number) => {
            ids.forEach((id, i) => expect(row[id]).toEqual(cells[r]![i]));
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
