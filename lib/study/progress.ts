import { csvRow } from '@/lib/export/csv-cell';
import { isOverdue, overdueAt } from './washout';

/**
 * A study's progress as its coordinator sees it: who has read what, what is late, what is
 * left. Plain data in, plain data out; the page, the matrix and the CSV all share it.
 */

/** Read statuses in the order of their codes in ProgressReadColumns.status. */
export const PROGRESS_STATUSES = ['not_started', 'draft', 'submitted'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** What a cell shows: the read's status, or "waiting" for a re-read whose wash-out has not ended. */
export type CellState = ProgressStatus | 'waiting';
export const CELL_STATES = [
  'submitted',
  'draft',
  'not_started',
  'waiting',
] as const satisfies readonly CellState[];

export const CELL_STATE_LABEL: Record<CellState, string> = {
  submitted: 'Submitted',
  draft: 'Draft',
  not_started: 'Not started',
  waiting: 'Waiting for wash-out',
};

export type ProgressReader = {
  id: string;
  name: string;
  email: string;
  /** Still a reader member of the study (a former reader keeps their reads but takes no new ones). */
  member: boolean;
  /** The account is disabled: it can read nothing until re-enabled. */
  disabled: boolean;
};

export type ProgressCase = { id: number; label: string; caseKey: string; subjectId: string | null };

/**
 * Every read of the study in columns: entry i of each array belongs to read i. Times are
 * milliseconds since the epoch (UTC); status is an index into PROGRESS_STATUSES. Columns keep
 * a 40,000-read study small enough to hand to the browser.
 */
export type ProgressReadColumns = {
  readId: number[];
  caseIdx: number[];
  readerIdx: number[];
  session: number[];
  status: number[];
  activeMs: number[];
  startedAt: (number | null)[];
  submittedAt: (number | null)[];
  updatedAt: number[];
  availableAt: (number | null)[];
};

export type ProgressData = {
  readers: ProgressReader[];
  cases: ProgressCase[];
  reads: ProgressReadColumns;
};

/** The study settings progress depends on; times in ms. */
export type ProgressStudy = {
  name: string;
  readSessions: number;
  dueAt: number | null;
  rereadDueDays: number | null;
};

/** One read as a row. */
export type ProgressRead = {
  /** Position in the columns. */
  index: number;
  readId: number;
  caseIdx: number;
  readerIdx: number;
  session: number;
  status: ProgressStatus;
  activeMs: number;
  startedAt: number | null;
  submittedAt: number | null;
  updatedAt: number;
  availableAt: number | null;
};

export function emptyReadColumns(): ProgressReadColumns {
  return {
    readId: [],
    caseIdx: [],
    readerIdx: [],
    session: [],
    status: [],
    activeMs: [],
    startedAt: [],
    submittedAt: [],
    updatedAt: [],
    availableAt: [],
  };
}

export function statusCode(status: ProgressStatus): number {
  return PROGRESS_STATUSES.indexOf(status);
}

/** Appends one read to the columns (for the query and for tests). */
export function pushRead(columns: ProgressReadColumns, read: Omit<ProgressRead, 'index'>): void {
  columns.readId.push(read.readId);
  columns.caseIdx.push(read.caseIdx);
  columns.readerIdx.push(read.readerIdx);
  columns.session.push(read.session);
  columns.status.push(statusCode(read.status));
  columns.activeMs.push(read.activeMs);
  columns.startedAt.push(read.startedAt);
  columns.submittedAt.push(read.submittedAt);
  columns.updatedAt.push(read.updatedAt);
  columns.availableAt.push(read.availableAt);
}

export function readCount(data: ProgressData): number {
  return data.reads.readId.length;
}

/** Read i of the columns as a row. */
export function readAt(data: ProgressData, index: number): ProgressRead {
  const c = data.reads;
  return {
    index,
    readId: c.readId[index] ?? 0,
    caseIdx: c.caseIdx[index] ?? 0,
    readerIdx: c.readerIdx[index] ?? 0,
    session: c.session[index] ?? 1,
    status: PROGRESS_STATUSES[c.status[index] ?? 0] ?? 'not_started',
    activeMs: c.activeMs[index] ?? 0,
    startedAt: c.startedAt[index] ?? null,
    submittedAt: c.submittedAt[index] ?? null,
    updatedAt: c.updatedAt[index] ?? 0,
    availableAt: c.availableAt[index] ?? null,
  };
}

const asDate = (ms: number | null) => (ms === null ? null : new Date(ms));
const washoutStudy = (study: ProgressStudy) => ({
  dueAt: asDate(study.dueAt),
  rereadDueDays: study.rereadDueDays,
});

/** When the read is due (ms), or null when it has no due date. */
export function readDueAt(read: ProgressRead, study: ProgressStudy): number | null {
  const due = overdueAt(
    { session: read.session, availableAt: asDate(read.availableAt) },
    washoutStudy(study),
  );
  return due ? due.getTime() : null;
}

export function readIsOverdue(read: ProgressRead, study: ProgressStudy, now: number): boolean {
  return isOverdue(
    { session: read.session, availableAt: asDate(read.availableAt), status: read.status },
    washoutStudy(study),
    new Date(now),
  );
}

export function cellState(read: ProgressRead, now: number): CellState {
  if (read.status === 'not_started' && read.availableAt !== null && read.availableAt > now) return 'waiting';
  return read.status;
}

/** Whether the reader has done anything with the read (opened, saved or submitted it). */
function touched(read: ProgressRead): boolean {
  return read.status !== 'not_started' || read.startedAt !== null || read.activeMs > 0;
}

/** The reads with what every view needs worked out once: state, overdue, where each cell's read is. */
export type ProgressIndex = {
  data: ProgressData;
  study: ProgressStudy;
  now: number;
  /** Sessions shown per cell: the study's, or more when reads say so. */
  sessions: number;
  reads: ProgressRead[];
  state: CellState[];
  overdue: boolean[];
  /** Read indices of each case. */
  byCase: number[][];
  /** (caseIdx × readers + readerIdx) × sessions + session − 1 → read index, −1 for none. */
  cells: Int32Array;
};

export function indexProgress(data: ProgressData, study: ProgressStudy, now: number): ProgressIndex {
  const n = readCount(data);
  const reads = Array.from({ length: n }, (_, i) => readAt(data, i));
  let sessions = Math.max(1, study.readSessions);
  for (const r of reads) sessions = Math.max(sessions, r.session);
  const byCase: number[][] = data.cases.map(() => []);
  const cells = new Int32Array(data.cases.length * data.readers.length * sessions).fill(-1);
  for (const r of reads) {
    byCase[r.caseIdx]?.push(r.index);
    if (r.session >= 1)
      cells[(r.caseIdx * data.readers.length + r.readerIdx) * sessions + r.session - 1] = r.index;
  }
  return {
    data,
    study,
    now,
    sessions,
    reads,
    state: reads.map((r) => cellState(r, now)),
    overdue: reads.map((r) => readIsOverdue(r, study, now)),
    byCase,
    cells,
  };
}

/** The read of one reader, case and session, or null when that reader has no such read. */
export function cellRead(
  ix: ProgressIndex,
  caseIdx: number,
  readerIdx: number,
  session: number,
): ProgressRead | null {
  if (session < 1 || session > ix.sessions) return null;
  const i = ix.cells[(caseIdx * ix.data.readers.length + readerIdx) * ix.sessions + session - 1] ?? -1;
  return i < 0 ? null : (ix.reads[i] ?? null);
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type ReaderLine = {
  readerIdx: number;
  id: string;
  name: string;
  email: string;
  member: boolean;
  disabled: boolean;
  assigned: number;
  submitted: number;
  drafts: number;
  /** Not started and open now. */
  notStarted: number;
  /** Not started because the wash-out has not ended. */
  waiting: number;
  /** Median active reading time of submitted reads (ms); null with none. */
  medianMs: number | null;
  /** The latest start, save or submission of any read the reader has touched (ms); null with none. */
  lastActivity: number | null;
  overdue: number;
};

export function readerLines(ix: ProgressIndex): ReaderLine[] {
  const lines: ReaderLine[] = ix.data.readers.map((r, readerIdx) => ({
    readerIdx,
    id: r.id,
    name: r.name,
    email: r.email,
    member: r.member,
    disabled: r.disabled,
    assigned: 0,
    submitted: 0,
    drafts: 0,
    notStarted: 0,
    waiting: 0,
    medianMs: null,
    lastActivity: null,
    overdue: 0,
  }));
  const times: number[][] = ix.data.readers.map(() => []);
  for (const r of ix.reads) {
    const line = lines[r.readerIdx];
    if (!line) continue;
    line.assigned++;
    const state = ix.state[r.index];
    if (state === 'submitted') {
      line.submitted++;
      times[r.readerIdx]!.push(r.activeMs);
    } else if (state === 'draft') line.drafts++;
    else if (state === 'waiting') line.waiting++;
    else line.notStarted++;
    if (ix.overdue[r.index]) line.overdue++;
    if (touched(r)) {
      const last = Math.max(r.startedAt ?? 0, r.submittedAt ?? 0, r.updatedAt);
      line.lastActivity = Math.max(line.lastActivity ?? 0, last);
    }
  }
  lines.forEach((line, i) => (line.medianMs = median(times[i]!)));
  return lines;
}

export type CaseLine = {
  caseIdx: number;
  /** Readers with at least one read of the case. */
  readers: number;
  submitted: number;
  total: number;
  /** Every read of the case is submitted (and it has reads). */
  done: boolean;
};

export function caseLine(ix: ProgressIndex, caseIdx: number): CaseLine {
  const readers = new Set<number>();
  let submitted = 0;
  let total = 0;
  for (const i of ix.byCase[caseIdx] ?? []) {
    const r = ix.reads[i]!;
    readers.add(r.readerIdx);
    total++;
    if (r.status === 'submitted') submitted++;
  }
  return { caseIdx, readers: readers.size, submitted, total, done: total > 0 && submitted === total };
}

export function caseLines(ix: ProgressIndex): CaseLine[] {
  return ix.data.cases.map((_, caseIdx) => caseLine(ix, caseIdx));
}

export type ProgressTotals = {
  readers: number;
  cases: number;
  casesWithReads: number;
  casesComplete: number;
  /** Reader members of the study with no read yet (added after the assignment). */
  readersWithoutReads: number;
  reads: number;
  submitted: number;
  drafts: number;
  notStarted: number;
  waiting: number;
  overdue: number;
};

export function progressTotals(ix: ProgressIndex): ProgressTotals {
  const totals: ProgressTotals = {
    readers: ix.data.readers.length,
    cases: ix.data.cases.length,
    casesWithReads: 0,
    casesComplete: 0,
    readersWithoutReads: 0,
    reads: ix.reads.length,
    submitted: 0,
    drafts: 0,
    notStarted: 0,
    waiting: 0,
    overdue: 0,
  };
  for (const r of ix.reads) {
    const state = ix.state[r.index];
    if (state === 'submitted') totals.submitted++;
    else if (state === 'draft') totals.drafts++;
    else if (state === 'waiting') totals.waiting++;
    else totals.notStarted++;
    if (ix.overdue[r.index]) totals.overdue++;
  }
  for (const line of caseLines(ix)) {
    if (line.total) totals.casesWithReads++;
    if (line.done) totals.casesComplete++;
  }
  const withReads = new Set(ix.reads.map((r) => r.readerIdx));
  totals.readersWithoutReads = ix.data.readers.filter((r, i) => r.member && !withReads.has(i)).length;
  return totals;
}

export type ProgressFilter = {
  /** Matched case-insensitively against the case label, key and subject ID. */
  query?: string;
  readerIdx?: number | null;
  status?: CellState | null;
  session?: number | null;
  overdueOnly?: boolean;
};

function hasReadCriteria(filter: ProgressFilter): boolean {
  return (
    (filter.readerIdx ?? null) !== null ||
    (filter.status ?? null) !== null ||
    (filter.session ?? null) !== null ||
    !!filter.overdueOnly
  );
}

/** Whether one read passes the filter's read criteria (reader, status, session, overdue). */
export function readMatches(ix: ProgressIndex, readIndex: number, filter: ProgressFilter): boolean {
  const r = ix.reads[readIndex];
  if (!r) return false;
  if ((filter.readerIdx ?? null) !== null && r.readerIdx !== filter.readerIdx) return false;
  if ((filter.session ?? null) !== null && r.session !== filter.session) return false;
  if (filter.status && ix.state[readIndex] !== filter.status) return false;
  if (filter.overdueOnly && !ix.overdue[readIndex]) return false;
  return true;
}

export function caseMatchesQuery(c: ProgressCase, query: string | undefined): boolean {
  const q = (query ?? '').trim().toLowerCase();
  if (!q) return true;
  return [c.label, c.caseKey, c.subjectId ?? ''].some((text) => text.toLowerCase().includes(q));
}

/**
 * The cases (indices, in order) the filter keeps: the search matches the case, and when any read
 * criterion is set, at least one read of the case meets all of them.
 */
export function filterCases(ix: ProgressIndex, filter: ProgressFilter): number[] {
  const byRead = hasReadCriteria(filter);
  const kept: number[] = [];
  ix.data.cases.forEach((c, caseIdx) => {
    if (!caseMatchesQuery(c, filter.query)) return;
    if (byRead && !(ix.byCase[caseIdx] ?? []).some((i) => readMatches(ix, i, filter))) return;
    kept.push(caseIdx);
  });
  return kept;
}

/** yyyy-mm-dd (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO 8601 in UTC to the second, or '' for none. */
export function isoTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const PROGRESS_CSV_HEADER = [
  'case_label',
  'case_key',
  'subject_id',
  'reader_name',
  'reader_email',
  'session',
  'status',
  'available_at',
  'due_at',
  'submitted_at',
  'reading_seconds',
  'overdue',
] as const;

/** One row per read (by case, reader, session), with a header row and CRLF line ends. */
export function progressCsv(data: ProgressData, study: ProgressStudy, now: number): string {
  const ix = indexProgress(data, study, now);
  const lines = [csvRow([...PROGRESS_CSV_HEADER])];
  ix.data.cases.forEach((c, caseIdx) => {
    const reads = (ix.byCase[caseIdx] ?? [])
      .map((i) => ix.reads[i]!)
      .sort((a, b) => a.readerIdx - b.readerIdx || a.session - b.session);
    for (const r of reads) {
      const reader = data.readers[r.readerIdx];
      lines.push(
        csvRow([
          c.label,
          c.caseKey,
          c.subjectId,
          reader?.name ?? '',
          reader?.email ?? '',
          r.session,
          r.status,
          isoTime(r.availableAt),
          isoTime(readDueAt(r, study)),
          isoTime(r.submittedAt),
          Math.round(r.activeMs / 1000),
          ix.overdue[r.index] ? 'true' : 'false',
        ]),
      );
    }
  });
  return lines.join('\r\n') + '\r\n';
}

export type OverdueReader = {
  name: string;
  email: string;
  overdue: number;
  /** The earliest due date among the reader's overdue reads (ms). */
  earliestDue: number | null;
};

/** Readers with overdue reads, most overdue first. */
export function overdueReaderList(ix: ProgressIndex): OverdueReader[] {
  const byReader = new Map<number, OverdueReader>();
  for (const r of ix.reads) {
    if (!ix.overdue[r.index]) continue;
    const reader = ix.data.readers[r.readerIdx];
    if (!reader) continue;
    const line = byReader.get(r.readerIdx) ?? {
      name: reader.name,
      email: reader.email,
      overdue: 0,
      earliestDue: null,
    };
    line.overdue++;
    const due = readDueAt(r, ix.study);
    if (due !== null) line.earliestDue = line.earliestDue === null ? due : Math.min(line.earliestDue, due);
    byReader.set(r.readerIdx, line);
  }
  return [...byReader.values()].sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name));
}

