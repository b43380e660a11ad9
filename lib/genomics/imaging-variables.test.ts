import { describe, expect, it } from 'vitest';
import { exportFeatures } from '@/lib/export/features';
import type { ExportRow } from '@/lib/export/table';
import { wideColumns } from '@/lib/export/wide';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { imagingVariables } from './imaging-variables';

const model = shippedModel('vasari');
const features = exportFeatures(model, { include: ['F1', 'F2', 'F5', 'F29', 'postoperative'] });
const columns = wideColumns(features, {
  session: 1,
  readers: [{ id: 'u1', label: 'reader_01' }],
  layout: 'aggregate',
  aggregate: 'central',
  valueAs: 'code',
  repeat: { mode: 'summary' },
});

describe('imagingVariables', () => {
  const rows = [
    {
      subject_id: 's1',
      case_key: 'c1',
      n_reads: 3,
      F1__frontal: 1,
      F1__temporal: 0,
      F2: 'left',
      F5: 'lt5',
      F29: 41.5,
      postoperative: false,
    },
    {
      subject_id: 's2',
      case_key: 'c2',
      n_reads: 3,
      F1__frontal: 0,
      F1__temporal: 1,
      F2: 'right',
      F5: '34_67',
      F29: 22,
      postoperative: true,
    },
    // A missingness option ("not applicable") and a tie are missing, not findings.
    {
      subject_id: 's3',
      case_key: 'c3',
      n_reads: 2,
      F1__frontal: 1,
      F1__temporal: 0,
      F2: null,
      F2__tie: true,
      F5: 'na',
      F29: null,
      postoperative: false,
    },
  ];
  const vars = imagingVariables(features, columns, rows as ExportRow[]);
  const byId = new Map(vars.map((v) => [v.id, v]));

  it('types each column: options of a multiple choice as 1/0, ordinal by position, numbers, yes/no', () => {
    expect(byId.get('F1__frontal')).toMatchObject({
      scale: 'categorical',
      levels: ['1', '0'],
      values: ['1', '0', '1'],
    });
    expect(byId.get('F5')).toMatchObject({
      scale: 'ordinal',
      levels: ['lt5', '34_67'],
      values: [0, 1, null],
    });
    expect(byId.get('F29')).toMatchObject({ scale: 'continuous', unit: 'mm', values: [41.5, 22, null] });
    expect(byId.get('postoperative')).toMatchObject({
      scale: 'categorical',
      levels: ['true', 'false'],
      values: ['false', 'true', 'false'],
    });
    expect(byId.get('F2')).toMatchObject({ scale: 'categorical', values: ['left', 'right', null] });
  });

  it('keeps the declared order of the levels some case has, with their labels', () => {
    const f5 = byId.get('F5');
    expect(f5?.scale === 'ordinal' && f5.levelLabels?.length).toBe(2);
    expect(byId.get('F2')?.scale === 'categorical' && byId.get('F2')).toMatchObject({
      levels: ['right', 'left'],
    });
  });

  it('leaves out ids, counts of reads and tie flags', () => {
    expect([...byId.keys()].some((id) => /subject_id|case_key|n_reads|__tie/.test(id))).toBe(false);
    expect(byId.get('F1__frontal')?.label).toMatch(/^F1 .*: Frontal/i);
  });
});
