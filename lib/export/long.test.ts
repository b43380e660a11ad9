import { describe, expect, it } from 'vitest';
import { flattenAnswers } from '@/lib/lexicon/answer-paths';
import { completeAnswers, shippedModel } from '@/lib/lexicon/test-lexicons';
import { exportFeatures, type ExportMeta, type ExportRead } from './features';
import { longColumns, longRows, longTable } from './long';

const vasari = shippedModel('vasari');
const META: ExportMeta = { studySlug: 'glioma-pilot', lexiconId: 'vasari', lexiconVersion: '1.0.0' };
const READ: ExportRead = {
  readId: 7,
  caseKey: 'case-001',
  subjectId: 'TCGA-02-0001',
  readerId: 'user-internal-42',
  readerLabel: 'reader_03',
  session: 2,
  submittedAt: Date.UTC(2026, 10, 24, 6, 49, 28),
  activeMs: 123_456,
};

describe('longColumns', () => {
  it('has the documented ids and types', () => {
    expect(longColumns().map((c) => `${c.id}:${c.type}`)).toEqual([
      'study:string',
      'case_key:string',
      'subject_id:string',
      'reader:string',
      'session:integer',
      'feature_path:string',
      'feature_id:string',
      'lesion_index:integer',
      'value:string',
      'value_code:string',
      'value_label:string',
      'value_score:number',
      'value_number:number',
      'radlex_rid:string',
      'radlex_match:string',
      'missingness:string',
      'lexicon_id:string',
      'lexicon_version:string',
      'submitted_at:datetime',
      'reading_seconds:number',
    ]);
    expect(longColumns().every((c) => c.description)).toBe(true);
  });
});

describe('longRows', () => {
  const features = exportFeatures(vasari);

  it('writes a choice with its code, label, score, RadLex code and the read provenance', () => {
    const rows = [...longRows(META, features, READ, [{ path: 'F2', value: 'left' }])];
    expect(rows).toEqual([
      {
        study: 'glioma-pilot',
        case_key: 'case-001',
        subject_id: 'TCGA-02-0001',
        reader: 'reader_03',
        session: 2,
        feature_path: 'F2',
        feature_id: 'F2',
        lesion_index: null,
        value: 'left',
        value_code: 'left',
        value_label: 'Left',
        value_score: 3,
        value_number: 3,
        radlex_rid: 'RID5824',
        radlex_match: 'exact',
        missingness: null,
        lexicon_id: 'vasari',
        lexicon_version: '1.0.0',
        submitted_at: '2026-11-24T06:49:28.000Z',
        reading_seconds: 123.5,
      },
    ]);
    // The internal reader id never reaches the export.
    expect(JSON.stringify(rows)).not.toContain('user-internal-42');
  });

  it('gives a multiple choice one row per chosen option, in declared order', () => {
    const rows = [...longRows(META, features, READ, [{ path: 'F1', value: ['temporal', 'frontal'] }])];
    expect(rows.map((r) => [r.feature_path, r.value, r.value_score, r.radlex_rid])).toEqual([
      ['F1', 'frontal', 1, 'RID6440'],
      ['F1', 'temporal', 2, 'RID6476'],
    ]);
  });

  it('marks missingness options and leaves unanswered features out', () => {
    const rows = [
      ...longRows(META, features, READ, [
        { path: 'F4', value: 'indeterminate' },
        { path: 'F5', value: null },
        { path: 'F6', value: undefined },
        { path: 'F1', value: [] },
        { path: 'F8', value: ' ' },
      ]),
    ];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      feature_id: 'F4',
      value: 'indeterminate',
      value_score: null,
      value_number: null,
      missingness: 'not_assessable',
    });
  });

  it('writes numbers as text and as a number, and yes/no as true/false with 1/0', () => {
    const rows = [
      ...longRows(META, features, READ, [
        { path: 'F29', value: 42.5 },
        { path: 'postoperative', value: true },
      ]),
    ];
    expect(rows.map((r) => [r.feature_id, r.value, r.value_code, r.value_label, r.value_number])).toEqual([
      ['postoperative', 'true', 'true', 'Yes', 1],
      ['F29', '42.5', null, null, 42.5],
    ]);
  });

  it('orders rows by the lexicon, not by the order answers arrive', () => {
    const answers = [...flattenAnswers(completeAnswers(vasari))].map(([path, value]) => ({ path, value }));
    const rows = [...longRows(META, features, READ, answers.reverse())];
    const order = features.map((f) => f.id);
    const ids = rows.map((r) => r.feature_id as string);
    expect([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ids);
    expect(new Set(ids).size).toBeGreaterThan(20);
  });

  it('skips answers to features outside the export and keeps the unknown code of a choice', () => {
    const some = exportFeatures(vasari, { include: ['F2'] });
    const rows = [
      ...longRows(META, some, READ, [
        { path: 'F1', value: ['frontal'] },
        { path: 'F2', value: 'sideways' },
      ]),
    ];
    expect(rows).toEqual([
      expect.objectContaining({ feature_id: 'F2', value: 'sideways', value_label: null, value_score: null }),
    ]);
  });

  it('gives repeat-group answers their 0-based lesion index, entry by entry', () => {
    const tirads = exportFeatures(shippedModel('ti-rads'));
    const rows = [
      ...longRows(META, tirads, READ, [
        { path: 'nodules[1].max_diameter', value: 1.2 },
        { path: 'nodules[0].max_diameter', value: 2.5 },
        { path: 'nodules[0].lobe', value: 'right' },
        { path: 'max_diameter', value: 9 },
      ]),
    ];
    expect(rows.map((r) => [r.feature_path, r.lesion_index, r.value])).toEqual([
      ['nodules[0].lobe', 0, 'right'],
      ['nodules[0].max_diameter', 0, '2.5'],
      ['nodules[1].max_diameter', 1, '1.2'],
    ]);
  });

  it('writes a missing submission time as null and rounds reading time to 0.1 s', () => {
    const [row] = [
      ...longRows(META, features, { ...READ, submittedAt: null, activeMs: 59_949 }, [
        { path: 'F2', value: 'right' },
      ]),
    ];
    expect(row).toMatchObject({ submitted_at: null, reading_seconds: 59.9 });
  });

  it('streams a table over many reads', () => {
    const table = longTable(META, features, [
      { read: READ, answers: [{ path: 'F2', value: 'right' }] },
      { read: { ...READ, readerLabel: 'reader_04' }, answers: [{ path: 'F2', value: 'left' }] },
    ]);
    expect(table.columns).toEqual(longColumns());
    expect([...table.rows].map((r) => [r.reader, r.value])).toEqual([
      ['reader_03', 'right'],
      ['reader_04', 'left'],
    ]);
  });
});
