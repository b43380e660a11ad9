import fs from 'node:fs';
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '@/db/backup';
import { openSqlite } from '@/db/connection';
import { getEnv } from '@/lib/env';
import { CliError, info, out, userPath } from '../output';

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
      try {
        const started = Date.now();
        const { bytes, pages } = await backupDatabase(source, target, {
          overwrite: opts.force ?? false,
          onProgress: (p) => info(`Copying ${p.totalPages} pages from ${databasePath}…`),
        });
        info(`Copied ${pages} pages in ${Date.now() - started} ms and checked the copy`);
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
      try {
        const { bytes } = await restoreDatabase(userPath(file), databasePath, {
          overwrite: opts.force ?? false,
          onProgress: (p) => info(`Checked the backup; copying ${p.totalPages} pages…`),
        });
        out(`Restored ${databasePath} (${(bytes / 1024).toFixed(0)} KiB) from ${file}`);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
    });
}
