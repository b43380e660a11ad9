import { describe, expect, it } from 'vitest';
import {
  caseLines,
  cellLabel,
  cellRead,
  emptyReadColumns,
  filterCases,
  formatAgo,
  formatDuration,
  indexProgress,
  median,
  overdueReaderList,
  overdueReaders,
  progressCsv,
  progressTotals,
  pushRead,
  readAt,
  readerLines,
  shortDate,
  type ProgressData,
  type ProgressRead,
  type ProgressStudy,
} from './progress';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const D = (n: number) => T0 + n * DAY;
const NOW = D(20);

const study: ProgressStudy = { name: 'Glioma study', readSessions: 2, dueAt: D(10), rereadDueDays: 7 };

type ReadInput = Partial<Omit<ProgressRead, 'index'>> &
  Pick<ProgressRead, 'caseIdx' | 'readerIdx' | 'session' | 'status'>;

function build(reads: ReadInput[]): ProgressData {
  const columns = emptyReadColumns();
  reads.forEach((r, i) =>
    pushRead(columns, {
      readId: 100 + i,
      activeMs: 0,
      startedAt: null,
      submittedAt: null,
      updatedAt: D(0),
      availableAt: null,
      ...r,
    }),
  );
  return {
    readers: [
      { id: 'a', name: 'Ann', email: 'ann@example.org', member: true, disabled: false },
      { id: 'b', name: 'Ben', email: 'ben@example.org', member: true, disabled: false },
      { id: 'c', name: 'Cy', email: 'cy@example.org', member: true, disabled: false },
    ],
    cases: [
      { id: 1, label: 'Case 01', caseKey: 'c1', subjectId: 'TCGA-01' },
      { id: 2, label: 'Case 02', caseKey: 'c2', subjectId: null },
      { id: 3, label: 'Case 03', caseKey: 'X-3', subjectId: 'tcga-03' },
    ],
    reads: columns,
  };
}

/** Ann (0), Ben (1) and Cy (2, no reads); three cases; a two-session study seen on day 20. */
const data = build([
  // 0..3: Case 01
  {
    caseIdx: 0,
    readerIdx: 0,
    session: 1,
    status: 'submitted',
    activeMs: 60_000,
    startedAt: D(1),
    submittedAt: D(2),
    updatedAt: D(2),
  },
  { caseIdx: 0, readerIdx: 0, session: 2, status: 'not_started', availableAt: D(30) },
  {
    caseIdx: 0,
    readerIdx: 1,
    session: 1,
    status: 'submitted',
    activeMs: 120_000,
    startedAt: D(1),
    submittedAt: D(3),
    updatedAt: D(3),
  },
  {
    caseIdx: 0,
    readerIdx: 1,
    session: 2,
    status: 'draft',
    activeMs: 10_000,
    availableAt: D(5),
    startedAt: D(6),
    updatedAt: D(7),
  },
  // 4..6: Case 02
  {
    caseIdx: 1,
    readerIdx: 0,
    session: 1,
    status: 'draft',
    activeMs: 30_000,
    startedAt: D(4),
    updatedAt: D(15),
  },
  { caseIdx: 1, readerIdx: 0, session: 2, status: 'not_started', availableAt: D(25) },
  { caseIdx: 1, readerIdx: 1, session: 1, status: 'not_started' },
  // 7: Case 03
  {
    caseIdx: 2,
    readerIdx: 0,
    session: 1,
    status: 'submitted',
    activeMs: 90_000,
    startedAt: D(8),
    submittedAt: D(9),
    updatedAt: D(9),
  },
]);

describe('progress columns', () => {
  it('round-trips a read through the columns', () => {
    expect(readAt(data, 3)).toEqual({
      index: 3,
      readId: 103,
      caseIdx: 0,
      readerIdx: 1,
      session: 2,
      status: 'draft',
      activeMs: 10_000,
      startedAt: D(6),
      submittedAt: null,
      updatedAt: D(7),
      availableAt: D(5),
    });
    expect(data.reads.status.slice(0, 3)).toEqual([2, 0, 2]);
  });

  it('finds the read of each cell', () => {
    const ix = indexProgress(data, study, NOW);
    expect(ix.sessions).toBe(2);
    expect(cellRead(ix, 0, 1, 2)?.readId).toBe(103);
    expect(cellRead(ix, 1, 1, 2)).toBeNull();
    expect(cellRead(ix, 2, 2, 1)).toBeNull();
    expect(cellRead(ix, 0, 0, 3)).toBeNull();
    expect(ix.state).toEqual([
      'submitted',
      'waiting',
      'submitted',
      'draft',
      'draft',
      'waiting',
      'not_started',
      'submitted',
    ]);
    expect(ix.overdue).toEqual([false, false, false, true, true, false, true, false]);
  });
});

