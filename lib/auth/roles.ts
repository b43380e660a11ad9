/** Account-level roles. Every role but admin is granted per study through study membership. */
export const GLOBAL_ROLES = ['admin', 'coordinator', 'reader', 'adjudicator', 'analyst'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

/** Roles a user can hold in one study (a user may hold several in the same study). */
export const STUDY_ROLES = ['coordinator', 'reader', 'adjudicator', 'analyst'] as const;
export type StudyRole = (typeof STUDY_ROLES)[number];

export const ROLE_LABELS: Record<GlobalRole, string> = {
  admin: 'Administrator',
  coordinator: 'Study coordinator',
  reader: 'Reader (radiologist)',
  adjudicator: 'Adjudicator',
  analyst: 'Analyst',
};

/** Where each account role lands after login. */
export const ROLE_HOME: Record<GlobalRole, string> = {
  admin: '/admin',
  coordinator: '/coordinator',
  reader: '/reader',
  adjudicator: '/adjudicator',
  analyst: '/analyst',
};
