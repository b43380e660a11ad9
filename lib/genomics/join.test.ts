import { describe, expect, it } from 'vitest';
import { joinGenomic, tcgaSampleType, type JoinCase } from '@/lib/genomics/join';
import type { GenomicTable } from '@/lib/genomics/types';

function table(idColumn: string, ids: string[]): Pick<GenomicTable, 'idColumn' | 'rows'> {
  return { idColumn, rows: ids.map((id) => ({ id, values: [] })) };
}

const pairs = (report: ReturnType<typeof joinGenomic>) =>
  report.matched.map((m) => [m.caseKey, m.imagingId, m.genomicId, m.rowIndex]);

describe('joinGenomic', () => {
  it('pairs subject ids exactly, after trimming', () => {
    const cases: JoinCase[] = [
      { caseKey: 'G-002', subjectId: ' P2 ' },
      { caseKey: 'G-001', subjectId: 'P1' },
      { caseKey: 'G-003', subjectId: 'P9' },
      { caseKey: 'G-004', subjectId: null },
      { caseKey: 'G-005', subjectId: '  ' },
    ];
    const report = joinGenomic(cases, table('PATIENT_ID', ['P1', 'P3', 'P2']));
    expect(pairs(report)).toEqual([
      ['G-001', 'P1', 'P1', 0],
      ['G-002', 'P2', 'P2', 2],
    ]);
    expect(report.unmatchedImaging).toEqual(['P9', 'G-004', 'G-005']);
    expect(report.unmatchedGenomic).toEqual(['P3']);
    expect(report.rule).toBe('subject id = PATIENT_ID, exact');
    expect(report.notes).toEqual([
      '2 of 3 subjects paired with a genomic row; 1 of 3 genomic rows have no imaging case.',
      '2 cases have no subject id and cannot be paired: G-004, G-005.',
    ]);
  });

  it('is case-sensitive for exact ids and says when case is all that differs', () => {
    const report = joinGenomic([{ caseKey: 'A', subjectId: 'p1' }], table('patient_id', ['P1', 'P2']));
    expect(report.matched).toEqual([]);
    expect(report.rule).toBe('no match between subject id and patient_id');
    expect(report.notes[1]).toBe(
      'No subject id matches a patient_id: e.g. "p1" against "P1", "P2". 1 would match ignoring upper/lower case: correct the ids so they are written alike.',
    );
  });

  it('can join on case keys', () => {
    const report = joinGenomic(
      [
        { caseKey: 'S2', subjectId: 'x' },
        { caseKey: 'S10', subjectId: 'x' },
      ],
      table('id', ['S10', 'S2']),
      { key: 'case_key' },
    );
    expect(pairs(report)).toEqual([
      ['S2', 'S2', 'S2', 1],
      ['S10', 'S10', 'S10', 0],
    ]);
    expect(report.rule).toBe('case key = id, exact');
  });

  it('uses the first case by case key when several share a subject', () => {
    const report = joinGenomic(
      [
        { caseKey: 'G-10', subjectId: 'P1' },
        { caseKey: 'G-2', subjectId: 'P1' },
        { caseKey: 'G-3', subjectId: 'P2' },
        { caseKey: 'G-4', subjectId: 'P2' },
      ],
      table('patient_id', ['P1']),
    );
    expect(pairs(report)).toEqual([['G-2', 'P1', 'P1', 0]]);
    expect(report.unmatchedImaging).toEqual(['P2']);
    expect(report.notes).toEqual([
      '1 of 2 subjects paired with a genomic row; 0 of 1 genomic rows have no imaging case.',
      'subject id P1 has 2 cases (G-2, G-10); G-2 is used so the subject counts once.',
      'subject id P2 has 2 cases (G-3, G-4); G-3 is used so the subject counts once.',
    ]);
  });

  it('pairs TCGA patient barcodes with sample barcodes, preferring a primary tumour', () => {
    const cases: JoinCase[] = [
      { caseKey: 'C1', subjectId: 'TCGA-02-0001' },
      { caseKey: 'C2', subjectId: 'tcga-02-0003' },
      { caseKey: 'C3', subjectId: 'TCGA-06-0100' },
      { caseKey: 'C4', subjectId: 'TCGA-06-0200' },
      { caseKey: 'C5', subjectId: 'TCGA-06-0300' },
    ];
    const genomic = table('Tumor_Sample_Barcode', [
      'TCGA-02-0001-11A-01D-1490-08',
      'TCGA-02-0001-01C-01D-1490-08',
      'TCGA-02-0001-01B-01D-1490-08',
      'TCGA-02-0003-01A',
      'TCGA-06-0100-06A',
      'TCGA-06-0100-02A',
      'TCGA-06-0200-10A',
      'TCGA-99-9999-01A',
    ]);
    const report = joinGenomic(cases, genomic);
    expect(pairs(report)).toEqual([
      ['C1', 'TCGA-02-0001', 'TCGA-02-0001-01C-01D-1490-08', 1],
      ['C2', 'tcga-02-0003', 'TCGA-02-0003-01A', 3],
      ['C3', 'TCGA-06-0100', 'TCGA-06-0100-02A', 5],
      ['C4', 'TCGA-06-0200', 'TCGA-06-0200-10A', 6],
    ]);
    expect(report.unmatchedImaging).toEqual(['TCGA-06-0300']);
    // The other samples of a paired patient are not unmatched.
    expect(report.unmatchedGenomic).toEqual(['TCGA-99-9999-01A']);
    expect(report.rule).toBe(
      'TCGA patient barcode (subject id) = first 12 characters of the sample barcode (Tumor_Sample_Barcode)',
    );
    expect(report.notes).toEqual([
      '4 of 5 subjects paired with a genomic row; 1 of 8 genomic rows have no imaging case.',
      'TCGA-02-0001 has 3 samples (TCGA-02-0001-11A-01D-1490-08, TCGA-02-0001-01C-01D-1490-08, TCGA-02-0001-01B-01D-1490-08); TCGA-02-0001-01C-01D-1490-08 (primary tumour) is used.',
      'TCGA-06-0100 has 2 samples (TCGA-06-0100-06A, TCGA-06-0100-02A); TCGA-06-0100-02A (recurrent tumour) is used.',
      'TCGA-06-0200 has one sample, TCGA-06-0200-10A (blood-derived normal: a normal-tissue sample); it is used.',
    ]);
  });

  it('prefers an exact match, and names both rules when both were used', () => {
    const report = joinGenomic(
      [
        { caseKey: 'A', subjectId: 'TCGA-02-0001' },
        { caseKey: 'B', subjectId: 'TCGA-02-0003' },
        { caseKey: 'C', subjectId: 'LOCAL-7' },
      ],
      table('SAMPLE_ID', ['TCGA-02-0001-01A', 'TCGA-02-0003', 'LOCAL-7']),
    );
    expect(pairs(report)).toEqual([
      ['A', 'TCGA-02-0001', 'TCGA-02-0001-01A', 0],
      ['B', 'TCGA-02-0003', 'TCGA-02-0003', 1],
      ['C', 'LOCAL-7', 'LOCAL-7', 2],
    ]);
    expect(report.rule).toBe(
      'subject id = SAMPLE_ID, exact (2); TCGA patient barcode (subject id) = first 12 characters of the sample barcode (SAMPLE_ID) (1)',
    );
  });

  it('pairs one TCGA patient once even when written two ways', () => {
    const report = joinGenomic(
      [
        { caseKey: 'A', subjectId: 'TCGA-02-0001' },
        { caseKey: 'B', subjectId: 'tcga-02-0001' },
      ],
      table('SAMPLE_ID', ['TCGA-02-0001-01A', 'TCGA-02-0001-11A']),
    );
    expect(pairs(report)).toEqual([['A', 'TCGA-02-0001', 'TCGA-02-0001-01A', 0]]);
    expect(report.unmatchedImaging).toEqual(['tcga-02-0001']);
    expect(report.notes).toContain(
      'subject id tcga-02-0001 is the same TCGA patient as TCGA-02-0001, which is already paired; it is left out.',
    );
  });

  it('does not read TCGA sample barcodes into ids that are not patient barcodes', () => {
    const report = joinGenomic(
      [{ caseKey: 'A', subjectId: 'TCGA-02-0001-01A' }],
      table('SAMPLE_ID', ['TCGA-02-0001-01B']),
    );
    expect(report.matched).toEqual([]);
    expect(report.unmatchedImaging).toEqual(['TCGA-02-0001-01A']);
  });

  it('reports an empty side', () => {
    expect(joinGenomic([], table('id', ['A']))).toEqual({
      matched: [],
      unmatchedImaging: [],
      unmatchedGenomic: ['A'],
      rule: 'no match: no case has a subject id',
      notes: ['0 of 0 subjects paired with a genomic row; 1 of 1 genomic rows have no imaging case.'],
    });
    expect(joinGenomic([{ caseKey: 'A', subjectId: 'P1' }], table('id', [])).unmatchedImaging).toEqual([
      'P1',
    ]);
  });

  it('lists at most ten notes of a kind', () => {
    const cases = Array.from({ length: 24 }, (_, i) => ({ caseKey: `K${i}`, subjectId: `P${i % 12}` }));
    const report = joinGenomic(cases, table('id', ['P0']));
    expect(report.notes).toHaveLength(12);
    expect(report.notes[11]).toBe('… and 2 more subjects with several cases.');
  });
});

describe('tcgaSampleType', () => {
  it('reads characters 14–15 of a sample barcode', () => {
    expect(tcgaSampleType('TCGA-02-0001-01A-01D-1490-08')).toBe(1);
    expect(tcgaSampleType('tcga-02-0001-11')).toBe(11);
    expect(tcgaSampleType('TCGA-02-0001')).toBeNull();
    expect(tcgaSampleType('P1')).toBeNull();
  });
});
