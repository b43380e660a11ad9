import { and, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/permissions';
import { can } from '@/lib/auth/permissions';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import { unflattenAnswers } from '@/lib/lexicon/answer-paths';
import type { Answers } from '@/lib/lexicon/form-model';
import type { TLexicon } from '@/lib/lexicon/schema';
import type { Db } from '../client';
import { answers, cases, lexiconVersions, reads, studies } from '../schema';
import { readMeasurements } from './measurements';

export type ReadForReader = {
  read: { id: number; status: string; version: number; session: number };
  study: { id: number; name: string };
  kase: { id: number; label: string };
  /** The case's clinical metadata when the study shows it to readers, else null. */
  caseMetadata: Record<string, unknown> | null;
  lexicon: { key: string; definition: TLexicon } | null;
  answers: Answers;
  measurements: ReturnType<typeof readMeasurements>;
  /** The reader's next read in their order that is not submitted (for Next case and prefetch). */
  nextRead: { id: number; caseId: number } | null;
};

/**
 * One read as its own reader opens it: their answers and measurements, the case label (never
 * patient identity or metadata) and the pinned lexicon. Anyone else's read is null (→ 404).
 */
export function readForReader(db: Db, actor: Actor, readId: number, now = new Date()): ReadForReader | null {
  if (!actor.id) return null;
  const row = db
    .select({
      id: reads.id,
      status: reads.status,
      version: reads.version,
      session: reads.session,
      orderIndex: reads.orderIndex,
      availableAt: reads.availableAt,
      studyId: studies.id,
      studyName: studies.name,
      studyStatus: studies.status,
      caseId: cases.id,
      caseLabel: cases.label,
      caseMetadata: cases.metadata,
      showCaseMetadata: studies.showCaseMetadata,
      lexiconKey: lexiconVersions.key,
      definition: lexiconVersions.definition,
    })
    .from(reads)
    .innerJoin(studies, eq(studies.id, reads.studyId))
    .innerJoin(cases, eq(cases.id, reads.caseId))
    .leftJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
    .where(and(eq(reads.id, readId), eq(reads.readerId, actor.id)))
    .get();
  if (!row || !can(actor, 'read.score', { studyId: row.studyId })) return null;
  // A closed study's reads leave the reader's side altogether.
  if (row.studyStatus === 'closed') return null;
  // A re-read does not exist for the reader before its wash-out ends.
  const open = (at: Date | null) => !at || at.getTime() <= now.getTime();
  if (!open(row.availableAt)) return null;
  const flat = db
    .select({ path: answers.featurePath, value: answers.value })
    .from(answers)
    .where(eq(answers.readId, row.id))
    .all()
    .map((a) => [a.path, a.value as AnswerValue] as [string, AnswerValue]);
  const mine = db
    .select({
      id: reads.id,
      caseId: reads.caseId,
      status: reads.status,
      orderIndex: reads.orderIndex,
      session: reads.session,
      availableAt: reads.availableAt,
    })
    .from(reads)
    .where(and(eq(reads.readerId, actor.id), eq(reads.studyId, row.studyId)))
    .all()
    .sort((a, b) => a.session - b.session || a.orderIndex - b.orderIndex);
  const at = mine.findIndex((r) => r.id === row.id);
  const next = [...mine.slice(at + 1), ...mine.slice(0, at)].find(
    (r) => r.status !== 'submitted' && open(r.availableAt),
  );
  return {
    read: { id: row.id, status: row.status, version: row.version, session: row.session },
    study: { id: row.studyId, name: row.studyName },
    kase: { id: row.caseId, label: row.caseLabel },
    caseMetadata: row.showCaseMetadata ? shownMetadata(row.caseMetadata) : null,
    lexicon:
      row.lexiconKey && row.definition
        ? { key: row.lexiconKey, definition: row.definition as TLexicon }
        : null,
    answers: unflattenAnswers(flat),
    measurements: readMeasurements(db, row.id),
    nextRead: next ? { id: next.id, caseId: next.caseId } : null,
  };
}

/** Metadata a study may show: everything but keys reserved for ground truth (a phantom's, say). */
function shownMetadata(metadata: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!metadata) return null;
  const { phantom: _truth, ...shown } = metadata;
  return shown;
}
