import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { codebook, codebookJson, codebookTable, optionText } from './codebook';
import { exportFeatures, type ExportMeta } from './features';
import { longColumns } from './long';
import { wideColumns, type WideOptions } from './wide';

const META: ExportMeta = { studySlug: 'pilot', lexiconId: 'vasari', lexiconVersion: '1.0.0' };
const features = exportFeatures(shippedModel('vasari'), { include: ['F1', 'F4', 'postoperative', 'F29'] });
const READERS = [
  { id: 'u-ann', label: 'reader_01' },
  { id: 'u-bob', label: 'reader_02' },
];
const perReader: WideOptions = {
  session: 1,
  readers: READERS,
  layout: 'per_reader',
  valueAs: 'code',
  repeat: { mode: 'summary' },
};

const entry = (entries: ReturnType<typeof codebook>, id: string) => entries.find((e) => e.columnId === id);

describe('codebook', () => {
  it('has one entry per column, in column order', () => {
    const columns = wideColumns(features, perReader);
    const entries = codebook(META, features, columns, { layout: 'per_reader', session: 1, valueAs: 'code' });
    expect(entries.map((e) => e.columnId)).toEqual(columns.map((c) => c.id));
    expect(entries.every((e) => e.lexiconId === 'vasari' && e.lexiconVersion === '1.0.0')).toBe(true);
  });

  it('describes a per-reader choice column with every option and the missingness codes', () => {
    const entries = codebook(META, features, wideColumns(features, perReader), {
      layout: 'per_reader',
      session: 1,
      valueAs: 'code',
    });
    const f4 = entry(entries, 'F4__reader_02');
    expect(f4).toMatchObject({
      featureId: 'F4',
      reader: 'reader_02',
      aggregate: null,
      unit: null,
      type: 'string',
      missingnessCodes: ['no_contrast', 'indeterminate'],
    });
    expect(f4?.options.map((o) => o.code)).toEqual([
      'none',
      'mild',
      'marked',
      'no_contrast',
      'indeterminate',
    ]);
    expect(entry(entries, 'F29__reader_01')).toMatchObject({ featureId: 'F29', unit: 'mm', options: [] });
    expect(entry(entries, 'F1__frontal__reader_01')?.options).toEqual([
      {
        code: 'frontal',
        label: 'Frontal lobe',
        score: 1,
        radlexRid: 'RID6440',
        radlexMatch: 'exact',
        missingness: null,
      },
    ]);
    expect(entry(entries, 'subject_id')).toMatchObject({ featureId: null, reader: null, options: [] });
  });

  it('names the rule behind each aggregate column', () => {
    const o: WideOptions = { ...perReader, layout: 'aggregate', aggregate: 'central' };
    const entries = codebook(META, features, wideColumns(features, o), {
      layout: 'aggregate',
      aggregate: 'central',
      session: 1,
      valueAs: 'code',
    });
    expect(entry(entries, 'F4')?.aggregate).toBe('central (median)');
    expect(entry(entries, 'F29')?.aggregate).toBe('central (mean, 2 decimals)');
    expect(entry(entries, 'F1__temporal')?.aggregate).toBe('central (majority)');
    expect(entry(entries, 'F4__tie')).toMatchObject({
      featureId: 'F4',
      type: 'boolean',
      options: [],
      aggregate: 'central (median)',
    });
    expect(entry(entries, 'case_key')?.aggregate).toBeNull();
    const named = codebook(
      META,
      features,
      wideColumns(features, { ...o, aggregate: { reader: 'reader_02' } }),
      { layout: 'aggregate', aggregate: { reader: 'reader_02' }, session: 1, valueAs: 'code' },
    );
    expect(entry(named, 'F4')?.aggregate).toBe('reader reader_02');
  });

  it('describes the long table columns and refuses columns it does not know', () => {
    const entries = codebook(META, features, longColumns(), { layout: 'long', session: 1, valueAs: 'code' });
    expect(entries).toHaveLength(longColumns().length);
    expect(entry(entries, 'lesion_index')).toMatchObject({ type: 'integer', featureId: null });
    expect(() =>
      codebook(META, features, [{ id: 'F99', label: 'x', type: 'string' }], {
        layout: 'aggregate',
        aggregate: 'majority',
        session: 1,
        valueAs: 'code',
      }),
    ).toThrow(/F99/);
  });
});

describe('codebookTable and codebookJson', () => {
  const entries = codebook(META, features, wideColumns(features, perReader), {
    layout: 'per_reader',
    session: 1,
    valueAs: 'code',
  });

  it('writes options as code=label (score; RadLex; missingness) joined by " | "', () => {
    const table = codebookTable(entries);
    expect(table.columns.map((c) => c.id)).toEqual([
      'column_id',
      'label',
      'description',
      'type',
      'feature_id',
      'unit',
      'reader',
      'aggregate',
      'options',
      'missingness_codes',
      'lexicon_id',
      'lexicon_version',
    ]);
    const row = [...table.rows].find((r) => r.column_id === 'F4__reader_01');
    expect(row).toMatchObject({
      feature_id: 'F4',
      reader: 'reader_01',
      options:
        'none=None (score 1; RID6056 close) | mild=Mild / minimal (score 2; RID5671 close) | ' +
        'marked=Marked / avid (score 3; RID34299 close) | no_contrast=No contrast given (not_applicable) | ' +
        'indeterminate=Indeterminate (RID39110 exact; not_assessable)',
      missingness_codes: 'no_contrast | indeterminate',
      lexicon_id: 'vasari',
      lexicon_version: '1.0.0',
    });
    const post = [...table.rows].find((r) => r.column_id === 'postoperative__reader_01');
    expect(post?.options).toBe('false=No | true=Yes');
    expect([...table.rows].find((r) => r.column_id === 'F29__reader_01')).toMatchObject({
      unit: 'mm',
      options: null,
    });
  });

  it('formats a bare option as code=label', () => {
    expect(
      optionText({
        code: 'a',
        label: 'A',
        score: null,
        radlexRid: null,
        radlexMatch: null,
        missingness: null,
      }),
    ).toBe('a=A');
  });

  it('gives JSON the same names as the table, with options as objects', () => {
    const json = codebookJson(entries);
    const f4 = json.columns.find((c) => c.column_id === 'F4__reader_01');
    expect(f4).toMatchObject({ feature_id: 'F4', missingness_codes: ['no_contrast', 'indeterminate'] });
    expect(f4?.options[4]).toEqual({
      code: 'indeterminate',
      label: 'Indeterminate',
      score: null,
      radlex_rid: 'RID39110',
      radlex_match: 'exact',
      missingness: 'not_assessable',
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
