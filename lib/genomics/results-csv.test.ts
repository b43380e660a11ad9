import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AssociationAnalysis } from './analysis-types';
import { ZAssociationParams } from './params';
import { associationResultsCsv, genomicTableCsv } from './results-csv';
import { parseGenomicTable } from './parse-delimited';

const analysis: AssociationAnalysis = {
  join: {
    rule: 'subject id = patient_id, exact',
    matched: 2,
    imagingTotal: 3,
    genomicTotal: 2,
    unmatchedImaging: ['s3'],
    unmatchedGenomic: [],
    notes: [],
  },
  subjects: ['s1', 's2'],
  variables: {
    imaging: [{ id: 'F29', label: 'F29 Lesion size, longest', scale: 'continuous', values: [1, 2] }],
    genomic: [{ id: 'expr', label: '=HYPERLINK("x")', scale: 'continuous', values: [1, 2] }],
  },
  results: [
    {
      imaging: 'F29',
      genomic: 'expr',
      test: 'spearman',
      method: 't approximation',
      n: 11,
      statistic: 0.98,
      df: 9,
      p: 8.4e-8,
      q: 1.4e-5,
      pBonferroni: 1.6e-5,
      effect: { name: 'spearman_rho', value: 0.98, ci: [0.93, 0.995] },
      groups: [],
      cautions: [],
      reason: null,
    },
  ],
};

describe('associationResultsCsv', () => {
  const params = ZAssociationParams.parse({ bonferroni: true });
  const csv = associationResultsCsv(analysis, {
    study: 'demo',
    table: 'g.csv',
    params,
    createdAt: new Date('2026-11-24T10:00:00Z'),
  });

  it('starts with the method notes as # lines, then a table R and pandas read past them', () => {
    const lines = csv.split('\n');
    expect(lines[0]).toMatch(/^# Annolex association results: study demo, genomic table g\.csv/);
    expect(csv).toMatch(/# .*Benjamini–Hochberg/);
    const rows = parse(csv, { columns: true, comment: '#' }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      imaging_feature: 'F29',
      imaging_label: 'F29 Lesion size, longest',
      test: 'Spearman rank correlation',
      p: '8.4e-8',
      q_bh: '0.000014',
      p_bonferroni: '0.000016',
      effect: 'Spearman ρ',
      effect_ci_low: '0.93',
    });
    // Text that a spreadsheet would run is neutralised.
    expect(rows[0]!.genomic_label).toBe(`'=HYPERLINK("x")`);
  });
});

describe('genomicTableCsv', () => {
  it('writes a stored table back so that it reads as the same table', () => {
    const text = 'patient_id,subtype,expr\nP1,"a, b",1.5\nP2,,-2.25\nP3,c,-1e-3\n';
    const table = parseGenomicTable(text);
    const again = parseGenomicTable(genomicTableCsv(table));
    expect(again.rows).toEqual(table.rows);
    expect(again.columns.map((c) => [c.id, c.type])).toEqual(table.columns.map((c) => [c.id, c.type]));
    // Negative numbers stay numbers; text a spreadsheet would run is still neutralised.
    expect(table.columns.find((c) => c.id === 'expr')?.type).toBe('continuous');
    expect(genomicTableCsv(parseGenomicTable('id,x\nP3,=cmd\n'))).toContain(`P3,'=cmd`);
  });
});
