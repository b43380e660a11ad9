import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import {
  exportFeatures,
  type CaseBundle,
  type ExportAnswer,
  type ExportMeta,
  type ExportRead,
} from './features';
import { parseWideColumnId, wideColumns, wideRows, wideTable, type WideOptions } from './wide';

const META: ExportMeta = { studySlug: 'pilot', lexiconId: 'vasari', lexiconVersion: '1.0.0' };
const READERS = [
  { id: 'u-ann', label: 'reader_01' },
  { id: 'u-bob', label: 'reader_02' },
  { id: 'u-cat', label: 'reader_03' },
];
const vasari = exportFeatures(shippedModel('vasari'), {
  include: ['F1', 'F2', 'F5', 'postoperative', 'F29'],
});
const tirads = exportFeatures(shippedModel('ti-rads'), {
  include: ['lobe', 'max_diameter', 'echogenic_foci'],
});

const answers = (a: Record<string, ExportAnswer['value']>): ExportAnswer[] =>
  Object.entries(a).map(([path, value]) => ({ path, value }));

function read(readerId: string, caseKey: string, session = 1): ExportRead {
  const label = READERS.find((r) => r.id === readerId)?.label ?? 'reader_99';
  return {
    readId: 1,
    caseKey,
    subjectId: `S-${caseKey}`,
    readerId,
    readerLabel: label,
    session,
    submittedAt: 0,
    activeMs: 0,
  };
}

function bundle(
  caseKey: string,
  reads: [string, Record<string, ExportAnswer['value']>, number?][],
  consensus: Record<string, ExportAnswer['value']> = {},
): CaseBundle {
  return {
    caseKey,
    subjectId: `S-${caseKey}`,
    reads: reads.map(([reader, a, session]) => ({
      read: read(reader, caseKey, session ?? 1),
      answers: answers(a),
    })),
    consensus: answers(consensus),
  };
}

const base: WideOptions = {
  session: 1,
  readers: READERS.slice(0, 2),
  layout: 'per_reader',
  valueAs: 'code',
  repeat: { mode: 'summary' },
};

const CASE_A = bundle(
  'A',
  [
    ['u-ann', { F1: ['frontal'], F2: 'left', F5: 'lt5', postoperative: false, F29: 40 }],
    [
      'u-bob',
      { F1: ['frontal', 'temporal'], F2: 'right', F5: 'indeterminate', postoperative: false, F29: 42.5 },
    ],
    ['u-ann', { F2: 'right' }, 2],
    ['u-cat', { F2: 'center_bilateral' }],
  ],
  { F1: ['frontal'], F2: 'left', F5: 'lt5', postoperative: false, F29: 41 },
);

