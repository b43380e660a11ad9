import type { GlobalRole } from '@/lib/auth/roles';

/** Demo accounts seeded by `npm start` (db/seed.ts), one per role, with saved sessions. */
export const ROLE_LOGINS: Record<GlobalRole, string> = {
  admin: 'admin@example.org',
  coordinator: 'coordinator@example.org',
  reader: 'reader1@example.org',
  adjudicator: 'adjudicator@example.org',
  analyst: 'analyst@example.org',
};

export const storageStateFor = (role: GlobalRole) => `test-results/.auth/${role}.json`;
