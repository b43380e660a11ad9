import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
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

export type ScrollRun = {
  /** Wheel events dispatched, and delivered to a bare listener on the same element (the floor). */
  events: number;
  seconds: number;
  /** Slices the viewport moved to (cornerstone's STACK_NEW_IMAGE), per second of the event train. */
  slicesPerSecond: number;
  /** Frames cornerstone rendered per second of the train (IMAGE_RENDERED). */
  framesPerSecond: number;
  /** Frames rendered while the viewport had no image or was still loading one. */
  blankFrames: number;
  /** The same events' rate as a no-op listener on the same element received them. */
  floorEventsPerSecond: number;
  backend: string;
};

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
  /** B3: wheel scrolling through the cached raw series on each rendering path. */
  scroll: Record<'cpu' | 'gpu', ScrollRun[]>;
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

/**
 * Real (trusted) wheel events at 60 per second over the first viewport, from the top of the stack
 * towards its end (at most `maxEvents`), sent through the browser's input pipeline; counts the
 * slices cornerstone moved to, the frames it rendered and those rendered without an image. The
 * floor is the rate at which a no-op listener on the same element received the same events.
 */
async function scrollRun(page: Page, total: number, maxEvents: number): Promise<Omit<ScrollRun, 'backend'>> {
  const sel = '[data-viewport-index][data-rendered="true"]';
  const slice = () => page.locator(sel).first().getAttribute('data-slice').then(Number);
  const toTop = async () => {
    await page.locator(sel).first().focus();
    await page.keyboard.press('Home');
    await page.waitForFunction((s) => document.querySelector<HTMLElement>(s)?.dataset.slice === '0', sel);
  };
  const box = (await page.locator(sel).first().boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Which wheel direction moves down the stack: one probe event from the top.
  await toTop();
  await page.mouse.wheel(0, 100);
  await page.waitForTimeout(300);
  const sign = (await slice()) > 0 ? 1 : -1;
  await toTop();
  await page.evaluate((s) => {
    const el = document.querySelector<HTMLElement>(s)!;
    // Anonymous listeners removed through one signal (named inner functions do not survive the
    // bundler's helpers in page.evaluate).
    const counts = { moved: 0, rendered: 0, blank: 0, delivered: 0, stop: new AbortController() };
    const signal = counts.stop.signal;
    el.addEventListener('CORNERSTONE_STACK_NEW_IMAGE', () => counts.moved++, { signal });
    el.addEventListener(
      'CORNERSTONE_IMAGE_RENDERED',
      (e) => {
        const status = (e as CustomEvent<{ viewportStatus?: string }>).detail?.viewportStatus;
        // A frame drawn while the viewport has no image or is still loading one is blank.
        if (status === 'noData' || status === 'loading') counts.blank++;
        counts.rendered++;
      },
      { signal },
    );
    el.addEventListener('wheel', () => counts.delivered++, { signal });
    (window as unknown as { __benchScroll?: typeof counts }).__benchScroll = counts;
  }, sel);
  const events = Math.min(maxEvents, total - 3);
  const t0 = performance.now();
  // Sent on schedule without waiting for each acknowledgement (the browser acknowledges an input
  // event only once it has handled it, which would turn a slow page into a slow sender).
  const sent: Promise<void>[] = [];
  for (let i = 0; i < events; i++) {
    const wait = t0 + (i * 1000) / 60 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.push(page.mouse.wheel(0, 100 * sign));
  }
  await Promise.all(sent);
  const seconds = (performance.now() - t0) / 1000;
  // Renders still queued when the train ends count as late, not as missing.
  await page.waitForTimeout(250);
  const counts = await page.evaluate(() => {
    const c = (
      window as unknown as {
        __benchScroll: {
          moved: number;
          rendered: number;
          blank: number;
          delivered: number;
          stop: AbortController;
        };
      }
    ).__benchScroll;
    c.stop.abort();
    return { moved: c.moved, rendered: c.rendered, blank: c.blank, delivered: c.delivered };
  });
  return {
    events,
    seconds,
    slicesPerSecond: counts.moved / seconds,
    framesPerSecond: counts.rendered / seconds,
    blankFrames: counts.blank,
    floorEventsPerSecond: counts.delivered / seconds,
  };
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
    const scroll: FirstImageResult['scroll'] = { cpu: [], gpu: [] };
    const raw = series.find((x) => x.syntax === 'raw')!;
    for (const path of ['cpu', 'gpu'] as const) {
      const context = await signedIn(browser, baseURL);
      try {
        const page = await context.newPage();
        await page.goto(`/reader/reads/${readIds.get('raw')}${path === 'cpu' ? '?renderer=cpu' : ''}`);
        await page.waitForSelector(READY, { timeout: 60_000 });
        await page.waitForFunction((n) => window.__annolexViewer?.shownImages.cached === n, raw.files, {
          timeout: 120_000,
        });
        const backend = (await page.locator(READY).getAttribute('data-viewer-backend')) ?? 'unknown';
        for (let i = 0; i < repeats; i++)
          scroll[path].push({ ...(await scrollRun(page, raw.files, 120)), backend });
      } finally {
        await context.close();
      }
    }
    return {
      slices,
      series: results,
      scroll,
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
