import fs from 'node:fs';
import path from 'node:path';
import { openSqlite, type Sqlite } from './connection';

const ALL_REMAINING_PAGES = 0x7fffffff;

export type BackupProgress = { totalPages: number; remainingPages: number };

/**
 * Copies a live database with SQLite's online backup API (never a file copy, which can
 * tear a page mid-write). It is written beside the target, checked, then renamed into place.
 *
 * The pages are copied in one backup step. Under WAL that step reads one consistent
 * snapshot while the app's writers carry on; smaller steps would restart from scratch
 * every time another connection commits, and never finish under steady autosaves.
 */
export async function backupDatabase(
  source: Sqlite,
  destination: string,
  options: { overwrite?: boolean; onProgress?: (p: BackupProgress) => void } = {},
): Promise<{ bytes: number; pages: number }> {
  if (fs.existsSync(destination) && !options.overwrite) {
    throw new Error(`${destination} exists; choose another file or overwrite it explicitly`);
  }
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const partial = `${destination}.partial-${process.pid}`;
  try {
    const result = await source.backup(partial, {
      progress: (p) => {
        options.onProgress?.(p);
        return ALL_REMAINING_PAGES;
      },
    });
    assertIntact(partial);
    fs.renameSync(partial, destination);
    return { bytes: fs.statSync(destination).size, pages: result.totalPages };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Replaces the database at `target` with a checked copy of a backup. The app must be stopped. */
export async function restoreDatabase(
  backupFile: string,
  target: string,
  options: { overwrite?: boolean; onProgress?: (p: BackupProgress) => void } = {},
): Promise<{ bytes: number }> {
  if (!fs.existsSync(backupFile)) throw new Error(`${backupFile} does not exist`);
  assertIntact(backupFile);
  if (fs.existsSync(target) && !options.overwrite) {
    throw new Error(`${target} exists; stop Annolex and pass --force to replace it`);
  }
  const source = openSqlite(backupFile, { readonly: true });
  try {
    const { bytes } = await backupDatabase(source, `${target}.restore`, {
      overwrite: true,
      onProgress: options.onProgress,
    });
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(`${target}.restore`, target);
    return { bytes };
  } finally {
    source.close();
  }
}

/** Throws unless `PRAGMA integrity_check` is ok. */
export function assertIntact(file: string): void {
  const db = openSqlite(file, { readonly: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length)
      throw new Error(`${file} failed integrity_check: ${problems.slice(0, 3).join('; ')}`);
  } finally {
    db.close();
  }
}
