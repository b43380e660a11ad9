import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { hashPassword } from 'better-auth/crypto';
import { and, eq } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { addMember, makeRead, makeStudy } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { createUser } from '@/db/queries/users';
import { caseSeries } from '@/db/queries/imaging';
import { cases, studies } from '@/db/schema';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { dataDirEnv, runCli } from './cli';
import { decodeAll, DecodePool, fetchFiles } from './imaging/decode-floor';
import { SYNTAXES, writeBenchSeries, type BenchSeries, type SyntaxId } from './imaging/series';
import { launchServer, stopServer, type Server } from './server';
import { READY, signedIn } from './browser';

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

/** Where a warm open's time went, from the viewer's marks (ms). */
export type WarmSteps = {
  /** Click → the viewer mounted: the page's server render, its payload and React's render. */
  page: number;
  /** Viewer mounted → cornerstone's rendering engine, viewports and tools created. */
  session: number;
  /** Session → every hung viewport rendered its first image. */
  render: number;
};

export type FirstImageResult = {
  slices: number;
  series: (BenchSeries & {
    cold: number[];
    reload: number[];
    /** Navigation → every slice of the series in the viewer's cache (B2). */
    allCached: number[];
    /** Every instance of the series fetched at once from the same route, in the page. */
    fetchAll: number[];
    /**
     * The same instances decoded by as many worker threads as the viewer has decode workers, with
     * its codec builds. B2's floor is the slower of this and `fetchAll` (fetch ∥ decode).
     */
    decodeAll: number[];
    /** B1: the B case opened from the worklist in a page that has just shown the A case. */
    warm: number[];
    /** Of the warm opens, how many found the series already cached (prefetched). */
    warmPrefetched: number;
    warmSteps: WarmSteps[];
    backend: string;
  })[];
  /**
   * B5: cases (ten in the full run) opened one after the other from the worklist in one page, each
   * closed (back to the worklist) before the next. Per case: cornerstone's image cache and the
   * page's ArrayBuffer bytes (pixels, files, anything else) while it was open with every slice
   * cached, then those and the JS heap, after garbage collection, once it was closed.
   */
  memory: {
    open: { cacheBytes: number; bufferBytes: number }[];
    closed: { cacheBytes: number; bufferBytes: number; heapBytes: number }[];
  };
  rawSeriesBytes: number;
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
    const readIds = new Map<string, number>();
    /** Each case's instance ids, whose image route the viewer fetches. */
    const instanceIds = new Map<string, number[]>();
    for (const s of series) {
      const c = db2
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, s.caseKey)))
        .get();
      if (!c) throw new Error(`The import made no case ${s.caseKey}`);
      readIds.set(s.caseKey, makeRead(db2, { studyId, caseId: c.id, readerId }).id);
      instanceIds.set(
        s.caseKey,
        caseSeries(db2, c.id).flatMap((x) => x.instances.map((i) => i.id)),
      );
    }
    return { series, readIds, instanceIds, generateMs };
  } finally {
    db2.$client.close();
  }
}

/**
 * From wherever the page is, the worklist through the app's own link (a client-side navigation:
 * the page, its scripts and decoders stay loaded), then a read opened from it: the click → its
 * first image. Also says whether the series was already in the cache when the viewer showed it.
 */
