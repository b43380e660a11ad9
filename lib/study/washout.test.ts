import { describe, expect, it } from 'vitest';
import { isOverdue, overdueAt, rereadsToSchedule } from './washout';

const now = new Date('2026-03-01T10:30:00Z');
const submitted = (caseId: number) => ({ caseId, status: 'submitted' as const });

describe('rereadsToSchedule', () => {
  const base = { readSessions: 2, washoutDays: 28, now, session2CaseIds: [] as number[] };

  it('schedules every submitted case after the washout', () => {
    const r = rereadsToSchedule({ ...base, session1: [submitted(7), submitted(3), submitted(5)] });
    expect(r).toEqual({ caseIds: [3, 5, 7], availableAt: new Date('2026-03-29T10:30:00Z') });
    expect(r!.availableAt.getTime() - now.getTime()).toBe(28 * 86_400_000);
  });

  it('uses exact millisecond arithmetic, whole or fractional days', () => {
    const r = rereadsToSchedule({ ...base, washoutDays: 1.5, session1: [submitted(1)] });
    expect(r?.availableAt.toISOString()).toBe('2026-03-02T22:30:00.000Z');
    const zero = rereadsToSchedule({ ...base, washoutDays: 0, session1: [submitted(1)] });
    expect(zero?.availableAt.getTime()).toBe(now.getTime());
  });

  it('waits until every session-1 read is submitted', () => {
    for (const status of ['not_started', 'draft'] as const)
      expect(rereadsToSchedule({ ...base, session1: [submitted(1), { caseId: 2, status }] })).toBeNull();
  });

  it('schedules only the cases still missing a session-2 read', () => {
    const r = rereadsToSchedule({
      ...base,
      session1: [submitted(1), submitted(2), submitted(3)],
      session2CaseIds: [2, 9],
    });
    expect(r?.caseIds).toEqual([1, 3]);
    expect(
      rereadsToSchedule({ ...base, session1: [submitted(1), submitted(2)], session2CaseIds: [1, 2] }),
    ).toBeNull();
    expect(rereadsToSchedule({ ...base, session1: [] })).toBeNull();
  });

  it('schedules nothing in a single-session study', () => {
    expect(rereadsToSchedule({ ...base, readSessions: 1, session1: [submitted(1)] })).toBeNull();
  });
});

describe('overdueAt and isOverdue', () => {
  const dueAt = new Date('2026-04-01T00:00:00Z');
  const opened = new Date('2026-03-29T10:30:00Z');
  const study = { dueAt, rereadDueDays: 14 };

  it('takes the study deadline for session 1', () => {
    expect(overdueAt({ session: 1, availableAt: null }, study)).toEqual(dueAt);
    expect(overdueAt({ session: 1, availableAt: opened }, { dueAt: null, rereadDueDays: 14 })).toBeNull();
  });

  it('counts re-read days from when session 2 opens', () => {
    expect(overdueAt({ session: 2, availableAt: opened }, study)).toEqual(new Date('2026-04-12T10:30:00Z'));
    expect(overdueAt({ session: 3, availableAt: opened }, study)).toEqual(new Date('2026-04-12T10:30:00Z'));
    expect(overdueAt({ session: 2, availableAt: null }, study)).toBeNull();
    expect(overdueAt({ session: 2, availableAt: opened }, { dueAt, rereadDueDays: null })).toBeNull();
  });

  it('is overdue only when not submitted and the deadline has passed', () => {
    const read = { session: 1, availableAt: null };
    const after = new Date('2026-04-01T00:00:01Z');
    expect(isOverdue({ ...read, status: 'draft' }, study, after)).toBe(true);
    expect(isOverdue({ ...read, status: 'not_started' }, study, after)).toBe(true);
    expect(isOverdue({ ...read, status: 'submitted' }, study, after)).toBe(false);
    expect(isOverdue({ ...read, status: 'draft' }, study, dueAt)).toBe(false);
    expect(isOverdue({ ...read, status: 'draft' }, { dueAt: null, rereadDueDays: null }, after)).toBe(false);
    const reread = { session: 2, availableAt: opened, status: 'draft' as const };
    expect(isOverdue(reread, study, new Date('2026-04-12T10:29:59Z'))).toBe(false);
    expect(isOverdue(reread, study, new Date('2026-04-12T10:30:01Z'))).toBe(true);
  });
});