describe('wideColumns', () => {
  it('names per-reader columns by feature, option and reader label, options before readers', () => {
    const ids = wideColumns(vasari, base).map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual(['subject_id', 'case_key', 'n_reads']);
    expect(ids).toContain('F1__frontal__reader_01');
    expect(ids.slice(3, 7)).toEqual([
      'F1__frontal__reader_01',
      'F1__frontal__reader_02',
      'F1__temporal__reader_01',
      'F1__temporal__reader_02',
    ]);
    expect(ids.slice(-8)).toEqual([
      'F2__reader_01',
      'F2__reader_02',
      'F5__reader_01',
      'F5__reader_02',
      'postoperative__reader_01',
      'postoperative__reader_02',
      'F29__reader_01',
      'F29__reader_02',
    ]);
    expect(ids).toHaveLength(3 + 12 * 2 + 4 * 2);
  });

  it('types columns by value: codes, scores, 0/1, numbers, booleans', () => {
    const types = (o: WideOptions) => Object.fromEntries(wideColumns(vasari, o).map((c) => [c.id, c.type]));
    expect(types(base)).toMatchObject({
      subject_id: 'string',
      n_reads: 'integer',
      F1__frontal__reader_01: 'integer',
      F2__reader_01: 'string',
      F5__reader_01: 'string',
      postoperative__reader_01: 'boolean',
      F29__reader_01: 'number',
    });
    expect(types({ ...base, valueAs: 'score' })).toMatchObject({
      F2__reader_01: 'number',
      F5__reader_01: 'number',
    });
  });

  it('adds __tie columns to majority and central aggregates that can tie', () => {
    const majority = wideColumns(vasari, { ...base, layout: 'aggregate', aggregate: 'majority' }).map(
      (c) => c.id,
    );
    expect(majority.filter((id) => id.endsWith('__tie'))).toEqual([
      'F1__tie',
      'F2__tie',
      'F5__tie',
      'postoperative__tie',
      'F29__tie',
    ]);
    const central = wideColumns(vasari, { ...base, layout: 'aggregate', aggregate: 'central' }).map(
      (c) => c.id,
    );
    expect(central.filter((id) => id.endsWith('__tie'))).toEqual([
      'F1__tie',
      'F2__tie',
      'F5__tie',
      'postoperative__tie',
    ]);
    expect(central).toContain('F1__frontal');
    const consensus = wideColumns(vasari, { ...base, layout: 'aggregate', aggregate: 'consensus' }).map(
      (c) => c.id,
    );
    expect(consensus.some((id) => id.endsWith('__tie'))).toBe(false);
  });

  it('says in the description when a score is missing and which scores mean missing', () => {
    const f5 = wideColumns(vasari, { ...base, valueAs: 'score' }).find((c) => c.id === 'F5__reader_01');
    expect(f5?.description).toContain('1 = na');
    expect(f5?.description).toContain('9 = indeterminate');
    const cols = wideColumns(exportFeatures(shippedModel('vasari'), { include: ['F4'] }), {
      ...base,
      valueAs: 'score',
    });
    expect(cols.find((c) => c.id === 'F4__reader_01')?.description).toMatch(
      /without a score give null: no_contrast, indeterminate/,
    );
  });

  it('rejects reader labels that cannot name a column, and incomplete aggregate options', () => {
    expect(() => wideColumns(vasari, { ...base, readers: [{ id: 'x', label: 'Dr Smith' }] })).toThrow(
      /Dr Smith/,
    );
    expect(() => wideColumns(vasari, { ...base, readers: [{ id: 'x', label: 'tie' }] })).toThrow(/tie/);
    expect(() =>
      wideColumns(vasari, { ...base, readers: [READERS[0]!, { id: 'y', label: 'reader_01' }] }),
    ).toThrow(/twice/);
    expect(() => wideColumns(vasari, { ...base, layout: 'aggregate' })).toThrow(/aggregate rule/);
    expect(() =>
      wideColumns(vasari, { ...base, layout: 'aggregate', aggregate: { reader: 'reader_03' } }),
    ).toThrow(/reader_03/);
    expect(() => wideColumns(tirads, { ...base, repeat: { mode: 'index', maxLesions: 0 } })).toThrow(
      /maxLesions/,
    );
  });
});

describe('wideRows', () => {
  const rows = (o: WideOptions, bundles: CaseBundle[] = [CASE_A]) => [...wideRows(META, vasari, bundles, o)];

  it('writes one row per case with each listed reader of the session', () => {
    const [row] = rows(base);
    expect(row).toMatchObject({
      subject_id: 'S-A',
      case_key: 'A',
      n_reads: 2,
      F1__frontal__reader_01: 1,
      F1__frontal__reader_02: 1,
      F1__temporal__reader_01: 0,
      F1__temporal__reader_02: 1,
      F1__insula__reader_01: 0,
      F2__reader_01: 'left', // session 2 re-read says right: not this session
      F2__reader_02: 'right',
      F5__reader_02: 'indeterminate',
      postoperative__reader_01: false,
      F29__reader_01: 40,
      F29__reader_02: 42.5,
    });
    expect(Object.keys(row!)).toEqual(wideColumns(vasari, base).map((c) => c.id));
  });

  it('writes nulls for a reader without a read and for unanswered features', () => {
    const [row] = rows(base, [bundle('B', [['u-ann', { F2: 'left' }]])]);
    expect(row).toMatchObject({
      n_reads: 1,
      F1__frontal__reader_01: null,
      F2__reader_01: 'left',
      F2__reader_02: null,
      F1__frontal__reader_02: null,
      F29__reader_02: null,
    });
  });

  it('writes option scores, null where an option has none', () => {
    const [row] = rows({ ...base, valueAs: 'score' });
    expect(row).toMatchObject({ F2__reader_01: 3, F2__reader_02: 1, F5__reader_01: 3, F5__reader_02: 9 });
    const f4 = exportFeatures(shippedModel('vasari'), { include: ['F4'] });
    const [r4] = [
      ...wideRows(META, f4, [bundle('C', [['u-ann', { F4: 'indeterminate' }]])], {
        ...base,
        valueAs: 'score',
      }),
    ];
    expect(r4?.F4__reader_01).toBeNull();
  });

  it('aggregates by majority with tie flags', () => {
    const [row] = rows({ ...base, layout: 'aggregate', aggregate: 'majority' });
    expect(row).toMatchObject({
      F1__frontal: 1,
      F1__temporal: 0,
      F1__tie: true,
      F2: null,
      F2__tie: true,
      F5: null,
      F5__tie: true,
      postoperative: false,
      postoperative__tie: false,
      F29: null,
      F29__tie: true,
    });
  });

  it('aggregates by central tendency: median ordinal, mean numeric', () => {
    const three = { ...base, readers: READERS, layout: 'aggregate', aggregate: 'central' } as const;
    const b = bundle('D', [
      ['u-ann', { F5: 'lt5', F29: 10, F2: 'left' }],
      ['u-bob', { F5: 'all', F29: 20, F2: 'left' }],
      ['u-cat', { F5: '34_67', F29: 25.5, F2: 'right' }],
    ]);
    const [row] = rows(three, [b]);
    expect(row).toMatchObject({
      n_reads: 3,
      F5: '34_67',
      F5__tie: false,
      F29: 18.5,
      F2: 'left',
      F2__tie: false,
    });
    const [scored] = rows({ ...three, valueAs: 'score' }, [b]);
    expect(scored).toMatchObject({ F5: 5, F2: 3 });
  });

  it('takes adjudicated consensus values, null when the case has none', () => {
    const o = { ...base, layout: 'aggregate', aggregate: 'consensus' } as const;
    const [a, b] = rows(o, [CASE_A, bundle('B', [['u-ann', { F2: 'left' }]])]);
    expect(a).toMatchObject({ F1__frontal: 1, F1__temporal: 0, F2: 'left', F5: 'lt5', F29: 41 });
    expect(b).toMatchObject({ F1__frontal: null, F2: null, F29: null, n_reads: 1 });
  });

  it("takes a named reader's values", () => {
    const [row] = rows({ ...base, layout: 'aggregate', aggregate: { reader: 'reader_02' } });
    expect(row).toMatchObject({ F1__temporal: 1, F2: 'right', F5: 'indeterminate', F29: 42.5 });
  });

  it('reads the bundles one at a time', () => {
    let pulled = 0;
    function* stream() {
      for (const key of ['A', 'B', 'C']) {
        pulled++;
        yield bundle(key, [['u-ann', { F2: 'left' }]]);
      }
    }
    const it = wideTable(META, vasari, stream(), base).rows[Symbol.iterator]();
    expect(it.next().value).toMatchObject({ case_key: 'A' });
    expect(pulled).toBe(1);
  });
});

