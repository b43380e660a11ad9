import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { hashPassword } from 'better-auth/crypto';
import { and, eq } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { addMember, makeRead, makeStudy } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { createUser } from '@/db/queries/users';
import { cases, studies } from '@/db/schema';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { dataDirEnv, runCli } from './cli';
import { SYNTAXES, writeBenchSeries, type BenchSeries, type SyntaxId } from './imaging/series';
import { freePort, startServer, stopServer, waitForLogin, type Server } from './server';

/**
 * B1c and B2: time to first image when a reader opens a case in a new browser context (empty cache),
 * for one 512 × 512 × 16-bit MR series per transfer syntax (raw, JPEG-LS, HTJ2K), generated
 * and imported at bench time. A case holds that one series, so the viewer's "ready" (every
 * hung viewport rendered) is its first image. Also timed: the same page reloaded with the
 * browser cache warm, and (B2) navigation → every slice of the series in the viewer's cache, as the
 * viewer prefetches the stack after the first image. Floors: the reader's worklist (server-rendered,
 * no viewer) loaded the same way; a plain fetch of one instance; for B2, every instance of the
 * series fetched at once from the same route in the same page.
 */
const READY = '[data-viewer-ready="true"]';
const READER = { email: 'bench-reader@example.org', password: 'bench-password-1' };

export type FirstImageResult = {
  slices: number;
  series: (BenchSeries & {
    cold: number[];
    reload: number[];
    /** Navigation → every slice of the series in the viewer's cache (B2). */
    allCached: number[];
    /** Every instance of the series fetched at once from the same route, in the page (B2's floor). */
    fetchAll: number[];
    backend: string;
  })[];
  floorPage: number[];
  floorFetch: number[];
  chromium: string;
  decodeWorkers: number;
  generateMs: number;
};

async function prepare(dataDir: string, slices: number) {
  runCli(['db', 'migrate'], dataDirEnv(dataDir));
  const t0 = performance.now();
  const series = await writeBenchSeries(path.join(dataDir, 'incoming'), slices);
  const generateMs = performance.now() - t0;
  const db = createDb(openSqlite(path.join(dataDir, 'annolex.db')));
  let slug: string;
  let studyId: number;
  let readerId: string;
  try {
    const ctx = { actor: CLI_ACTOR, requestId: null };
    const { id: lexiconVersionId } = adoptLexiconVersion(db, ctx, shippedLexicon('vasari'));
    const study = makeStudy(db);
    db.update(studies).set({ lexiconVersionId, phiPolicy: 'allow' }).where(eq(studies.id, study.id)).run();
    slug = study.slug;
    studyId = study.id;
    readerId = createUser(db, ctx, {
      email: READER.email,
      name: 'Bench reader',
      role: 'reader',
      passwordHash: await hashPassword(READER.password),
    }).id;
    addMember(db, study.id, readerId, 'reader');
  } finally {
    db.$client.close();
  }
  for (const s of series) runCli(['import', s.folder, '--study', slug, '--quiet'], dataDirEnv(dataDir));
  const db2 = createDb(openSqlite(path.join(dataDir, 'annolex.db')));
  try {
    const readIds = new Map<SyntaxId, number>();
    for (const s of series) {
      const c = db2
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, s.caseKey)))
        .get();
      if (!c) throw new Error(`The import made no case ${s.caseKey}`);
      readIds.set(s.syntax, makeRead(db2, { studyId, caseId: c.id, readerId }).id);
    }
    return { series, readIds, generateMs };
  } finally {
    db2.$client.close();
  }
}

async function signedIn(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1600, height: 1000 } });
  const res = await context.request.post('/api/auth/sign-in/email', {
    data: READER,
    headers: { Origin: baseURL },
  });
  if (!res.ok()) throw new Error(`Signing in failed: ${res.status()}`);
  return context;
}

export async function benchFirstImage(repeats: number, slices: number): Promise<FirstImageResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-b1-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    const { series, readIds, generateMs } = await prepare(dataDir, slices);
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    server = startServer(dataDir, port, baseURL, false);
    await waitForLogin(server, baseURL);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

    // An untimed visit loads the server's route modules and fills the OS file cache.
    const warm = await signedIn(browser, baseURL);
    const warmPage = await warm.newPage();
    for (const id of readIds.values()) {
      await warmPage.goto(`/reader/reads/${id}`);
      await warmPage.waitForSelector(READY, { timeout: 120_000 });
    }
    const decodeWorkers = await warmPage.evaluate(() => Math.min(navigator.hardwareConcurrency || 2, 4));
    // The first instance's URL, as the viewer asks for it, for the fetch floor.
    const instanceUrl = await warmPage.evaluate(async () => {
      const entry = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .find((n) => /\/api\/v1\/instances\/\d+\/dicom/.test(n));
      return entry ?? null;
    });
    await warm.close();

    const results: FirstImageResult['series'] = series.map((s) => ({
      ...s,
      cold: [],
      reload: [],
      allCached: [],
      fetchAll: [],
      backend: '',
    }));
    const floorPage: number[] = [];
    const floorFetch: number[] = [];
    for (let i = 0; i < repeats; i++) {
      for (const r of results) {
        const context = await signedIn(browser, baseURL);
        try {
          const page = await context.newPage();
          let t0 = performance.now();
          await page.goto(`/reader/reads/${readIds.get(r.syntax)}`, { waitUntil: 'commit' });
          await page.waitForSelector(READY, { timeout: 60_000 });
          r.cold.push(performance.now() - t0);
          r.backend = (await page.locator(READY).getAttribute('data-viewer-backend')) ?? 'unknown';
          await page.waitForFunction(
            (n) => {
              const shown = window.__annolexViewer?.shownImages;
              return !!shown && shown.total === n && shown.cached === n;
            },
            r.files,
            { timeout: 120_000, polling: 'raf' },
          );
          r.allCached.push(performance.now() - t0);
          // The floor: the same instances fetched at once, bypassing the cache, in this page.
          r.fetchAll.push(
            await page.evaluate(async () => {
              const urls = [
                ...new Set(
                  performance
                    .getEntriesByType('resource')
                    .map((e) => e.name)
                    .filter((n) => /\/api\/v1\/instances\/\d+\/dicom/.test(n)),
                ),
              ];
              const s0 = performance.now();
              await Promise.all(urls.map(async (u) => (await fetch(u, { cache: 'no-store' })).arrayBuffer()));
              return performance.now() - s0;
            }),
          );
          t0 = performance.now();
          await page.reload({ waitUntil: 'commit' });
          await page.waitForSelector(READY, { timeout: 60_000 });
          r.reload.push(performance.now() - t0);
        } finally {
          await context.close();
        }
      }
      const context = await signedIn(browser, baseURL);
      try {
        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto('/reader', { waitUntil: 'load' });
        floorPage.push(performance.now() - t0);
        if (instanceUrl)
          floorFetch.push(
            await page.evaluate(async (url) => {
              const s = performance.now();
              await (await fetch(url, { cache: 'no-store' })).arrayBuffer();
              return performance.now() - s;
            }, instanceUrl),
          );
      } finally {
        await context.close();
      }
    }
    return {
      slices,
      series: results,
      floorPage,
      floorFetch,
      chromium: browser.version(),
      decodeWorkers,
      generateMs,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const SYNTAX_LABELS = Object.fromEntries(SYNTAXES.map((s) => [s.id, s.label])) as Record<
  SyntaxId,
  string
>;
