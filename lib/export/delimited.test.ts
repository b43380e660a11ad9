import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from './csv-cell';
import { delimitedCell, delimitedLines, unneutralise } from './delimited';
import type { ExportColumn, ExportRow, ExportTable } from './table';

const COLUMNS: ExportColumn[] = [
  { id: 'patient_id', label: 'Patient', type: 'string' },
  { id: 'age', label: 'Age', type: 'integer' },
  { id: 'enhancement', label: 'Enhancement', type: 'number' },
  { id: 'necrosis', label: 'Necrosis', type: 'boolean' },
  { id: 'note', label: 'Note', type: 'string' },
  { id: 'read_at', label: 'Read at', type: 'datetime' },
];

const ROWS: ExportRow[] = [
  {
    patient_id: 'TCGA-02-0001',
    age: 54,
    enhancement: -0.25,
    necrosis: true,
    note: 'ring, "thick"',
    read_at: '2024-03-01T10:00:00Z',
  },
  { patient_id: 'TCGA-02-0002', age: null, enhancement: 3, necrosis: false, note: '=HYPERLINK("x")' },
];

const text = (table: ExportTable, delimiter: ',' | '\t') =>
  [...delimitedLines(table, { delimiter })].join('');
const parseText = (out: string, delimiter: ',' | '\t'): string[][] => parse(out, { delimiter });

const FORMULA_START = /^[=+\-@\t\r]/;

describe('delimitedLines', () => {
  it('writes the header of column ids and one CRLF-terminated line per row (CSV)', () => {
    expect([...delimitedLines({ columns: COLUMNS, rows: ROWS }, { delimiter: ',' })]).toEqual([
      'patient_id,age,enhancement,necrosis,note,read_at\r\n',
      'TCGA-02-0001,54,-0.25,true,"ring, ""thick""",2024-03-01T10:00:00Z\r\n',
      `TCGA-02-0002,,3,false,"'=HYPERLINK(""x"")",\r\n`,
    ]);
  });

  it('writes TSV with tabs, quoting tabs, quotes and line breaks but not commas', () => {
    const table: ExportTable = {
      columns: [
        { id: 'a', label: 'A', type: 'string' },
        { id: 'b', label: 'B', type: 'number' },
      ],
      rows: [
        { a: 'x,y', b: -1 },
        { a: 'tab\there', b: 2.5 },
        { a: 'two\r\nlines', b: null },
        { a: '\tlead', b: 0 },
      ],
    };
    expect(text(table, '\t')).toBe(
      'a\tb\r\nx,y\t-1\r\n"tab\there"\t2.5\r\n"two\r\nlines"\t\r\n"\'\tlead"\t0\r\n',
    );
    expect(parseText(text(table, '\t'), '\t')).toEqual([
      ['a', 'b'],
      ['x,y', '-1'],
      ['tab\there', '2.5'],
      ['two\r\nlines', ''],
      ["'\tlead", '0'],
    ]);
  });

  it('reads missing keys, inherited keys and non-finite numbers as empty cells', () => {
    const table: ExportTable = {
      columns: [
        { id: 'constructor', label: 'C', type: 'string' },
        { id: 'n', label: 'N', type: 'number' },
      ],
      rows: [{}, { n: Number.NaN }, { n: Number.POSITIVE_INFINITY }],
    };
    expect(text(table, ',')).toBe('constructor,n\r\n,\r\n,\r\n,\r\n');
  });

  it('quotes a lone empty cell so the row is not a blank line', () => {
    const table: ExportTable = {
      columns: [{ id: 'x', label: 'X', type: 'string' }],
      rows: [{ x: null }, { x: '' }],
    };
    const out = text(table, ',');
    expect(out).toBe('x\r\n""\r\n""\r\n');
    expect(parseText(out, ',')).toEqual([['x'], [''], ['']]);
  });

  it('writes only the header for an empty table', () => {
    expect(text({ columns: COLUMNS, rows: [] }, ',')).toBe(
      'patient_id,age,enhancement,necrosis,note,read_at\r\n',
    );
  });

  it('streams: reads a row only when its line is asked for', () => {
    let pulled = 0;
    function* endless(): Generator<ExportRow> {
      for (let i = 0; ; i++) {
        pulled++;
        yield { patient_id: `P${i}`, age: i };
      }
    }
    const lines = delimitedLines({ columns: COLUMNS.slice(0, 2), rows: endless() }, { delimiter: ',' });
    expect(lines.next().value).toBe('patient_id,age\r\n');
    expect(pulled).toBe(0);
    expect(lines.next().value).toBe('P0,0\r\n');
    expect(lines.next().value).toBe('P1,1\r\n');
    expect(pulled).toBe(2);
  });

  it('keeps csvCell unchanged for CSV and quotes by delimiter', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a,b', '\t')).toBe('a,b');
    expect(csvCell('a\tb')).toBe('a\tb');
    expect(csvCell('a\tb', '\t')).toBe('"a\tb"');
    expect(delimitedCell(true, ',')).toBe('true');
    expect(delimitedCell(false, '\t')).toBe('false');
    expect(delimitedCell(-7, ',')).toBe('-7');
    expect(delimitedCell('-7', ',')).toBe("'-7");
  });
});

