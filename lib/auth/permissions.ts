import type { GlobalRole, StudyRole } from './roles';

/** Who is asking. Loaded fresh from the database on every request. */
export type Actor = {
  /** null for the command line, which acts as an administrator on the local database. */
  id: string | null;
  email: string;
  name: string;
  role: GlobalRole;
  memberships: readonly { studyId: number; role: StudyRole }[];
};

type Rule = {
  /** Administrators hold this permission. */
  admin?: boolean;
  /** Account roles that hold it outside any study (area permissions only). */
  home?: readonly GlobalRole[];
  /** Study roles that hold it: in any study for an area permission, in the study for a study permission. */
  member?: readonly StudyRole[];
};

const ALL_STUDY_ROLES = ['coordinator', 'reader', 'adjudicator', 'analyst'] as const;

/** Permissions that are not about one study: which areas and global actions an actor reaches. */
const AREA = {
  'admin.view': { admin: true },
  'users.manage': { admin: true },
  'lexicons.manage': { admin: true },
  'lexicons.view': { admin: true, home: ['coordinator'], member: ['coordinator'] },
  'coordinator.view': { admin: true, home: ['coordinator'], member: ['coordinator'] },
  'study.create': { admin: true, home: ['coordinator'] },
  'reader.view': { home: ['reader'], member: ['reader'] },
  'adjudicator.view': { admin: true, home: ['adjudicator'], member: ['adjudicator'] },
  'analyst.view': { admin: true, home: ['analyst'], member: ['analyst'] },
  /** Entry to image routes; each request is then checked against the case (canViewCaseImages). */
  'images.access': {
    admin: true,
    home: ['coordinator', 'reader', 'adjudicator'],
    member: ['coordinator', 'reader', 'adjudicator'],
  },
  /** Personal API tokens for scripts (the export API). */
  'tokens.manage': { admin: true, home: ['analyst'], member: ['analyst'] },
  'account.view': { admin: true, home: ['coordinator', 'reader', 'adjudicator', 'analyst'] },
} as const satisfies Record<string, Rule>;

/** Permissions within one study: the actor needs that study's membership (or admin, where marked). */
const STUDY = {
  'study.view': { admin: true, member: ALL_STUDY_ROLES },
  'study.manage': { admin: true, member: ['coordinator'] },
  'read.score': { member: ['reader'] },
  'adjudication.decide': { member: ['adjudicator'] },
  /** Every case's images (readers see a case's images only through their own read of it). */
  'images.view': { admin: true, member: ['coordinator', 'adjudicator'] },
  'imaging.import': { admin: true, member: ['coordinator'] },
  'analysis.view': { admin: true, member: ['analyst'] },
  'export.run': { admin: true, member: ['analyst'] },
  /** Genomic tables and association runs: upload, retype, delete, run, read the results. */
  'genomics.manage': { admin: true, member: ['analyst'] },
} as const satisfies Record<string, Rule>;

export type AreaPermission = keyof typeof AREA;
export type StudyPermission = keyof typeof STUDY;
export type Permission = AreaPermission | StudyPermission;

/** The permission table, for the README and the authz tests. */
export const PERMISSIONS: Readonly<Record<Permission, Rule>> = { ...AREA, ...STUDY };

export function isStudyPermission(p: Permission): p is StudyPermission {
  return p in STUDY;
}

/**
 * The one authorization check. Study permissions need the study id; an area permission
 * holds when the account role grants it or any membership does.
 */
export function can(actor: Actor | null, permission: AreaPermission): boolean;
export function can(actor: Actor | null, permission: StudyPermission, scope: { studyId: number }): boolean;
export function can(actor: Actor | null, permission: Permission, scope?: { studyId: number }): boolean {
  if (!actor) return false;
  const rule: Rule = PERMISSIONS[permission];
  if (rule.admin && actor.role === 'admin') return true;
  const member = rule.member ?? [];
  if (isStudyPermission(permission)) {
    if (!scope) return false;
    return actor.memberships.some((m) => m.studyId === scope.studyId && member.includes(m.role));
  }
  if (rule.home?.includes(actor.role)) return true;
  return actor.memberships.some((m) => member.includes(m.role));
}
