/**
 * Golden test of the export tables: a small VASARI study written out by hand, and the
 * expected long and wide tables in fixtures/, each value checked by hand against the answers
 * below and lexicons/vasari.yaml (not produced by the code and pasted back).
 *
 * The study: 3 cases, readers reader_01 and reader_02, session 1, plus one session-2 re-read
 * of case-001 by reader_01. Features F1 (multiple choice), F2 (single choice), F4 and F5
 * (ordinal, with missingness options), postoperative (yes/no) and F29 (numeric, mm, 1 decimal).
 * VASARI has no repeat group, so lesions are covered by the ti-rads tests in wide.test.ts.
 *
 * Hand-checked facts:
 * - Lexicon: F1 frontal/temporal/insula score 1/2/3, RadLex RID6440/RID6476/RID6472 exact;
 *   F2 right 1 RID5825 exact, center_bilateral 2 RID5771 close, left 3 RID5824 exact;
 *   F4 none 1 RID6056 close, mild 2 RID5671 close, marked 3 RID34299 close, indeterminate no
 *   score, RID39110 exact, not_assessable; F5 lt5 "≤ 5%" 3, 34_67 "34–67%" 5, 68_95 "68–95%" 6,
 *   none of them with a RadLex code, indeterminate 9, RID39110 exact, not_assessable.
 * - Long: 40 rows = 6 + 7 (two F1 options) + 6 (re-read) + 6 + 5 (F29 null: no row) + 5 + 5
 *   (F5 hidden when F4 = none: no row). reader_02's F1 ['temporal', 'frontal'] comes out in
 *   declared order, frontal first. postoperative is "false"/"true", labels No/Yes, number 0/1.
 *   Reading seconds: 312340 ms → 312.3; 287960 → 288; 150050 → 150.1 (half up); 95000 → 95;
 *   401449 → 401.4; 60000 → 60; 75550 → 75.6. case-003 has no subject id (null).
 * - Wide, per reader, codes: n_reads 2 everywhere (the re-read is session 2); F1 has 12
 *   options × 2 readers = 24 columns, 1 only for case-001 frontal (both) and temporal
 *   (reader_02), case-002 temporal (both), case-003 insula (both); F29 of reader_02 in
 *   case-002 is null (unanswered); F5 null in case-003 for both.
 * - Wide, majority, codes: case-001 F1 frontal 2/2 → 1, temporal 1/2 → 0 and F1__tie true;
 *   F2 right; F4 marked; F5 34_67 vs 68_95 → null, tie; F29 42.5 vs 40 → null, tie.
 *   case-002: F2 left vs center_bilateral, F4 mild vs indeterminate, F5 lt5 vs indeterminate
 *   → null with ties (a missingness option counts as an answer for a majority); F29 25.3 from
 *   the only answer. case-003: F5 unanswered by both → null without a tie; F29 18 vs 19.4 → tie.
 * - Wide, central, scores: F2 by majority (right → 1; case-003 left → 3); F4 by median of the
 *   non-missingness answers (marked → 3; case-002 only mild counts → 2; none → 1); F5 median
 *   positions 34_67 (4) vs 68_95 (5) differ → null, tie; case-002 only lt5 counts → 3;
 *   F29 mean rounded to 2 decimals: (42.5 + 40)/2 = 41.25, 25.3, (18 + 19.4)/2 = 18.7;
 *   numeric F29 has no tie column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import {
  exportFeatures,
  type CaseBundle,
  type ExportAnswer,
  type ExportMeta,
  type ExportRead,
} from './features';
import { longColumns, longTable } from './long';
import type { ExportRow } from './table';
import { wideColumns, wideRows, type WideOptions } from './wide';

const FIXTURES = path.resolve('lib/export/fixtures');
const META: ExportMeta = { studySlug: 'glioma-pilot', lexiconId: 'vasari', lexiconVersion: '1.0.0' };
const READERS = [
  { id: 'u-17', label: 'reader_01' },
  { id: 'u-42', label: 'reader_02' },
];
const FEATURES = exportFeatures(shippedModel('vasari'), {
  include: ['F1', 'F2', 'F4', 'F5', 'postoperative', 'F29'],
});

const SUBJECTS: Record<string, string | null> = {
  'case-001': 'TCGA-02-0001',
  'case-002': 'TCGA-02-0002',
  'case-003': null,
};

function read(
  readId: number,
  caseKey: string,
  readerId: string,
  session: number,
  submitted: string,
  activeMs: number,
): ExportRead {
  return {
    readId,
    caseKey,
    subjectId: SUBJECTS[caseKey] ?? null,
    readerId,
    readerLabel: READERS.find((r) => r.id === readerId)?.label ?? '',
    session,
    submittedAt: Date.parse(submitted),
    activeMs,
  };
}

const a = (values: Record<string, ExportAnswer['value']>): ExportAnswer[] =>
  Object.entries(values).map(([p, value]) => ({ path: p, value }));

const BUNDLES: CaseBundle[] = [
  {
    caseKey: 'case-001',
    subjectId: 'TCGA-02-0001',
    reads: [
      {
        read: read(1, 'case-001', 'u-17', 1, '2026-03-02T09:15:00Z', 312_340),
        answers: a({
          F1: ['frontal'],
          F2: 'right',
          F4: 'marked',
          F5: '34_67',
          postoperative: false,
          F29: 42.5,
        }),
      },
      {
        read: read(2, 'case-001', 'u-42', 1, '2026-03-02T10:40:30Z', 287_960),
        // Given out of lexicon order on purpose.
        answers: a({
          F29: 40,
          F1: ['temporal', 'frontal'],
          F2: 'right',
          F4: 'marked',
          F5: '68_95',
          postoperative: false,
        }),
      },
      {
        read: read(3, 'case-001', 'u-17', 2, '2026-04-06T08:00:00Z', 150_050),
        answers: a({ F1: ['frontal'], F2: 'right', F4: 'mild', F5: '34_67', postoperative: false, F29: 41 }),
      },
    ],
    consensus: [],
  },
  {
    caseKey: 'case-002',
    subjectId: 'TCGA-02-0002',
    reads: [
      {
        read: read(4, 'case-002', 'u-17', 1, '2026-03-03T09:00:00Z', 95_000),
        answers: a({ F1: ['temporal'], F2: 'left', F4: 'mild', F5: 'lt5', postoperative: false, F29: 25.3 }),
      },
      {
        read: read(5, 'case-002', 'u-42', 1, '2026-03-03T11:22:33Z', 401_449),
        answers: a({
          F1: ['temporal'],
          F2: 'center_bilateral',
          F4: 'indeterminate',
          F5: 'indeterminate',
          postoperative: false,
          F29: null,
        }),
      },
    ],
    consensus: [],
  },
  {
    caseKey: 'case-003',
    subjectId: null,
    reads: [
      {
        read: read(6, 'case-003', 'u-17', 1, '2026-03-04T14:05:00Z', 60_000),
        answers: a({ F1: ['insula'], F2: 'left', F4: 'none', postoperative: true, F29: 18 }),
      },
      {
        read: read(7, 'case-003', 'u-42', 1, '2026-03-04T15:30:00Z', 75_550),
        answers: a({ F1: ['insula'], F2: 'left', F4: 'none', postoperative: true, F29: 19.4 }),
      },
    ],
    consensus: [],
  },
];

const OPTIONS: WideOptions = {
  session: 1,
  readers: READERS,
  layout: 'per_reader',
  valueAs: 'code',
  repeat: { mode: 'summary' },
};

function fixture(name: string): { columns: string[]; rows: ExportRow[] } {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

function expectWide(name: string, options: WideOptions) {
  const expected = fixture(name);
  const columns = wideColumns(FEATURES, options).map((c) => c.id);
  expect(columns).toEqual(expected.columns);
  const rows = [...wideRows(META, FEATURES, BUNDLES, options)];
  expect(rows).toEqual(expected.rows);
  for (const row of rows) expect(Object.keys(row)).toEqual(columns);
}

describe('golden VASARI study', () => {
  it('long table', () => {
    const expected = fs
      .readFileSync(path.join(FIXTURES, 'golden-long.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ExportRow);
    const rows = [
      ...longTable(
        META,
        FEATURES,
        BUNDLES.flatMap((b) => b.reads),
      ).rows,
    ];
    expect(rows).toEqual(expected);
    const ids = longColumns().map((c) => c.id);
    for (const row of rows) expect(Object.keys(row)).toEqual(ids);
  });

  it('wide table, per reader, option codes', () => {
    expectWide('golden-wide-per-reader.json', OPTIONS);
  });

  it('wide table, majority, option codes', () => {
    expectWide('golden-wide-majority.json', { ...OPTIONS, layout: 'aggregate', aggregate: 'majority' });
  });

  it('wide table, central tendency, option scores', () => {
    expectWide('golden-wide-central-score.json', {
      ...OPTIONS,
      layout: 'aggregate',
      aggregate: 'central',
      valueAs: 'score',
    });
  });
});