describe('readerLines', () => {
  it('counts each reader’s reads, reading time, last activity and overdue reads', () => {
    const [ann, ben, cy] = readerLines(indexProgress(data, study, NOW));
    expect(ann).toMatchObject({
      name: 'Ann',
      email: 'ann@example.org',
      assigned: 5,
      submitted: 2,
      drafts: 1,
      notStarted: 0,
      waiting: 2,
      medianMs: 75_000,
      lastActivity: D(15),
      overdue: 1,
    });
    expect(ben).toMatchObject({
      assigned: 3,
      submitted: 1,
      drafts: 1,
      notStarted: 1,
      waiting: 0,
      medianMs: 120_000,
      lastActivity: D(7),
      overdue: 2,
    });
    expect(cy).toMatchObject({ assigned: 0, submitted: 0, medianMs: null, lastActivity: null, overdue: 0 });
  });
});

describe('caseLines and progressTotals', () => {
  it('counts reads per case and overall', () => {
    const ix = indexProgress(data, study, NOW);
    expect(caseLines(ix)).toEqual([
      { caseIdx: 0, readers: 2, submitted: 2, total: 4, done: false },
      { caseIdx: 1, readers: 2, submitted: 0, total: 3, done: false },
      { caseIdx: 2, readers: 1, submitted: 1, total: 1, done: true },
    ]);
    expect(progressTotals(ix)).toEqual({
      readers: 3,
      cases: 3,
      casesWithReads: 3,
      casesComplete: 1,
      // Cy is a reader of the study with nothing assigned yet.
      readersWithoutReads: 1,
      reads: 8,
      submitted: 3,
      drafts: 2,
      notStarted: 1,
      waiting: 2,
      overdue: 3,
    });
  });

  it('handles a study with nothing yet', () => {
    const empty: ProgressData = { readers: [], cases: [], reads: emptyReadColumns() };
    const ix = indexProgress(empty, { ...study, readSessions: 1 }, NOW);
    expect(progressTotals(ix)).toMatchObject({ reads: 0, casesComplete: 0 });
    expect(readerLines(ix)).toEqual([]);
    expect(progressCsv(empty, study, NOW).split('\r\n')).toHaveLength(2);
    expect(overdueReaders(empty, study, NOW)).toBe('');
  });
});

describe('filterCases', () => {
  const ix = indexProgress(data, study, NOW);
  it('searches label, key and subject ID, ignoring case', () => {
    expect(filterCases(ix, {})).toEqual([0, 1, 2]);
    expect(filterCases(ix, { query: ' tcga-0' })).toEqual([0, 2]);
    expect(filterCases(ix, { query: 'x-3' })).toEqual([2]);
    expect(filterCases(ix, { query: 'CASE 02' })).toEqual([1]);
    expect(filterCases(ix, { query: 'nothing' })).toEqual([]);
  });

  it('keeps cases with a read that meets every read criterion', () => {
    expect(filterCases(ix, { readerIdx: 1 })).toEqual([0, 1]);
    expect(filterCases(ix, { readerIdx: 2 })).toEqual([]);
    expect(filterCases(ix, { status: 'waiting' })).toEqual([0, 1]);
    expect(filterCases(ix, { status: 'not_started' })).toEqual([1]);
    expect(filterCases(ix, { session: 2 })).toEqual([0, 1]);
    expect(filterCases(ix, { overdueOnly: true })).toEqual([0, 1]);
    expect(filterCases(ix, { readerIdx: 0, overdueOnly: true })).toEqual([1]);
    expect(filterCases(ix, { readerIdx: 1, session: 2, status: 'draft' })).toEqual([0]);
    expect(filterCases(ix, { query: 'case 01', status: 'submitted' })).toEqual([0]);
    expect(filterCases(ix, { readerIdx: null, status: null, session: null, overdueOnly: false })).toEqual([
      0, 1, 2,
    ]);
  });
});

