import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { makeStudy } from '@/db/factories';
import { studies } from '@/db/schema';
import { gliomaCaseDicom } from '@/lib/dicom/phantom/glioma-dicom';
import { dataDirEnv, runCli } from './cli';
import { summarize } from './stats';

/** Writes N default-size glioma phantom cases as Part 10 files, one folder per case and series. */
function writeCases(dir: string, count: number): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  for (let n = 1; n <= count; n++) {
    const caseKey = `BENCH-${String(n).padStart(4, '0')}`;
    for (const f of gliomaCaseDicom({ caseKey, seed: 500 + n }).files) {
      const file = path.join(
        dir,
        caseKey,
        f.seriesDescription.replace(/\W+/g, '_'),
        `${f.instanceNumber}.dcm`,
      );
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.bytes);
      files.push(file);
      bytes += f.bytes.length;
    }
  }
  return { files, bytes };
}

/** A migrated database with one empty study that accepts the phantoms as they are. */
function freshStudy(dataDir: string): string {
  runCli(['db', 'migrate'], dataDirEnv(dataDir));
  const db = createDb(openSqlite(path.join(dataDir, 'annolex.db')));
  try {
    const study = makeStudy(db);
    db.update(studies).set({ phiPolicy: 'allow' }).where(eq(studies.id, study.id)).run();
    return study.slug;
  } finally {
    db.$client.close();
  }
}

/**
 * The floor: what any durable content-addressed import must do with these files — read each,
 * hash it, and write it to its digest's path with the file and its folder fsynced (as the blob
 * store does) — with no parsing, de-identification or database.
 */
function copyAddressed(files: string[], root: string): void {
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const dir = path.join(root, sha256.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, sha256));
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }
}

export function benchImport(cases: number, repeats: number) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-import-'));
  try {
    const source = path.join(root, 'source');
    const { files, bytes } = writeCases(source, cases);
    const measured: number[] = [];
    const floor: number[] = [];
    const startup: number[] = [];
    for (let i = 0; i < repeats; i++) {
      // Every repeat starts from an empty data folder: a second import would only find duplicates.
      const dataDir = path.join(root, `data-${i}`);
      const slug = freshStudy(dataDir);
      const run = runCli(['import', source, '--study', slug, '--quiet'], dataDirEnv(dataDir));
      const imported = Number(/imported\s+(\d+)/.exec(run.stdout)?.[1]);
      if (imported !== files.length)
        throw new Error(`annolex import stored ${imported} of ${files.length} files:\n${run.stdout}`);
      measured.push(run.ms);
      fs.rmSync(dataDir, { recursive: true, force: true });

      const floorDir = path.join(root, `floor-${i}`);
      const t0 = performance.now();
      copyAddressed(files, floorDir);
      floor.push(performance.now() - t0);
      fs.rmSync(floorDir, { recursive: true, force: true });

      startup.push(runCli(['--help']).ms);
    }
    return {
      cases,
      files: files.length,
      bytes,
      measured: summarize(measured),
      floor: summarize(floor),
      startup: summarize(startup),
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
