import { and, eq, inArray } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { TLexicon } from '@/lib/lexicon/schema';
import type { Db } from '../client';
import { answers, cases, lexiconVersions, reads, studies, users } from '../schema';

export type StudyAnswers = {
  study: { id: number; name: string; slug: string };
  lexicon: TLexicon;
  /** Anonymous, stable reader labels (Reader 1, 2, …) in the order of their ids. */
  readers: { id: string; label: string }[];
  /** Every submitted answer: case, reader, session, feature path, value. */
  rows: { caseKey: string; readerId: string; session: number; path: string; value: AnswerValue }[];
  cases: number;
};

/**
 * The submitted answers of a study, for analysis. Only analysts of the study and
 * administrators may read them; drafts never leave the reading workflow.
 */
export function loadStudyAnswers(db: Db, actor: Actor, studyId: number): StudyAnswers {
  const study = loadStudyLexicon(db, actor, studyId);
  const submitted = db
    .select({ id: reads.id, readerId: reads.readerId, session: reads.session, caseKey: cases.caseKey })
    .from(reads)
    .innerJoin(cases, eq(cases.id, reads.caseId))
    .where(and(eq(reads.studyId, studyId), eq(reads.status, 'submitted')))
    .all();
  const byRead = new Map(submitted.map((r) => [r.id, r]));
  const answerRows = submitted.length
    ? db
        .select({ readId: answers.readId, path: answers.featurePath, value: answers.value })
        .from(answers)
        .where(inArray(answers.readId, [...byRead.keys()]))
        .all()
    : [];
  const readerIds = [...new Set(submitted.map((r) => r.readerId))];
  const known = readerIds.length
    ? db.select({ id: users.id }).from(users).where(inArray(users.id, readerIds)).all()
    : [];
  const readers = known
    .map((u) => u.id)
    .sort()
    .map((id, i) => ({ id, label: `Reader ${i + 1}` }));
  return {
    study: { id: study.id, name: study.name, slug: study.slug },
    lexicon: study.lexicon,
    readers,
    cases: new Set(submitted.map((r) => r.caseKey)).size,
    rows: answerRows.map((a) => {
      const read = byRead.get(a.readId)!;
      return {
        caseKey: read.caseKey,
        readerId: read.readerId,
        session: read.session,
        path: a.path,
        value: a.value as AnswerValue,
      };
    }),
  };
}

/** A study and its pinned lexicon, for its analysts; without loading any answers. */
export function loadStudyLexicon(
  db: Db,
  actor: Actor,
  studyId: number,
): { id: number; name: string; slug: string; lexicon: TLexicon } {
  if (!can(actor, 'analysis.view', { studyId })) throw new AppError('not_found', 'No such study');
  const study = db
    .select({
      id: studies.id,
      name: studies.name,
      slug: studies.slug,
      definition: lexiconVersions.definition,
    })
    .from(studies)
    .leftJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
    .where(eq(studies.id, studyId))
    .get();
  if (!study) throw new AppError('not_found', 'No such study');
  if (!study.definition) throw new AppError('conflict', 'This study has no lexicon yet');
  return { id: study.id, name: study.name, slug: study.slug, lexicon: study.definition as TLexicon };
}
