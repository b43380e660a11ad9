import { and, eq } from 'drizzle-orm';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import {
  STUDY_ROLE_LABELS,
  WASHOUT_REQUIRED,
  ZStudyMemberChange,
  ZStudySettingsPatch,
  dateToDueDate,
  dueDateToDate,
  type StudyMemberChange,
  type StudySettingsPatch,
} from '@/lib/study/study-input';
import type { Db } from '../client';
import { reads, studies, studyMembers } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { loadMemberAccounts, memberProblem, parseInput } from './study-create';

type Study = typeof studies.$inferSelect;

/** The study, when the actor manages it; anything else reads as "no such study". */
function managedStudy(tx: Tx, ctx: ChangeContext, studyId: number): Study {
  const study = tx.select().from(studies).where(eq(studies.id, studyId)).get();
  if (!study || !can(ctx.actor, 'study.manage', { studyId: study.id }))
    throw new AppError('not_found', 'No such study');
  return study;
}

function hasSession2Reads(tx: Tx | Db, studyId: number): boolean {
  return !!tx
    .select({ id: reads.id })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.session, 2)))
    .get();
}

/** Whether re-reads exist, which fixes the wash-out (for the settings page; the caller checks access). */
export function rereadsScheduled(db: Db, studyId: number): boolean {
  return hasSession2Reads(db, studyId);
}

type Editable = {
  name: string;
  description: string;
  showCaseMetadata: boolean;
  dueAt: string;
  rereadDueDays: number | null;
  washoutDays: number;
  status: Study['status'];
};

function editableOf(s: Study): Editable {
  return {
    name: s.name,
    description: s.description,
    showCaseMetadata: s.showCaseMetadata,
    dueAt: dateToDueDate(s.dueAt),
    rereadDueDays: s.rereadDueDays,
    washoutDays: s.washoutDays,
    status: s.status,
  };
}

/**
 * Changes a study's editable settings (its coordinators, or an administrator). Only fields
 * that differ are written and audited, old beside new. The wash-out is fixed once any re-read
 * exists, since re-reads were scheduled with it; a study never goes back to draft.
 */
export function updateStudySettings(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  patch: StudySettingsPatch,
): { changed: (keyof Editable)[] } {
  const p = parseInput(ZStudySettingsPatch, patch);
  return immediate(db, (tx) => {
    const study = managedStudy(tx, ctx, studyId);
    const before = editableOf(study);
    const after: Editable = {
      name: p.name ?? before.name,
      description: p.description ?? before.description,
      showCaseMetadata: p.showCaseMetadata ?? before.showCaseMetadata,
      dueAt: p.dueAt === undefined ? before.dueAt : (p.dueAt ?? ''),
      rereadDueDays: p.rereadDueDays === undefined ? before.rereadDueDays : p.rereadDueDays,
      washoutDays: p.washoutDays ?? before.washoutDays,
      status: p.status ?? before.status,
    };
    const changed = (Object.keys(after) as (keyof Editable)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return { changed };
    if (changed.includes('status') && after.status === 'draft')
      throw new AppError('invalid', 'A study cannot go back to draft', {
        status: ['Choose active or closed'],
      });
    if (changed.includes('washoutDays')) {
      if (study.readSessions === 2 && after.washoutDays < 1)
        throw new AppError('invalid', WASHOUT_REQUIRED, { washoutDays: [WASHOUT_REQUIRED] });
      if (hasSession2Reads(tx, study.id))
        throw new AppError('conflict', 'The wash-out is fixed once re-reads are scheduled', {
          washoutDays: ['The wash-out is fixed once re-reads are scheduled'],
        });
    }
    tx.update(studies)
      .set({
        name: after.name,
        description: after.description,
        showCaseMetadata: after.showCaseMetadata,
        dueAt: after.dueAt ? dueDateToDate(after.dueAt) : null,
        rereadDueDays: after.rereadDueDays,
        washoutDays: after.washoutDays,
        status: after.status,
        updatedAt: ctx.now ?? new Date(),
      })
      .where(eq(studies.id, study.id))
      .run();
    const pick = (e: Editable) => Object.fromEntries(changed.map((k) => [k, e[k] === '' ? null : e[k]]));
    appendAudit(tx, ctx, {
      action: 'study.settings',
      entity: 'study',
      entityId: study.id,
      oldValue: pick(before),
      newValue: pick(after),
    });
    return { changed };
  });
}

/**
 * Gives a person a role in a study. Their account must suit the role. A new reader gets no
 * reads here: the Assignment tab extends the design to them.
 */
export function addStudyMember(db: Db, ctx: ChangeContext, change: StudyMemberChange): void {
  const { studyId, userId, role } = parseInput(ZStudyMemberChange, change);
  immediate(db, (tx) => {
    const study = managedStudy(tx, ctx, studyId);
    const problem = memberProblem(loadMemberAccounts(tx, [userId]).get(userId), role);
    if (problem) throw new AppError('invalid', problem, { userId: [problem] });
    const existing = tx
      .select({ role: studyMembers.role })
      .from(studyMembers)
      .where(
        and(eq(studyMembers.studyId, study.id), eq(studyMembers.userId, userId), eq(studyMembers.role, role)),
      )
      .get();
    const roleName = STUDY_ROLE_LABELS[role].one.toLowerCase();
    if (existing)
      throw new AppError('conflict', `Already a ${roleName} of this study`, {
        userId: [`Already a ${roleName} of this study`],
      });
    tx.insert(studyMembers)
      .values({ studyId: study.id, userId, role, createdAt: ctx.now ?? new Date() })
      .run();
    appendAudit(tx, ctx, {
      action: 'study.member.add',
      entity: 'study',
      entityId: study.id,
      newValue: { userId, role },
    });
  });
}

/**
 * Takes a role in a study away from a person. A reader with any read in the study stays
 * (their reads belong to the results), and the last coordinator stays.
 */
export function removeStudyMember(db: Db, ctx: ChangeContext, change: StudyMemberChange): void {
  const { studyId, userId, role } = parseInput(ZStudyMemberChange, change);
  immediate(db, (tx) => {
    const study = managedStudy(tx, ctx, studyId);
    const membership = and(
      eq(studyMembers.studyId, study.id),
      eq(studyMembers.userId, userId),
      eq(studyMembers.role, role),
    );
    if (!tx.select({ role: studyMembers.role }).from(studyMembers).where(membership).get())
      throw new AppError('not_found', 'That person does not hold this role in the study');
    if (role === 'reader') {
      const read = tx
        .select({ id: reads.id })
        .from(reads)
        .where(and(eq(reads.studyId, study.id), eq(reads.readerId, userId)))
        .get();
      if (read) throw new AppError('conflict', 'This reader has reads in the study; reassign or keep them');
    }
    if (role === 'coordinator') {
      const coordinators = tx
        .select({ userId: studyMembers.userId })
        .from(studyMembers)
        .where(and(eq(studyMembers.studyId, study.id), eq(studyMembers.role, 'coordinator')))
        .all();
      if (coordinators.length <= 1)
        throw new AppError(
          'conflict',
          'A study needs at least one coordinator; add another before removing this one',
        );
    }
    tx.delete(studyMembers).where(membership).run();
    appendAudit(tx, ctx, {
      action: 'study.member.remove',
      entity: 'study',
      entityId: study.id,
      oldValue: { userId, role },
    });
  });
}
