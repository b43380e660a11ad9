import fs from 'node:fs';
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '@/db/backup';
import { openSqlite } from '@/db/connection';
import { getEnv } from '@/lib/env';
import { CliError, out, progress, userPath } from '../output';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description("Copy the live database to <file> with SQLite's online backup API (safe while Annolex runs)")
    .argument('<file>', 'where to write the backup')
    .option('--force', 'overwrite <file> if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { databasePath } = getEnv();
      if (!fs.existsSync(databasePath)) throw new CliError(`No database at ${databasePath}`);
      const target = userPath(file);
      const source = openSqlite(databasePath);
      const bar = progress('Backing up');
      try {
        const { bytes, pages } = await backupDatabase(source, target, {
          overwrite: opts.force ?? false,
          onProgress: (p) => bar.update(p.totalPages - p.remainingPages, p.totalPages),
        });
        bar.done(`Backed up ${pages} pages`);
        out(`Wrote ${target} (${(bytes / 1024).toFixed(0)} KiB, integrity_check ok)`);
      } catch (error) {
        throw new CliError((error as Error).message);
      } finally {
        source.close();
      }
    });
  program
    .command('restore')
    .description('Replace the database with a backup (stop Annolex first)')
    .argument('<file>', 'a file written by `annolex backup`')
    .option('--force', 'replace the existing database')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { databasePath } = getEnv();
      const bar = progress('Restoring');
      try {
        const { bytes } = await restoreDatabase(userPath(file), databasePath, {
          overwrite: opts.force ?? false,
          onProgress: (p) => bar.update(p.totalPages - p.remainingPages, p.totalPages),
        });
        bar.done('Restored');
        out(`Restored ${databasePath} (${(bytes / 1024).toFixed(0)} KiB) from ${file}`);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
    });
}
