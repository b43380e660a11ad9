import type { Db } from './client';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs fn in a `BEGIN IMMEDIATE` transaction: the write lock is taken before the first
 * read, so a read-then-write never works from a snapshot another writer has moved past.
 * better-sqlite3 transactions are synchronous; fn must not await.
 */
export function immediate<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' });
}