describe('cellLabel', () => {
  it('says each session’s state in words', () => {
    const ix = indexProgress(data, study, NOW);
    expect(cellLabel(ix, 0, 0)).toBe('Case 01, Ann: session 1 submitted, session 2 opens 2026-12-01');
    expect(cellLabel(ix, 0, 1)).toBe('Case 01, Ben: session 1 submitted, session 2 draft (overdue)');
    expect(cellLabel(ix, 1, 1)).toBe('Case 02, Ben: session 1 not started (overdue), session 2 not assigned');
    expect(cellLabel(ix, 2, 2)).toBe('Case 03, Cy: not assigned');
    const single = indexProgress(
      build([{ caseIdx: 2, readerIdx: 0, session: 1, status: 'draft' }]),
      { ...study, readSessions: 1 },
      D(1),
    );
    expect(cellLabel(single, 2, 0)).toBe('Case 03, Ann: draft');
  });
});

describe('progressCsv', () => {
  it('writes one row per read with a header, ISO times and CRLF line ends', () => {
    const csv = progressCsv(data, study, NOW);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe(
      'case_label,case_key,subject_id,reader_name,reader_email,session,status,available_at,due_at,submitted_at,reading_seconds,overdue',
    );
    expect(lines.slice(1, -1)).toEqual([
      'Case 01,c1,TCGA-01,Ann,ann@example.org,1,submitted,,2026-11-11T00:00:00Z,2026-11-03T00:00:00Z,60,false',
      'Case 01,c1,TCGA-01,Ann,ann@example.org,2,not_started,2026-12-01T00:00:00Z,2026-12-08T00:00:00Z,,0,false',
      'Case 01,c1,TCGA-01,Ben,ben@example.org,1,submitted,,2026-11-11T00:00:00Z,2026-11-04T00:00:00Z,120,false',
      'Case 01,c1,TCGA-01,Ben,ben@example.org,2,draft,2026-11-06T00:00:00Z,2026-11-13T00:00:00Z,,10,true',
      'Case 02,c2,,Ann,ann@example.org,1,draft,,2026-11-11T00:00:00Z,,30,true',
      'Case 02,c2,,Ann,ann@example.org,2,not_started,2026-11-26T00:00:00Z,2026-12-03T00:00:00Z,,0,false',
      'Case 02,c2,,Ben,ben@example.org,1,not_started,,2026-11-11T00:00:00Z,,0,true',
      'Case 03,X-3,tcga-03,Ann,ann@example.org,1,submitted,,2026-11-11T00:00:00Z,2026-11-10T00:00:00Z,90,false',
    ]);
  });

  it('quotes commas and defuses formulas', () => {
    const tricky = build([{ caseIdx: 0, readerIdx: 0, session: 1, status: 'draft' }]);
    tricky.cases[0] = { id: 1, label: '=HYPERLINK("x")', caseKey: '+k', subjectId: '@s' };
    tricky.readers[0] = { ...tricky.readers[0]!, name: 'Smith, Ann' };
    const row = progressCsv(tricky, { ...study, dueAt: null }, NOW).split('\r\n')[1];
    expect(row).toBe(`"'=HYPERLINK(""x"")",'+k,'@s,"Smith, Ann",ann@example.org,1,draft,,,,0,false`);
  });
});

describe('overdueReaders', () => {
  it('lists readers with overdue reads, most first, as plain text', () => {
    expect(overdueReaderList(indexProgress(data, study, NOW))).toEqual([
      { name: 'Ben', email: 'ben@example.org', overdue: 2, earliestDue: D(10) },
      { name: 'Ann', email: 'ann@example.org', overdue: 1, earliestDue: D(10) },
    ]);
    expect(overdueReaders(data, study, NOW)).toBe(
      [
        'Overdue reads in Glioma study as of 2026-11-21:',
        'Ben <ben@example.org>: 2 overdue reads (due 2026-11-11)',
        'Ann <ann@example.org>: 1 overdue read (due 2026-11-11)',
      ].join('\n'),
    );
    expect(overdueReaders(data, study, D(1))).toBe('');
  });
});

describe('formatting', () => {
  it('formats medians, durations, ages and days', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(44_600)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
    expect(formatAgo(null, NOW)).toBe('—');
    expect(formatAgo(NOW - 10_000, NOW)).toBe('just now');
    expect(formatAgo(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(formatAgo(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(formatAgo(D(19), NOW)).toBe('1 day ago');
    expect(formatAgo(D(1), NOW)).toBe('2026-11-02');
    expect(shortDate(D(37))).toBe('8 Dec');
  });
});
