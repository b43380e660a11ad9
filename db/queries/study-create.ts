import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { can, type Actor } from '@/lib/auth/permissions';
import type { GlobalRole, StudyRole } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import {
  STUDY_ROLE_LABELS,
  ZStudyInput,
  canHoldStudyRole,
  dueDateToDate,
  type StudyInput,
} from '@/lib/study/study-input';
import type { Db } from '../client';
import { lexiconVersions, studies, studyMembers, users } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

/** Which input list fills which study role. */
const ROLE_FIELDS = [
  ['readers', 'reader'],
  ['adjudicators', 'adjudicator'],
  ['analysts', 'analyst'],
  ['coordinators', 'coordinator'],
] as const satisfies readonly (readonly [keyof StudyInput, StudyRole])[];

/** The study-role accounts a coordinator can pick from. */
const ASSIGNABLE_ROLES = ['reader', 'adjudicator', 'analyst', 'coordinator'] as const;

export type AssignableUser = { id: string; name: string; email: string; role: GlobalRole };

export type LexiconChoice = { id: number; key: string; version: string; title: string; sha256: string };

/** Parses input again at the query boundary (the command line calls these too); problems come back per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues)
    (fieldErrors[issue.path.map(String).join('.') || '_'] ??= []).push(issue.message);
  throw new AppError('invalid', 'Some fields need attention.', fieldErrors);
}

type MemberAccount = { id: string; name: string; role: GlobalRole; disabledAt: Date | null };

/** Loads the accounts behind user ids, for the role checks. */
export function loadMemberAccounts(tx: Tx | Db, ids: readonly string[]): Map<string, MemberAccount> {
  if (ids.length === 0) return new Map();
  const rows = tx
    .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Why an account cannot hold a study role, or null when it can. */
export function memberProblem(account: MemberAccount | undefined, role: StudyRole): string | null {
  const roleName = STUDY_ROLE_LABELS[role].one.toLowerCase();
  if (!account) return `Someone chosen as ${roleName} no longer exists`;
  if (account.disabledAt) return `${account.name} is disabled and cannot be a ${roleName}`;
  if (!canHoldStudyRole(account.role, role))
    return `${account.name} does not have a ${roleName} account and cannot be a ${roleName}`;
  return null;
}

/**
 * Creates a study with its members (whoever creates it is always a coordinator), active at
 * once, in one transaction with its audit row: a taken short name, a missing lexicon version
 * or an unsuitable member stores nothing.
 */
export function createStudy(db: Db, ctx: ChangeContext, input: StudyInput): { id: number; slug: string } {
  if (!can(ctx.actor, 'study.create'))
    throw new AppError('forbidden', 'Only a coordinator or an administrator can create a study');
  const v = parseInput(ZStudyInput, input);
  const coordinators = [...new Set([...(ctx.actor.id ? [ctx.actor.id] : []), ...v.coordinators])];
  const byRole: Record<(typeof ROLE_FIELDS)[number][0], string[]> = {
    readers: v.readers,
    adjudicators: v.adjudicators,
    analysts: v.analysts,
    coordinators,
  };
  return immediate(db, (tx) => {
    const errors: Record<string, string[]> = {};
    if (tx.select({ id: studies.id }).from(studies).where(eq(studies.slug, v.slug)).get())
      errors.slug = ['That short name is taken'];
    const lexicon = tx
      .select({ id: lexiconVersions.id, key: lexiconVersions.key, version: lexiconVersions.version })
      .from(lexiconVersions)
      .where(eq(lexiconVersions.id, v.lexiconVersionId))
      .get();
    if (!lexicon) errors.lexiconVersionId = ['That lexicon version does not exist; choose another'];
    const accounts = loadMemberAccounts(tx, Object.values(byRole).flat());
    for (const [field, role] of ROLE_FIELDS) {
      const problems = byRole[field]
        .map((id) => memberProblem(accounts.get(id), role))
        .filter((p): p is string => p !== null);
      if (problems.length) errors[field] = problems;
    }
    if (Object.keys(errors).length) {
      const message = errors.slug ? 'That short name is taken' : 'Some fields need attention.';
      throw new AppError('invalid', message, errors);
    }
    const now = ctx.now ?? new Date();
    const twoSessions = v.readSessions === 2;
    const settings = {
      slug: v.slug,
      name: v.name,
      description: v.description,
      lexiconVersionId: v.lexiconVersionId,
      design: v.design,
      showCaseMetadata: v.showCaseMetadata,
      seed: v.seed,
      readSessions: v.readSessions,
      washoutDays: twoSessions ? v.washoutDays : 0,
      dueAt: v.dueAt ? dueDateToDate(v.dueAt) : null,
      rereadDueDays: twoSessions ? (v.rereadDueDays ?? null) : null,
      phiPolicy: v.phiPolicy,
      status: 'active' as const,
    };
    const study = tx
      .insert(studies)
      .values({ ...settings, createdBy: ctx.actor.id, createdAt: now, updatedAt: now })
      .returning({ id: studies.id })
      .get();
    const members = ROLE_FIELDS.flatMap(([field, role]) =>
      byRole[field].map((userId) => ({ studyId: study.id, userId, role, createdAt: now })),
    );
    if (members.length) tx.insert(studyMembers).values(members).run();
    appendAudit(tx, ctx, {
      action: 'study.create',
      entity: 'study',
      entityId: study.id,
      newValue: {
        ...settings,
        dueAt: settings.dueAt?.toISOString() ?? null,
        lexicon: lexicon ? `${lexicon.key} ${lexicon.version}` : null,
        members: byRole,
      },
    });
    return { id: study.id, slug: v.slug };
  });
}

/** Active accounts that can be given a study role, by name, for the member pickers. */
export function listAssignableUsers(db: Db, actor: Actor): AssignableUser[] {
  if (!can(actor, 'study.create') && !can(actor, 'coordinator.view'))
    throw new AppError('forbidden', 'You do not have permission to see this');
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(isNull(users.disabledAt), inArray(users.role, [...ASSIGNABLE_ROLES])))
    .orderBy(asc(users.name), asc(users.email))
    .all();
}

/** The adopted lexicon versions a study can pin, newest first. */
export function listLexiconChoices(db: Db): LexiconChoice[] {
  return db
    .select({
      id: lexiconVersions.id,
      key: lexiconVersions.key,
      version: lexiconVersions.version,
      title: lexiconVersions.title,
      sha256: lexiconVersions.sha256,
    })
    .from(lexiconVersions)
    .orderBy(desc(lexiconVersions.createdAt), desc(lexiconVersions.id))
    .all();
}