/**
 * The overdue readers as plain text for a reminder: one line per reader with their email, how
 * many reads are overdue and since when. Empty when nobody is overdue.
 */
export function overdueReaders(data: ProgressData, study: ProgressStudy, now: number): string {
  const list = overdueReaderList(indexProgress(data, study, now));
  if (!list.length) return '';
  const lines = list.map((r) => {
    const reads = `${r.overdue} overdue read${r.overdue === 1 ? '' : 's'}`;
    const due = r.earliestDue === null ? '' : ` (due ${isoDate(r.earliestDue)})`;
    return `${r.name} <${r.email}>: ${reads}${due}`;
  });
  return [`Overdue reads in ${study.name} as of ${isoDate(now)}:`, ...lines].join('\n');
}

/** A reading time: "45 s", "12 min", "1 h 05 min"; "—" for none. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long ago, in words: "just now", "5 min ago", "3 h ago", "2 days ago", then the date. */
export function formatAgo(ms: number | null, now: number): string {
  if (ms === null) return '—';
  const minutes = Math.floor((now - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days} day${days === 1 ? '' : 's'} ago`;
  return isoDate(ms);
}

const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A short unambiguous day (UTC), e.g. "8 Dec". */
export function shortDate(ms: number): string {
  return SHORT_DATE.format(ms);
}

/** One session of a cell in words: "submitted", "not started (overdue)", "opens 2026-12-08". */
export function sessionText(ix: ProgressIndex, read: ProgressRead | null): string {
  if (!read) return 'not assigned';
  const state = ix.state[read.index] ?? read.status;
  const text =
    state === 'waiting' && read.availableAt !== null
      ? `opens ${isoDate(read.availableAt)}`
      : CELL_STATE_LABEL[state].toLowerCase();
  return ix.overdue[read.index] ? `${text} (overdue)` : text;
}

/** A matrix cell for assistive technology: "Case 07, Reader A: session 1 submitted, session 2 opens 2026-12-08". */
export function cellLabel(ix: ProgressIndex, caseIdx: number, readerIdx: number): string {
  const c = ix.data.cases[caseIdx];
  const reader = ix.data.readers[readerIdx];
  const head = `${c?.label ?? 'Case'}, ${reader?.name ?? 'Reader'}`;
  const sessions = Array.from({ length: ix.sessions }, (_, s) => cellRead(ix, caseIdx, readerIdx, s + 1));
  if (sessions.every((r) => r === null)) return `${head}: not assigned`;
  if (ix.sessions === 1) return `${head}: ${sessionText(ix, sessions[0] ?? null)}`;
  return `${head}: ${sessions.map((r, s) => `session ${s + 1} ${sessionText(ix, r)}`).join(', ')}`;
}