describe('unneutralise', () => {
  it.each([
    ["'=1+1", '=1+1'],
    ["'@SUM(A1)", '@SUM(A1)'],
    ["'-2+3", '-2+3'],
    ["'+1", '+1'],
    ["''=1", "'=1"],
    ["'plain", "'plain"],
    ["'", "'"],
    ['plain', 'plain'],
    ['', ''],
  ])('%j → %j', (cell, original) => expect(unneutralise(cell)).toBe(original));

  it('undoes the apostrophe added in front of text that already starts with one', () => {
    for (const original of ["'=1", "''+x", "'@", "'\t"]) {
      expect(unneutralise(csvCell(original, '\t').replace(/^"|"$/g, ''))).toBe(original);
    }
  });
});

/** Text built to look like formulas, break quoting, or confuse the parser. */
const HOSTILE_PIECES = [
  '=1+1',
  '@SUM(A1)',
  '-2+3',
  '+1',
  '=',
  '-',
  "'",
  "'=",
  '"',
  '""',
  ',',
  '\t',
  '\r',
  '\n',
  '\r\n',
  ' ',
  'a',
  'é',
  '😀',
  '👩‍⚕️',
  'שלום',
  'مرحبا',
  '\u202e',
  '\u200f',
];
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_PIECES),
  fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const finiteNumber = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

describe('delimited round trip (csv-parse)', () => {
  const columns: ExportColumn[] = [
    { id: 'score', label: 'Score', type: 'number' },
    { id: 'text', label: 'Text', type: 'string' },
    { id: 'flag', label: 'Flag', type: 'boolean' },
  ];
  const rowArb = fc.record({
    score: fc.option(finiteNumber, { nil: null }),
    text: fc.option(hostileText, { nil: null }),
    flag: fc.option(fc.boolean(), { nil: null }),
  });

  for (const delimiter of [',', '\t'] as const) {
    it(`gives back every value, keeps numbers numeric and neutralises formulas (${JSON.stringify(delimiter)})`, () => {
      fc.assert(
        fc.property(fc.array(rowArb, { maxLength: 20 }), (rows) => {
          const lines = [...delimitedLines({ columns, rows }, { delimiter })];
          const records = parseText(lines.join(''), delimiter);
          expect(records[0]).toEqual(['score', 'text', 'flag']);
          expect(records).toHaveLength(rows.length + 1);
          rows.forEach((row, i) => {
            const [score, cell, flag] = records[i + 1]!;
            // Numbers: written bare at the start of the line, so the cell is unquoted and numeric.
            if (row.score === null) expect(score).toBe('');
            else {
              expect(lines[i + 1]!.startsWith(`${String(row.score)}${delimiter}`)).toBe(true);
              expect(Number(score) === row.score).toBe(true);
            }
            expect(cell!).not.toMatch(FORMULA_START);
            expect(unneutralise(cell!)).toBe(row.text ?? '');
            expect(flag).toBe(row.flag === null ? '' : String(row.flag));
          });
        }),
        { numRuns: 300 },
      );
    });
  }

  it('keeps negative numbers numeric while neutralising the same text', () => {
    const rows = [
      { score: -2, text: '-2', flag: null },
      { score: -0.5, text: '-0.5', flag: null },
    ];
    const records = parseText(text({ columns, rows }, ','), ',');
    expect(records.slice(1).map(([s, t]) => [s, t])).toEqual([
      ['-2', "'-2"],
      ['-0.5', "'-0.5"],
    ]);
  });
});
