import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { readAt, readCount } from '@/lib/study/progress';
import { addMember, makeAnswer, makeRead, makeStudy, makeUser } from '../factories';
import { cases, reads, studyMembers } from '../schema';
import { makeTestDb } from '../test-db';
import { progressStudy, studyProgress } from './progress';

function addCase(
  db: ReturnType<typeof makeTestDb>['db'],
  studyId: number,
  label: string,
  subjectId: string | null,
) {
  return db
    .insert(cases)
    .values({ studyId, caseKey: `key-${label.toLowerCase().replaceAll(' ', '-')}`, label, subjectId })
    .returning()
    .get();
}

describe('studyProgress', () => {
  it("returns the study's readers, cases and reads, in three queries and without answers", () => {
    const { db, close } = makeTestDb();
    const study = makeStudy(db);
    const other = makeStudy(db);
    const zoe = makeUser(db, { name: 'Zoe Reader' });
    const ann = makeUser(db, { name: 'Ann Reader' });
    const former = makeUser(db, { name: 'Former Reader' });
    const coordinator = makeUser(db, { role: 'coordinator', name: 'Coordinator' });
    const elsewhere = makeUser(db, { name: 'Other Study Reader' });
    addMember(db, study.id, zoe.id, 'reader');
    addMember(db, study.id, ann.id, 'reader');
    addMember(db, study.id, coordinator.id, 'coordinator');
    addMember(db, other.id, elsewhere.id, 'reader');
    const case10 = addCase(db, study.id, 'Case 10', 'TCGA-10');
    const case2 = addCase(db, study.id, 'Case 2', null);
    const otherCase = addCase(db, other.id, 'Case 1', 'TCGA-X');

    const submitted = makeRead(db, {
      studyId: study.id,
      caseId: case2.id,
      readerId: ann.id,
      status: 'submitted',
    });
    db.update(reads)
      .set({
        activeMs: 90_000,
        startedAt: new Date(1_000),
        submittedAt: new Date(5_000),
        updatedAt: new Date(5_000),
      })
      .where(eq(reads.id, submitted.id))
      .run();
    makeAnswer(db, submitted.id, 'f1', 'secret-answer-value');
    const reread = makeRead(db, { studyId: study.id, caseId: case2.id, readerId: ann.id, session: 2 });
    db.update(reads)
      .set({ availableAt: new Date(86_400_000) })
      .where(eq(reads.id, reread.id))
      .run();
    makeRead(db, { studyId: study.id, caseId: case10.id, readerId: zoe.id, status: 'draft' });
    makeRead(db, { studyId: study.id, caseId: case10.id, readerId: former.id });
    makeRead(db, { studyId: other.id, caseId: otherCase.id, readerId: elsewhere.id, status: 'submitted' });

    const prepare = vi.spyOn(db.$client, 'prepare');
    const data = studyProgress(db, study.id);
    expect(prepare).toHaveBeenCalledTimes(3);
    prepare.mockRestore();

    expect(data.readers.map((r) => [r.name, r.member, r.disabled])).toEqual([
      ['Ann Reader', true, false],
      ['Former Reader', false, false],
      ['Zoe Reader', true, false],
    ]);
    expect(data.readers[0]).toEqual({
      id: ann.id,
      name: 'Ann Reader',
      email: ann.email,
      member: true,
      disabled: false,
    });
    expect(data.cases).toEqual([
      { id: case2.id, label: 'Case 2', caseKey: 'key-case-2', subjectId: null },
      { id: case10.id, label: 'Case 10', caseKey: 'key-case-10', subjectId: 'TCGA-10' },
    ]);
    expect(readCount(data)).toBe(4);
    const rows = Array.from({ length: readCount(data) }, (_, i) => readAt(data, i));
    expect(rows.find((r) => r.readId === submitted.id)).toEqual({
      index: 0,
      readId: submitted.id,
      caseIdx: 0,
      readerIdx: 0,
      session: 1,
      status: 'submitted',
      activeMs: 90_000,
      startedAt: 1_000,
      submittedAt: 5_000,
      updatedAt: 5_000,
      availableAt: null,
    });
    expect(rows.find((r) => r.readId === reread.id)).toMatchObject({ session: 2, availableAt: 86_400_000 });
    expect(rows.map((r) => [r.caseIdx, r.readerIdx, r.status])).toEqual([
      [0, 0, 'submitted'],
      [0, 0, 'not_started'],
      [1, 2, 'draft'],
      [1, 1, 'not_started'],
    ]);
    const json = JSON.stringify(data);
    expect(json).not.toContain('secret-answer-value');
    expect(json).not.toContain('Other Study Reader');
    expect(json).not.toContain('Coordinator');
    close();
  });

  it('gives an empty study empty lists', () => {
    const { db, close } = makeTestDb();
    const study = makeStudy(db);
    expect(studyProgress(db, study.id)).toMatchObject({ readers: [], cases: [] });
    expect(readCount(studyProgress(db, study.id))).toBe(0);
    close();
  });

  it('keeps 1000 cases × 20 readers × 2 sessions compact, still in three queries', () => {
    const { db, close } = makeTestDb();
    const study = makeStudy(db);
    const readers = Array.from({ length: 20 }, () => makeUser(db, { name: 'Reader' }).id);
    const sqlite = db.$client;
    sqlite.transaction(() => {
      const member = sqlite.prepare(
        `INSERT INTO study_members (study_id, user_id, role, created_at) VALUES (?, ?, 'reader', 0)`,
      );
      for (const id of readers) member.run(study.id, id);
      const addCaseRow = sqlite.prepare(
        `INSERT INTO cases (study_id, case_key, label, subject_id, created_at) VALUES (?, ?, ?, ?, 0)`,
      );
      const addRead = sqlite.prepare(
        `INSERT INTO reads (study_id, case_id, reader_id, session, status, order_index, available_at, started_at, submitted_at, active_ms, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const t = 1_780_000_000_000;
      for (let c = 1; c <= 1000; c++) {
        const caseId = Number(
          addCaseRow.run(study.id, `k${c}`, `Case ${String(c).padStart(4, '0')}`, `TCGA-02-${c}`)
            .lastInsertRowid,
        );
        readers.forEach((readerId, r) => {
          const done = (c + r) % 3 !== 0;
          addRead.run(
            study.id,
            caseId,
            readerId,
            1,
            done ? 'submitted' : 'not_started',
            c,
            null,
            done ? t : null,
            done ? t + 600_000 : null,
            done ? 412_345 : 0,
            t,
            t + 600_000,
          );
          addRead.run(
            study.id,
            caseId,
            readerId,
            2,
            'not_started',
            c,
            t + 30 * 86_400_000,
            null,
            null,
            0,
            t,
            t,
          );
        });
      }
    })();
    const prepare = vi.spyOn(sqlite, 'prepare');
    const data = studyProgress(db, study.id);
    expect(prepare).toHaveBeenCalledTimes(3);
    prepare.mockRestore();
    expect(readCount(data)).toBe(40_000);
    expect(db.select().from(studyMembers).where(eq(studyMembers.studyId, study.id)).all()).toHaveLength(20);
    // Columns: about 2.5 MB for 40,000 reads, well under half of the same reads as objects.
    const size = JSON.stringify(data).length;
    const asObjects = JSON.stringify(
      Array.from({ length: readCount(data) }, (_, i) => readAt(data, i)),
    ).length;
    expect(size).toBeLessThan(3_000_000);
    expect(size).toBeLessThan(asObjects / 2);
    close();
  });
});

describe('progressStudy', () => {
  it('turns the due date into milliseconds', () => {
    expect(progressStudy({ name: 'S', readSessions: 2, dueAt: new Date(1_000), rereadDueDays: 14 })).toEqual({
      name: 'S',
      readSessions: 2,
      dueAt: 1_000,
      rereadDueDays: 14,
    });
  });
});
