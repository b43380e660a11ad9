import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { getEnv } from '@/lib/env';
import { openSqlite, type Sqlite } from './connection';
import { migrate } from './migrate';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Sqlite };

export function createDb(sqlite: Sqlite): Db {
  return drizzle(sqlite, { schema }) as Db;
}

/** Opens a database file, applies pending migrations, and wraps it in drizzle. */
export function openDb(file: string): Db {
  const sqlite = openSqlite(file);
  migrate(sqlite);
  return createDb(sqlite);
}

// One connection per server process. Kept on globalThis so dev hot reloads reuse it.
const holder = globalThis as unknown as { __annolexDb?: { file: string; db: Db } };

/** The process's database (path from the environment), opened and migrated on first use. */
export function getDb(): Db {
  const file = getEnv().databasePath;
  if (holder.__annolexDb?.file !== file) {
    holder.__annolexDb?.db.$client.close();
    holder.__annolexDb = { file, db: openDb(file) };
  }
  return holder.__annolexDb.db;
}