async function openFromWorklist(
  page: Page,
  readId: number,
  files: number,
): Promise<{ ms: number; prefetched: boolean; steps: WarmSteps | null }> {
  if (!page.url().endsWith('/reader')) {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.waitForURL('**/reader');
  }
  await page.locator(READY).waitFor({ state: 'detached' });
  const link = page.locator(`a[href="/reader/reads/${readId}"]`).first();
  await link.waitFor();
  await page.evaluate(() => {
    performance.clearMarks();
    document.addEventListener('click', () => performance.mark('bench:click'), { capture: true, once: true });
  });
  const t0 = performance.now();
  await link.click();
  await page.locator(READY).waitFor({ timeout: 60_000 });
  const ms = performance.now() - t0;
  // The viewer's User Timing marks, from the click: page → viewer mounted → session → ready.
  const steps = await page
    .waitForFunction(
      () => {
        // No named helper functions in here: the bundler's naming helper does not exist in the page.
        const [click, mount, session, ready] = [
          'bench:click',
          'annolex:viewer-mount',
          'annolex:viewer-session',
          'annolex:viewer-ready',
        ].map((name) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime);
        if (click === undefined || mount === undefined || session === undefined || ready === undefined)
          return null;
        return { page: mount - click, session: session - mount, render: ready - session };
      },
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => null);
  const split = steps ? ((await steps.jsonValue()) as WarmSteps) : null;
  await steps?.dispose();
  await page.waitForFunction(
    (n) => {
      const shown = window.__annolexViewer?.shownImages;
      return !!shown && shown.total === n && shown.cached === n;
    },
    files,
    { timeout: 120_000 },
  );
  const atStart = await page.evaluate(() => window.__annolexViewer?.shownImages.atStart ?? 0);
  return { ms, prefetched: atStart === files, steps: split };
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

export async function benchFirstImage(
  repeats: number,
  slices: number,
  opens = 10,
): Promise<FirstImageResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-b1-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  let pool: DecodePool | undefined;
  try {
    const { series, readIds, instanceIds, generateMs } = await prepare(dataDir, slices);
    const launched = await launchServer(dataDir, false);
    server = launched.server;
    const { baseURL } = launched;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

    // An untimed visit loads the server's route modules and fills the OS file cache.
    const warm = await signedIn(browser, baseURL, READER);
    const warmPage = await warm.newPage();
    for (const s of series.filter((x) => x.copy === 'A')) {
      await warmPage.goto(`/reader/reads/${readIds.get(s.caseKey)}`);
      await warmPage.locator(READY).waitFor({ timeout: 120_000 });
    }
    const decodeWorkers = await warmPage.evaluate(() => Math.min(navigator.hardwareConcurrency || 2, 4));
    pool = await DecodePool.start(decodeWorkers);
    // The first instance's URL, as the viewer asks for it, for the fetch floor.
    const instanceUrl = await warmPage.evaluate(async () => {
      const entry = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .find((n) => /\/api\/v1\/instances\/\d+\/dicom/.test(n));
      return entry ?? null;
    });
    await warm.close();

    const caseOf = (syntax: SyntaxId, copy: 'A' | 'B') =>
      series.find((x) => x.syntax === syntax && x.copy === copy)!;
    const readOf = (syntax: SyntaxId, copy: 'A' | 'B') => readIds.get(caseOf(syntax, copy).caseKey)!;
    const results: FirstImageResult['series'] = series
      .filter((x) => x.copy === 'A')
      .map((s) => ({
        ...s,
        cold: [],
        reload: [],
        allCached: [],
        fetchAll: [],
        decodeAll: [],
        warm: [],
        warmPrefetched: 0,
        warmSteps: [],
        backend: '',
      }));
    const floorPage: number[] = [];
    const floorFetch: number[] = [];
    for (let i = 0; i < repeats; i++) {
      for (const r of results) {
        const context = await signedIn(browser, baseURL, READER);
        try {
          const page = await context.newPage();
          let t0 = performance.now();
          await page.goto(`/reader/reads/${readOf(r.syntax, 'A')}`, { waitUntil: 'commit' });
          await page.locator(READY).waitFor({ timeout: 60_000 });
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
          const urls = instanceIds
            .get(caseOf(r.syntax, 'A').caseKey)!
            .map((id) => `${baseURL}/api/v1/instances/${id}/dicom`);
          if (urls.length !== r.files) throw new Error(`The case has ${urls.length} of ${r.files} instances`);
          r.fetchAll.push(
            await page.evaluate(async (list) => {
              const s0 = performance.now();
              await Promise.all(list.map(async (u) => (await fetch(u, { cache: 'no-store' })).arrayBuffer()));
              return performance.now() - s0;
            }, urls),
          );
          const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
          const decoded = await decodeAll(await fetchFiles(urls, cookie), pool!);
          if (decoded.samples !== r.files * 512 * 512)
            throw new Error(`The floor decoded ${decoded.samples} samples of ${r.files} × 512²`);
          r.decodeAll.push(decoded.ms);
          t0 = performance.now();
          await page.reload({ waitUntil: 'commit' });
          await page.locator(READY).waitFor({ timeout: 60_000 });
          r.reload.push(performance.now() - t0);
        } finally {
          await context.close();
        }
      }
      const context = await signedIn(browser, baseURL, READER);
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
    // B1: in one page, the A case opened, then the B case of the same syntax from the worklist.
    for (let i = 0; i < repeats; i++) {
      for (const r of results) {
        const context = await signedIn(browser, baseURL, READER);
        try {
          const page = await context.newPage();
          await page.goto(`/reader/reads/${readOf(r.syntax, 'A')}`);
          await page.locator(READY).waitFor({ timeout: 60_000 });
          const opened = await openFromWorklist(page, readOf(r.syntax, 'B'), r.files);
          r.warm.push(opened.ms);
          if (opened.steps) r.warmSteps.push(opened.steps);
          if (opened.prefetched) r.warmPrefetched++;
        } finally {
          await context.close();
        }
      }
    }

    // B5: ten cases opened one after the other from the worklist, in one page.
    const memory: FirstImageResult['memory'] = { open: [], closed: [] };
    {
      const context = await signedIn(browser, baseURL, READER);
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        // After a full garbage collection: the JS heap, and the backing stores of ArrayBuffers
        // (decoded pixels, fetched files), which live outside it.
        const usage = async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          const u = (await cdp.send('Runtime.getHeapUsage')) as {
            usedSize: number;
            backingStorageSize?: number;
          };
          return { heapBytes: u.usedSize, bufferBytes: u.backingStorageSize ?? 0 };
        };
        const cacheBytes = () => page.evaluate(() => window.__annolexViewer?.cacheBytes() ?? 0);
        const order = series.map((x) => readIds.get(x.caseKey)!);
        await page.goto('/reader');
        for (let n = 0; n < opens; n++) {
          await openFromWorklist(page, order[n % order.length]!, series[0]!.files);
          const { bufferBytes } = await usage();
          memory.open.push({ cacheBytes: await cacheBytes(), bufferBytes });
          await page.getByRole('link', { name: 'Worklist', exact: true }).click();
          await page.waitForURL('**/reader');
          await page.locator(READY).waitFor({ state: 'detached' });
          memory.closed.push({ cacheBytes: await cacheBytes(), ...(await usage()) });
        }
      } finally {
        await context.close();
      }
    }

    const scroll: FirstImageResult['scroll'] = { cpu: [], gpu: [] };
    const raw = caseOf('raw', 'A');
    for (const path of ['cpu', 'gpu'] as const) {
      const context = await signedIn(browser, baseURL, READER);
      try {
        const page = await context.newPage();
        await page.goto(`/reader/reads/${readOf('raw', 'A')}${path === 'cpu' ? '?renderer=cpu' : ''}`);
        await page.locator(READY).waitFor({ timeout: 60_000 });
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
      memory,
      rawSeriesBytes: caseOf('raw', 'A').bytes,
      scroll,
      floorPage,
      floorFetch,
      chromium: browser.version(),
      decodeWorkers,
      generateMs,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await pool?.stop();
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const SYNTAX_LABELS = Object.fromEntries(SYNTAXES.map((s) => [s.id, s.label])) as Record<
  SyntaxId,
  string
>;
