import fs from 'node:fs';
import path from 'node:path';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type { Sqlite } from './connection';

export const MIGRATIONS_FOLDER = path.resolve('db/migrations');
const TABLE = '__drizzle_migrations';

export type MigrationProgress = { index: number; total: number; tag: string };

/**
 * Applies pending drizzle-kit migrations, one transaction per migration.
 *
 * Unlike drizzle's own migrator (one transaction around all of them), foreign keys are
 * switched off *before* each transaction begins: inside a transaction SQLite ignores
 * `PRAGMA foreign_keys`, so a table rebuild (create new, copy, drop old, rename) would
 * cascade-delete child rows. `foreign_key_check` runs before COMMIT and any violation
 * rolls the migration back. This is the procedure SQLite documents for ALTER TABLE.
 * The bookkeeping table is drizzle's, so drizzle-kit tooling stays compatible.
 */
export function migrate(
  sqlite: Sqlite,
  options: { folder?: string; onProgress?: (p: MigrationProgress) => void; upTo?: number } = {},
): { applied: string[] } {
  const all = loadMigrations(options.folder ?? MIGRATIONS_FOLDER);
  const migrations = options.upTo === undefined ? all : all.slice(0, options.upTo);
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS "${TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
  const applied: string[] = [];
  const fkWasOn = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrations.forEach((m, index) => {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        // Checked inside the write lock, so two processes starting at once apply each migration once.
        if (isApplied(sqlite, m.meta)) {
          sqlite.exec('ROLLBACK');
          return;
        }
        options.onProgress?.({ index, total: migrations.length, tag: m.tag });
        for (const statement of m.meta.sql) {
          if (statement.trim()) sqlite.exec(statement);
        }
        const violations = sqlite.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new Error(
            `migration ${m.tag} leaves ${violations.length} foreign key violation(s), e.g. ${JSON.stringify(violations[0])}; rolled back`,
          );
        }
        sqlite
          .prepare(`INSERT INTO "${TABLE}" ("hash", "created_at") VALUES (?, ?)`)
          .run(m.meta.hash, m.meta.folderMillis);
        sqlite.exec('COMMIT');
        applied.push(m.tag);
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      }
    });
  } finally {
    if (fkWasOn) sqlite.pragma('foreign_keys = ON');
  }
  return { applied };
}

/** Tags of the migrations not yet applied. */
export function pendingMigrations(sqlite: Sqlite, folder = MIGRATIONS_FOLDER): string[] {
  const hasTable = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name=?`).get(TABLE);
  const all = loadMigrations(folder);
  if (!hasTable) return all.map((m) => m.tag);
  return all.filter((m) => !isApplied(sqlite, m.meta)).map((m) => m.tag);
}

function isApplied(sqlite: Sqlite, meta: MigrationMeta): boolean {
  return (
    sqlite
      .prepare(`SELECT 1 FROM "${TABLE}" WHERE created_at = ? OR hash = ?`)
      .get(meta.folderMillis, meta.hash) !== undefined
  );
}

function loadMigrations(folder: string): { tag: string; meta: MigrationMeta }[] {
  const metas = readMigrationFiles({ migrationsFolder: folder });
  const journal = readJournalTags(folder);
  return metas.map((meta, i) => ({ tag: journal[i] ?? `migration ${i}`, meta }));
}

function readJournalTags(folder: string): string[] {
  // readMigrationFiles already parsed and validated the journal; only the tags are read again.
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}
