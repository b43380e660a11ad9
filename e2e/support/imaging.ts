import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { makeStudy } from '@/db/factories';
import { cases, imagingInstances, imagingSeries, reads, studies, users } from '@/db/schema';
import { DEMO_STUDY_SLUG } from '@/db/seed-demo-study';
import { makeTestDicom } from '@/lib/dicom/test-dicom';
import { childEnv, sharedEnv } from '@/lib/env';
import { testDb } from './db';

export const demoStudyId = () =>
  testDb().select({ id: studies.id }).from(studies).where(eq(studies.slug, DEMO_STUDY_SLUG)).get()!.id;

/** The first read (in the reader's order) of a demo reader. */
export function demoRead(email: string, status?: 'not_started' | 'draft' | 'submitted'): number {
  const db = testDb();
  const user = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!;
  return db
    .select({ id: reads.id })
    .from(reads)
    .where(
      and(
        eq(reads.readerId, user.id),
        eq(reads.studyId, demoStudyId()),
        ...(status ? [eq(reads.status, status)] : []),
      ),
    )
    .orderBy(asc(reads.orderIndex))
    .get()!.id;
}

export const demoCaseId = () =>
  testDb()
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.studyId, demoStudyId()))
    .orderBy(asc(cases.id))
    .get()!.id;

/** An instance of the first demo case. */
export function demoInstance(): number {
  return testDb()
    .select({ id: imagingInstances.id })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .where(eq(imagingSeries.caseId, demoCaseId()))
    .get()!.id;
}

/** Runs the real CLI against the e2e server's data folder. */
export function annolex(...args: string[]): string {
  const dataDir = sharedEnv('ANNOLEX_E2E_DATA_DIR', () => {
    throw new Error('run the e2e tests through playwright.config.ts');
  });
  const orthancPort = sharedEnv('ANNOLEX_E2E_ORTHANC_PORT', () => '3142');
  return execFileSync('node', ['lib/cli/bin.mjs', ...args], {
    // The same data folder and DICOMweb server as the e2e app server.
    env: childEnv({
      ANNOLEX_DATA_DIR: dataDir,
      ANNOLEX_DICOMWEB_URL: `http://127.0.0.1:${orthancPort}/dicom-web`,
      ANNOLEX_DICOMWEB_USERNAME: 'annolex',
      ANNOLEX_DICOMWEB_PASSWORD: sharedEnv('ANNOLEX_E2E_ORTHANC_PASSWORD', () => 'unset'),
    }),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

let outside: { studyId: number; instanceId: number } | undefined;

/**
 * A study none of the demo accounts belongs to, with one imported image (through the CLI,
 * as a user would). Created once per worker.
 */
export function outsideStudy(): { studyId: number; instanceId: number } {
  if (outside) return outside;
  const db = testDb();
  const { id: studyId, slug } = makeStudy(db, { name: `Outside ${crypto.randomUUID().slice(0, 6)}` });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-e2e-import-'));
  const sop = `2.25.${BigInt(`0x${crypto.randomUUID().replaceAll('-', '')}`)}`;
  fs.writeFileSync(path.join(dir, 'one.dcm'), makeTestDicom({ uids: { sop } }));
  annolex('import', dir, '--study', slug, '--policy', 'allow');
  fs.rmSync(dir, { recursive: true, force: true });
  const instance = db
    .select({ id: imagingInstances.id })
    .from(imagingInstances)
    .where(eq(imagingInstances.sopInstanceUid, sop))
    .get()!;
  outside = { studyId, instanceId: instance.id };
  return outside;
}

export const outsideInstance = () => outsideStudy().instanceId;