describe('repeat groups', () => {
  const nodules = (...sizes: number[]) =>
    Object.fromEntries(
      sizes.flatMap((s, i) => [
        [`nodules[${i}].max_diameter`, s],
        [`nodules[${i}].lobe`, i % 2 ? 'left' : 'right'],
      ]),
    );
  const b = bundle('N', [
    ['u-ann', { ...nodules(1.2, 3.4, 0.8), 'nodules[0].echogenic_foci': ['macro'] }],
    ['u-bob', nodules(1.6)],
  ]);

  it('index mode numbers entries from 1 in column ids, up to maxLesions, with a count', () => {
    const o: WideOptions = { ...base, repeat: { mode: 'index', maxLesions: 2 } };
    const ids = wideColumns(tirads, o).map((c) => c.id);
    expect(ids.slice(3, 7)).toEqual([
      'nodules__count__reader_01',
      'nodules__count__reader_02',
      'nodules_1__lobe__reader_01',
      'nodules_1__lobe__reader_02',
    ]);
    expect(ids).toContain('nodules_2__echogenic_foci__punctate__reader_02');
    expect(ids.some((id) => id.startsWith('nodules_3__'))).toBe(false);
    const [row] = [...wideRows(META, tirads, [b], o)];
    expect(row).toMatchObject({
      nodules__count__reader_01: 3, // the third nodule is counted though it has no columns
      nodules__count__reader_02: 1,
      nodules_1__max_diameter__reader_01: 1.2,
      nodules_1__max_diameter__reader_02: 1.6,
      nodules_2__max_diameter__reader_01: 3.4,
      nodules_2__max_diameter__reader_02: null,
      nodules_1__echogenic_foci__macro__reader_01: 1,
      nodules_1__echogenic_foci__macro__reader_02: null,
      nodules_2__lobe__reader_01: 'left',
    });
  });

  it('index mode aggregates entry by entry', () => {
    const o: WideOptions = {
      ...base,
      layout: 'aggregate',
      aggregate: 'central',
      repeat: { mode: 'index', maxLesions: 2 },
    };
    const [row] = [...wideRows(META, tirads, [b], o)];
    expect(row).toMatchObject({
      nodules__count: null,
      nodules__count__tie: true,
      nodules_1__max_diameter: 1.4,
      nodules_2__max_diameter: 3.4,
      nodules_1__lobe: 'right',
      nodules_1__lobe__tie: false,
    });
  });

  it('summary mode gives the count and the largest value of each numeric feature', () => {
    const o: WideOptions = { ...base, repeat: { mode: 'summary' } };
    expect(wideColumns(tirads, o).map((c) => c.id)).toEqual([
      'subject_id',
      'case_key',
      'n_reads',
      'nodules__count__reader_01',
      'nodules__count__reader_02',
      'max_diameter__largest__reader_01',
      'max_diameter__largest__reader_02',
    ]);
    const [row] = [...wideRows(META, tirads, [b, bundle('E', [['u-ann', {}]])], o)];
    expect(row).toMatchObject({
      nodules__count__reader_01: 3,
      nodules__count__reader_02: 1,
      max_diameter__largest__reader_01: 3.4,
      max_diameter__largest__reader_02: 1.6,
    });
    const [, empty] = [...wideRows(META, tirads, [b, bundle('E', [['u-ann', {}]])], o)];
    expect(empty).toMatchObject({
      nodules__count__reader_01: 0,
      nodules__count__reader_02: null,
      max_diameter__largest__reader_01: null,
    });
  });

  it('summary mode aggregates the per-reader count and largest value by the same rule', () => {
    const o: WideOptions = {
      ...base,
      readers: READERS,
      layout: 'aggregate',
      aggregate: 'central',
      repeat: { mode: 'summary' },
    };
    const three = bundle('T', [
      ['u-ann', nodules(1.2, 3.4, 0.8)],
      ['u-bob', nodules(1.6)],
      ['u-cat', nodules(2.0, 2.2)],
    ]);
    const [row] = [...wideRows(META, tirads, [three], o)];
    // counts 3, 1, 2 → median 2; largest 3.4, 1.6, 2.2 → mean 2.4
    expect(row).toMatchObject({ nodules__count: 2, nodules__count__tie: false, max_diameter__largest: 2.4 });
    expect(wideColumns(tirads, o).map((c) => c.id)).not.toContain('max_diameter__largest__tie');
    const [majority] = [...wideRows(META, tirads, [three], { ...o, aggregate: 'majority' })];
    expect(majority).toMatchObject({
      nodules__count: null,
      nodules__count__tie: true,
      max_diameter__largest__tie: true,
    });
  });
});

