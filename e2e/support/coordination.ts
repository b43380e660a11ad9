import { and, eq } from 'drizzle-orm';
import { addMember, makeCase, makeStudy } from '@/db/factories';
import { adjudicationTasks, reads, studies, studyMembers, users } from '@/db/schema';
import { createLoginUser, testDb } from './db';
import { demoStudyId } from './imaging';

/** The demo study's pinned VASARI version. */
export const demoLexiconVersionId = () =>
  testDb().select({ v: studies.lexiconVersionId }).from(studies).where(eq(studies.id, demoStudyId())).get()!
    .v!;

const userId = (email: string) =>
  testDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;

/**
 * A new VASARI study coordinated by the demo coordinator (and no one else of the demo), with
 * fresh readers and cases when asked.
 */
export async function coordinatedStudy(options: { cases?: number; readers?: number } = {}) {
  const db = testDb();
  const study = makeStudy(db, { name: `Coordinated ${crypto.randomUUID().slice(0, 6)}` });
  db.update(studies)
    .set({ lexiconVersionId: demoLexiconVersionId(), status: 'active' })
    .where(eq(studies.id, study.id))
    .run();
  addMember(db, study.id, userId('coordinator@example.org'), 'coordinator');
  const readers = [];
  for (let i = 0; i < (options.readers ?? 0); i++) {
    const reader = await createLoginUser('reader');
    addMember(db, study.id, reader.id, 'reader');
    readers.push(reader);
  }
  const caseIds = Array.from({ length: options.cases ?? 0 }, () => makeCase(db, study.id).id);
  return { ...study, readers, caseIds };
}

export const memberRoles = (studyId: number, user: string) =>
  testDb()
    .select({ role: studyMembers.role })
    .from(studyMembers)
    .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, user)))
    .all()
    .map((m) => m.role);

export const readsOf = (studyId: number) =>
  testDb().select().from(reads).where(eq(reads.studyId, studyId)).all().length;

export const taskRow = (taskId: number) =>
  testDb().select().from(adjudicationTasks).where(eq(adjudicationTasks.id, taskId)).get()!;

/** An open task on F2 for the demo adjudicator, in a study of its own. */
export async function openTask() {
  const db = testDb();
  const study = await coordinatedStudy({ cases: 1 });
  const adjudicator = userId('adjudicator@example.org');
  addMember(db, study.id, adjudicator, 'adjudicator');
  const task = db
    .insert(adjudicationTasks)
    .values({
      studyId: study.id,
      caseId: study.caseIds[0]!,
      adjudicatorId: adjudicator,
      triggers: [{ featureId: 'F2', path: 'F2', reason: 'answers differ: Right, Left' }],
    })
    .returning({ id: adjudicationTasks.id })
    .get().id;
  return { study, task, adjudicator };
}
