import { describe, expect, it } from 'vitest';
import { metadataValue, parseCaseCsv } from './case-csv';

describe('parseCaseCsv', () => {
  it('reads keys, subject IDs, labels and the other columns as metadata', () => {
    const r = parseCaseCsv(
      'case_key,Patient_ID,label,age,grade,site,idh\nG-001,TCGA-02-0001,Case A,54,2.5,007,\nG-002,,,61,-3,frontal,mutant\n',
    );
    expect(r).toEqual({
      ok: true,
      metadataColumns: ['age', 'grade', 'site', 'idh'],
      rows: [
        {
          line: 2,
          caseKey: 'G-001',
          subjectId: 'TCGA-02-0001',
          label: 'Case A',
          metadata: { age: 54, grade: 2.5, site: '007', idh: null },
        },
        {
          line: 3,
          caseKey: 'G-002',
          subjectId: null,
          label: null,
          metadata: { age: 61, grade: -3, site: 'frontal', idh: 'mutant' },
        },
      ],
    });
  });

  it('accepts a key-only file, skips blank lines and counts lines from the header', () => {
    const r = parseCaseCsv('\uFEFFcase_key\n\nA\n,\nB\n');
    expect(r.ok && r.rows.map((x) => [x.line, x.caseKey])).toEqual([
      [3, 'A'],
      [5, 'B'],
    ]);
    expect(r.ok && r.metadataColumns).toEqual([]);
  });

  it('keeps numbers that are not plain as text', () => {
    expect(metadataValue('12')).toBe(12);
    expect(metadataValue('0.5')).toBe(0.5);
    expect(metadataValue('0012')).toBe('0012');
    expect(metadataValue('1e3')).toBe('1e3');
    expect(metadataValue('12345678901234567890')).toBe('12345678901234567890');
    expect(metadataValue(' 4')).toBe(' 4');
    expect(metadataValue('')).toBeNull();
  });

  it('needs a case_key column', () => {
    expect(parseCaseCsv('id,label\n1,x\n')).toEqual({
      ok: false,
      errors: ['line 1: the CSV needs a case_key column (found id,label)'],
    });
    expect(parseCaseCsv('')).toEqual({
      ok: false,
      errors: ['the file is empty: it needs a header row with case_key'],
    });
  });

  it('reports every row problem with its line and returns nothing partial', () => {
    const long = 'x'.repeat(129);
    const r = parseCaseCsv(
      `case_key,label,age\nA,One,1\n,Two,2\nA,Three,3\n${long},,4\nB,One,5\nC,,6,extra\n`,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        'line 3: the case_key is empty',
        'line 4: the case_key "A" is also on line 2',
        'line 5: the case_key is longer than 128 characters',
        'line 6: the label "One" is also on line 2',
        'line 7: 4 values but the header has 3 columns',
      ],
    });
  });

  it('refuses unclear headers', () => {
    expect(parseCaseCsv('case_key,barcode,sample_id\nA,1,2\n')).toEqual({
      ok: false,
      errors: ['line 1: give the subject ID in one column, not barcode and sample_id'],
    });
    expect(parseCaseCsv('case_key,age,Age,\nA,1,2,3\n')).toEqual({
      ok: false,
      errors: ['line 1: the column "Age" appears twice', 'line 1: column 4 has no name'],
    });
  });

  it('limits rows and columns', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `K${i}`).join('\n');
    expect(parseCaseCsv(`case_key\n${rows}\n`)).toEqual({
      ok: false,
      errors: ['10001 rows; at most 10,000 are accepted'],
    });
    expect(parseCaseCsv(`case_key\n${rows.split('\n').slice(0, 10_000).join('\n')}\n`).ok).toBe(true);
    const columns = ['case_key', ...Array.from({ length: 200 }, (_, i) => `c${i}`)].join(',');
    expect(parseCaseCsv(`${columns}\nA\n`)).toEqual({
      ok: false,
      errors: ['line 1: 201 columns; at most 200 are accepted'],
    });
  });

  it('explains an unreadable file', () => {
    const r = parseCaseCsv('case_key,label\n"A,x\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/^not a readable CSV/);
  });
});
