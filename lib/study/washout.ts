const DAY_MS = 24 * 60 * 60 * 1000;

export type ReadStatus = 'not_started' | 'draft' | 'submitted';

const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);

/**
 * The re-reads (session 2) to create for one reader of a study once their session 1 is done.
 * Session 2 of a reader opens `washoutDays` after the reader submits the last of their
 * session-1 reads in the study, so `now` is that moment when called on submission.
 *
 * Returns null when the study has one session, any session-1 read is not yet submitted, or
 * every submitted case already has its session-2 read. Otherwise the cases still missing a
 * session-2 read (ascending) and when they open: now + washoutDays days.
 */
export function rereadsToSchedule(input: {
  readSessions: number;
  washoutDays: number;
  now: Date;
  session1: { caseId: number; status: ReadStatus }[];
  session2CaseIds: number[];
}): { caseIds: number[]; availableAt: Date } | null {
  if (input.readSessions < 2) return null;
  if (input.session1.some((r) => r.status !== 'submitted')) return null;
  const done = new Set(input.session2CaseIds);
  const caseIds = [...new Set(input.session1.map((r) => r.caseId))]
    .filter((id) => !done.has(id))
    .sort((a, b) => a - b);
  if (caseIds.length === 0) return null;
  return { caseIds, availableAt: addDays(input.now, input.washoutDays) };
}

export type DueRead = { session: number; availableAt: Date | null };
export type DueStudy = { dueAt: Date | null; rereadDueDays: number | null };

/**
 * When a read is due: a session-1 read by the study's due date; a re-read `rereadDueDays` days
 * after it opens. Null when no deadline applies.
 */
export function overdueAt(read: DueRead, study: DueStudy): Date | null {
  if (read.session <= 1) return study.dueAt;
  if (read.availableAt === null || study.rereadDueDays === null) return null;
  return addDays(read.availableAt, study.rereadDueDays);
}

/** A read not yet submitted whose deadline has passed. */
export function isOverdue(read: DueRead & { status: ReadStatus }, study: DueStudy, now: Date): boolean {
  if (read.status === 'submitted') return false;
  const due = overdueAt(read, study);
  return due !== null && due.getTime() < now.getTime();
}
