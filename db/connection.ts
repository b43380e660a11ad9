import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Sqlite = Database.Database;

/**
 * Opens a SQLite file with the settings every Annolex connection uses:
 * WAL, foreign keys on, a 5 s busy timeout and synchronous=FULL, so an acknowledged
 * write survives a crash or power loss.
 */
export function openSqlite(file: string, options: { readonly?: boolean } = {}): Sqlite {
  if (file !== ':memory:' && !options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  applyPragmas(sqlite);
  return sqlite;
}

export function applyPragmas(sqlite: Sqlite): void {
  sqlite.pragma('busy_timeout = 5000');
  if (!sqlite.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
}

/** The settings in force, for tests and `annolex db status`. */
export function readPragmas(sqlite: Sqlite) {
  return {
    journalMode: sqlite.pragma('journal_mode', { simple: true }) as string,
    foreignKeys: sqlite.pragma('foreign_keys', { simple: true }) as number,
    busyTimeout: sqlite.pragma('busy_timeout', { simple: true }) as number,
    synchronous: sqlite.pragma('synchronous', { simple: true }) as number,
  };
}