describe('parseWideColumnId', () => {
  const configs: [string, WideOptions][] = [
    ['vasari', base],
    ['vasari', { ...base, layout: 'aggregate', aggregate: 'majority' }],
    ['ti-rads', { ...base, repeat: { mode: 'index', maxLesions: 3 } }],
    ['ti-rads', { ...base, layout: 'aggregate', aggregate: 'central', repeat: { mode: 'summary' } }],
    [
      'birads-mri',
      { ...base, layout: 'aggregate', aggregate: 'central', repeat: { mode: 'index', maxLesions: 2 } },
    ],
    ['birads-mri', { ...base, repeat: { mode: 'summary' } }],
  ];
  it.each(configs)('reads back every column id (%s)', (lexicon, o) => {
    const features = exportFeatures(shippedModel(lexicon));
    for (const c of wideColumns(features, o)) {
      const ref = parseWideColumnId(c.id, features, o.layout);
      expect(ref, c.id).not.toBeNull();
      if (ref?.part === 'provenance') continue;
      const rebuilt =
        (ref?.part === 'count'
          ? `${ref.group}__count`
          : ref?.part === 'largest'
            ? `${ref.featureId}__largest`
            : ref?.lesion
              ? `${ref.group}_${ref.lesion}__${ref.featureId}`
              : ref?.featureId) +
        (ref?.option ? `__${ref.option}` : '') +
        (ref?.reader ? `__${ref.reader}` : '') +
        (ref?.tie ? '__tie' : '');
      expect(rebuilt).toBe(c.id);
    }
  });

  it('parses the parts of representative ids', () => {
    const features = exportFeatures(shippedModel('ti-rads'));
    expect(parseWideColumnId('nodules_2__echogenic_foci__macro__reader_03', features, 'per_reader')).toEqual({
      part: 'value',
      tie: false,
      featureId: 'echogenic_foci',
      group: 'nodules',
      lesion: 2,
      option: 'macro',
      reader: 'reader_03',
    });
    expect(parseWideColumnId('max_diameter__largest__tie', features, 'aggregate')).toMatchObject({
      part: 'largest',
      tie: true,
      featureId: 'max_diameter',
    });
    expect(parseWideColumnId('nodules_1__lobe__reader_01', features, 'aggregate')).toBeNull();
    expect(parseWideColumnId('something_else', features, 'aggregate')).toBeNull();
  });
});
