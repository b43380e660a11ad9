import type { Command } from 'commander';
import { openSqlite, readPragmas } from '@/db/connection';
import { migrate, pendingMigrations } from '@/db/migrate';
import { getEnv } from '@/lib/env';
import { info, out } from '../output';

/** Applies pending migrations to the configured database, printing each one. */
export function migrateConfigured(): void {
  const { databasePath } = getEnv();
  const sqlite = openSqlite(databasePath);
  try {
    const { applied } = migrate(sqlite, {
      onProgress: ({ index, total, tag }) => info(`Applying migration ${index + 1}/${total}: ${tag}`),
    });
    info(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${databasePath}`
        : `Database is up to date (${databasePath})`,
    );
  } finally {
    sqlite.close();
  }
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Create the database if needed and apply pending migrations (each in its own transaction)')
    .action(() => migrateConfigured());
  db.command('status')
    .description('Show the database file, its settings and pending migrations')
    .action(() => {
      const { databasePath } = getEnv();
      const sqlite = openSqlite(databasePath);
      try {
        const pending = pendingMigrations(sqlite);
        out(
          JSON.stringify(
            { database: databasePath, pragmas: readPragmas(sqlite), pendingMigrations: pending },
            null,
            2,
          ),
        );
      } finally {
        sqlite.close();
      }
    });
}
