import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { and, eq, inArray } from 'drizzle-orm';
import { addMember, makeRead, makeStudy } from '@/db/factories';
import { answers, cases, studies } from '@/db/schema';
import { PNG } from 'pngjs';
import { createLoginUser, testDb } from './db';
import { demoStudyId } from './imaging';

/** A new study pinned to the demo study's VASARI version, with one fresh reader. */
export async function readingStudy() {
  const db = testDb();
  const lexiconVersionId = db
    .select({ v: studies.lexiconVersionId })
    .from(studies)
    .where(eq(studies.id, demoStudyId()))
    .get()!.v;
  const study = makeStudy(db);
  db.update(studies)
    .set({ lexiconVersionId, phiPolicy: 'allow', status: 'active' })
    .where(eq(studies.id, study.id))
    .run();
  const reader = await createLoginUser('reader');
  addMember(db, study.id, reader.id, 'reader');
  return { study, reader };
}

/** A read of the reader for every case of the study, keyed by case key. */
export function readsFor(studyId: number, readerId: string): Map<string, number> {
  const db = testDb();
  const out = new Map<string, number>();
  for (const c of db.select().from(cases).where(eq(cases.studyId, studyId)).all())
    out.set(c.caseKey, makeRead(db, { studyId, caseId: c.id, readerId, status: 'not_started' }).id);
  return out;
}

/** A browser context signed in as the given user. */
export async function signedIn(
  browser: Browser,
  baseURL: string,
  user: { email: string; password: string },
  viewport?: { width: number; height: number },
) {
  const context: BrowserContext = await browser.newContext({ baseURL, ...(viewport ? { viewport } : {}) });
  const res = await context.request.post('/api/auth/sign-in/email', {
    data: { email: user.email, password: user.password },
    headers: { Origin: baseURL },
  });
  expect(res.ok()).toBe(true);
  return context;
}

/** Waits until the viewer says every hung viewport rendered. */
export async function viewerReady(page: Page): Promise<Locator> {
  const viewer = page.locator('[data-viewer-ready]');
  await expect(viewer).toHaveAttribute('data-viewer-ready', 'true', { timeout: 30_000 });
  return viewer;
}

/**
 * The share of a screenshot's pixels that differ from its corner colour (the background):
 * an image that rendered has plenty, a blank or failed viewport has almost none.
 */
export async function foregroundShare(target: Locator): Promise<number> {
  const png = PNG.sync.read(await target.screenshot());
  const bg = [png.data[0]!, png.data[1]!, png.data[2]!];
  let differ = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const d =
      Math.abs(png.data[i]! - bg[0]!) +
      Math.abs(png.data[i + 1]! - bg[1]!) +
      Math.abs(png.data[i + 2]! - bg[2]!);
    if (d > 30) differ++;
  }
  return differ / (png.width * png.height);
}

/** A fresh reader with reads of the given demo cases, in that order. */
export async function readerWith(caseKeys: string[]) {
  const db = testDb();
  const reader = await createLoginUser('reader');
  const studyId = demoStudyId();
  addMember(db, studyId, reader.id, 'reader');
  const rows = db
    .select()
    .from(cases)
    .where(and(eq(cases.studyId, studyId), inArray(cases.caseKey, caseKeys)))
    .all();
  const readIds = caseKeys.map(
    (key) =>
      makeRead(db, { studyId, caseId: rows.find((c) => c.caseKey === key)!.id, readerId: reader.id }).id,
  );
  return { reader, readIds };
}

export const stored = (readId: number) =>
  Object.fromEntries(
    testDb()
      .select()
      .from(answers)
      .where(eq(answers.readId, readId))
      .all()
      .map((a) => [a.featurePath, a.value]),
  );

export const saveStatus = (page: Page) => page.getByTestId('save-status');
export const enhancement = (page: Page, option: string) =>
  page
    .getByRole('group', { name: /F4 Enhancement quality/ })
    .getByRole('radio', { name: option, exact: true });
