import fs from 'node:fs';
import { seededRandom } from '@/lib/study/seeded-random';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { createDb, type Db } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { addMember, makeStudy, makeUser } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { studyProgress } from '@/db/queries/progress';
import { createUser } from '@/db/queries/users';
import { cases, reads, studies } from '@/db/schema';
import { readCount } from '@/lib/study/progress';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { dataDirEnv, runCli } from './cli';
import { launchServer, stopServer, type Server } from './server';
import { summarize } from './stats';
import { signedIn } from './browser';

const COORDINATOR = { email: 'coordinator@example.org', password: 'bench-password-1' };
const MATRIX = '[data-testid="progress-matrix"]';
const COUNT = '[data-testid="case-count"]';
const DAY = 24 * 60 * 60 * 1000;
/** Rows per INSERT: well under SQLite's limit on bound parameters. */
const CHUNK = 500;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

type Seeded = {
  studyId: number;
  reads: number;
  mix: { submitted: number; draft: number; notStarted: number };
  seedMs: number;
};

/**
 * A migrated database with one VASARI study due three days ago, its coordinator, `readerCount`
 * reader members and `caseCount` cases, each read once (session 1) by every reader: about 60 %
 * submitted, 15 % drafts and the rest not started, so every open read is overdue.
 */
async function seedStudy(db: Db, caseCount: number, readerCount: number): Promise<Seeded> {
  const t0 = performance.now();
  const ctx = { actor: CLI_ACTOR, requestId: null };
  const now = Date.now();
  const opened = now - 60 * DAY;
  const { id: lexiconVersionId } = adoptLexiconVersion(db, ctx, shippedLexicon('vasari'));
  const study = makeStudy(db, { name: 'VASARI progress' });
  db.update(studies)
    .set({ lexiconVersionId, status: 'active', dueAt: new Date(now - 3 * DAY) })
    .where(eq(studies.id, study.id))
    .run();
  const { id: coordinatorId } = createUser(db, ctx, {
    email: COORDINATOR.email,
    name: 'Study Coordinator',
    role: 'coordinator',
    passwordHash: await hashPassword(COORDINATOR.password),
  });
  addMember(db, study.id, coordinatorId, 'coordinator');
  const readerIds = Array.from({ length: readerCount }, (_, i) => {
    const n = pad(i + 1, 2);
    const { id } = makeUser(db, { role: 'reader', email: `reader-${n}@example.org`, name: `Reader ${n}` });
    addMember(db, study.id, id, 'reader');
    return id;
  });

  const random = seededRandom(20_240_601);
  const mix = { submitted: 0, draft: 0, notStarted: 0 };
  let readTotal = 0;
  db.transaction((tx) => {
    const caseIds: number[] = [];
    for (let from = 0; from < caseCount; from += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, caseCount - from) }, (_, k) => {
        const n = pad(from + k + 1, 4);
        return {
          studyId: study.id,
          caseKey: `case-${n}`,
          label: `Case ${n}`,
          subjectId: `TCGA-${pad((from + k) % 90, 2)}-${n}`,
          metadata: { age: 30 + ((from + k) % 50), sex: (from + k) % 2 ? 'F' : 'M' },
          createdAt: new Date(opened),
        };
      });
      caseIds.push(
        ...tx
          .insert(cases)
          .values(rows)
          .returning({ id: cases.id })
          .all()
          .map((c) => c.id),
      );
    }

    let batch: (typeof reads.$inferInsert)[] = [];
    const flush = () => {
      if (batch.length) tx.insert(reads).values(batch).run();
      readTotal += batch.length;
      batch = [];
    };
    readerIds.forEach((readerId, r) => {
      // Readers keep different paces: from 45 % to 75 % submitted, 60 % on average.
      const pace = readerCount > 1 ? 0.45 + (0.3 * r) / (readerCount - 1) : 0.6;
      // Each reader's own reading order, as a fully crossed design deals it.
      const order = caseIds.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      caseIds.forEach((caseId, c) => {
        const u = random();
        const base = {
          studyId: study.id,
          caseId,
          readerId,
          session: 1,
          orderIndex: order[c]!,
          createdAt: new Date(opened),
        };
        if (u < pace) {
          const startedAt = opened + random() * 55 * DAY;
          const activeMs = Math.round(60_000 + random() * 300_000);
          const submittedAt = startedAt + activeMs + random() * 120_000;
          mix.submitted++;
          batch.push({
            ...base,
            status: 'submitted',
            startedAt: new Date(startedAt),
            submittedAt: new Date(submittedAt),
            activeMs,
            version: 2 + Math.floor(random() * 6),
            updatedAt: new Date(submittedAt),
          });
        } else if (u < pace + 0.15) {
          const startedAt = opened + random() * 58 * DAY;
          const activeMs = Math.round(20_000 + random() * 200_000);
          mix.draft++;
          batch.push({
            ...base,
            status: 'draft',
            startedAt: new Date(startedAt),
            activeMs,
            version: 1 + Math.floor(random() * 4),
            updatedAt: new Date(startedAt + activeMs),
          });
        } else {
          mix.notStarted++;
          batch.push({ ...base, status: 'not_started', updatedAt: new Date(opened) });
        }
        if (batch.length === CHUNK) flush();
      });
    });
    flush();
  });
  return { studyId: study.id, reads: readTotal, mix, seedMs: performance.now() - t0 };
}

/** studyProgress in-process against SELECT count(*) of the same reads, alternating, after one untimed run of each. */
function timeQuery(db: Db, studyId: number, expected: number, repeats: number) {
  const count = db.$client.prepare('SELECT count(*) AS n FROM reads WHERE study_id = ?');
  const progress = studyProgress(db, studyId);
  if (readCount(progress) !== expected)
    throw new Error(`studyProgress returned ${readCount(progress)} reads; ${expected} were seeded`);
  if ((count.get(studyId) as { n: number }).n !== expected)
    throw new Error('count(*) disagrees with the seed');
  const measured: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let t0 = performance.now();
    studyProgress(db, studyId);
    measured.push(performance.now() - t0);
    t0 = performance.now();
    count.get(studyId);
    floor.push(performance.now() - t0);
  }
  return { measured, floor };
}

/**
 * Navigation start → the document loaded and the matrix hydrated (React has taken over its
 * element) with at least one row rendered: the page as a coordinator can use it.
 */
async function timeMatrix(page: Page, go: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await go();
  await page.waitForFunction(
    (sel) => {
      const m = document.querySelector<HTMLElement>(sel);
      return (
        document.readyState === 'complete' &&
        m !== null &&
        Number(m.dataset.renderedRows) > 0 &&
        Object.keys(m).some((k) => k.startsWith('__reactFiber$'))
      );
    },
    MATRIX,
    { timeout: 120_000, polling: 'raf' },
  );
  return performance.now() - t0;
}

type Phases = {
  /** Request sent → first byte (ms): the server's work before it starts streaming. */
  ttfb: number;
  /** First byte → last byte of the HTML (ms): the rest of the render, streamed, and the transfer. */
  body: number;
  /** Last byte → DOMContentLoaded (ms). */
  dcl: number;
  /** DOMContentLoaded → load (ms). */
  load: number;
  encoded: number;
  decoded: number;
  /** Characters of the page's data inlined for hydration (the flight payload scripts). */
  flight: number;
  renderedRows: number;
  domRows: number;
};

async function phases(page: Page): Promise<Phases> {
  return page.evaluate((sel) => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const m = document.querySelector<HTMLElement>(sel)!;
    let flight = 0;
    for (const s of document.scripts)
      if (s.textContent?.includes('self.__next_f')) flight += s.textContent.length;
    return {
      ttfb: n.responseStart - n.requestStart,
      body: n.responseEnd - n.responseStart,
      dcl: n.domContentLoadedEventEnd - n.responseEnd,
      load: n.loadEventEnd - n.domContentLoadedEventEnd,
      encoded: n.encodedBodySize,
      decoded: n.decodedBodySize,
      flight,
      renderedRows: Number(m.dataset.renderedRows),
      domRows: m.querySelectorAll('[role="row"]').length - 1,
    };
  }, MATRIX);
}

/**
 * In the page: the matrix scrolled to `scrollTop`, then animation frames until the row with
 * aria-rowindex `row` is in the DOM, plus one frame so it has been painted (ms).
 */
async function scrollUntil(page: Page, scrollTop: number | 'bottom', row: number | null): Promise<number> {
  // No named helpers inside: the page runs this function's source as it is.
  return page.evaluate(
    async ([sel, to, want]) => {
      const m = document.querySelector<HTMLElement>(sel)!;
      const t0 = performance.now();
      m.scrollTop = to === 'bottom' ? m.scrollHeight : to;
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        if (want === null || m.querySelector(`[role="row"][aria-rowindex="${want}"]`)) break;
        if (performance.now() - t0 > 30_000) throw new Error(`Row ${want} never rendered`);
      }
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    },
    [MATRIX, scrollTop, row] as const,
  );
}

async function waitForCount(page: Page, text: string, rows: number): Promise<void> {
  await page.waitForFunction(
    ([count, matrix, want, n]) =>
      document.querySelector(count)?.textContent?.trim() === want &&
      document.querySelector(matrix)?.getAttribute('data-total-rows') === String(n),
    [COUNT, MATRIX, text, rows] as const,
    { timeout: 30_000, polling: 'raf' },
  );
}

export type ProgressBench = {
  cases: number;
  readers: number;
  reads: number;
  repeats: number;
  queryRepeats: number;
  mix: Seeded['mix'];
  seedMs: number;
  serverStartMs: number;
  rebuilt: boolean;
  search: string;
  cold: number[];
  warm: number[];
  filter: number[];
  clear: number[];
  scroll: number[];
  floorCold: number[];
  floorWarm: number[];
  floorFilter: number[];
  floorScroll: number[];
  query: number[];
  queryFloor: number[];
  /** Timing phases, sizes and rows of each cold navigation of the progress page. */
  page: Phases[];
  floorPage: { encoded: number; decoded: number };
  /** Rows in the DOM with the matrix scrolled to the bottom. */
  renderedAtBottom: number[];
  chromium: string;
};

/**
 * B-PROGRESS: the coordinator's progress page for a study of `caseCount` cases × `readerCount`
 * readers. Floors: the coordinator's study list on the same server and session; a fill into an
 * input no script listens to; a one-row scroll of the same matrix; SELECT count(*) of the reads.
 */
export async function benchProgress(
  repeats: number,
  caseCount = 1000,
  readerCount = 20,
): Promise<ProgressBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-progress-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    runCli(['db', 'migrate'], dataDirEnv(dataDir));
    const queryRepeats = Math.max(10, repeats);
    const db = createDb(openSqlite(path.join(dataDir, 'annolex.db')));
    let seeded: Seeded;
    let query: ReturnType<typeof timeQuery>;
    try {
      seeded = await seedStudy(db, caseCount, readerCount);
      query = timeQuery(db, seeded.studyId, seeded.reads, queryRepeats);
    } finally {
      // The server opens the database itself; this process must not hold it.
      db.$client.close();
    }

    const launched = await launchServer(dataDir, false);
    server = launched.server;
    const { baseURL, startMs: serverStartMs } = launched;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

    const url = `/coordinator/studies/${seeded.studyId}`;
    const search = `Case ${pad(caseCount - 1, 4)}`;
    const all = `${caseCount} of ${caseCount} cases`;
    const lastRow = caseCount + 1;

    // One untimed visit of each page loads the server's route modules and the study's data path.
    const first = await signedIn(browser, baseURL, COORDINATOR);
    try {
      const page = await first.newPage();
      await timeMatrix(page, () => page.goto(url, { waitUntil: 'commit' }));
      await page.goto('/coordinator', { waitUntil: 'load' });
    } finally {
      await first.close();
    }

    const result: ProgressBench = {
      cases: caseCount,
      readers: readerCount,
      reads: seeded.reads,
      repeats,
      queryRepeats,
      mix: seeded.mix,
      seedMs: seeded.seedMs,
      serverStartMs,
      rebuilt: server.building(),
      search,
      cold: [],
      warm: [],
      filter: [],
      clear: [],
      scroll: [],
      floorCold: [],
      floorWarm: [],
      floorFilter: [],
      floorScroll: [],
      query: query.measured,
      queryFloor: query.floor,
      page: [],
      floorPage: { encoded: 0, decoded: 0 },
      renderedAtBottom: [],
      chromium: browser.version(),
    };

    for (let i = 0; i < repeats; i++) {
      // A new context has an empty HTTP cache: the first visit fetches the bundles too.
      const context = await signedIn(browser, baseURL, COORDINATOR);
      try {
        const page = await context.newPage();
        result.cold.push(await timeMatrix(page, () => page.goto(url, { waitUntil: 'commit' })));
        result.page.push(await phases(page));
        result.warm.push(await timeMatrix(page, () => page.reload({ waitUntil: 'commit' })));

        // Scroll: from the top, one jump to the bottom until the last case's row is painted.
        await scrollUntil(page, 0, 2);
        if (await page.locator(`${MATRIX} [aria-rowindex="${lastRow}"]`).count())
          throw new Error('The last row is rendered before scrolling: the matrix is not virtualised');
        result.floorScroll.push(await scrollUntil(page, 44, null));
        await scrollUntil(page, 0, 2);
        result.scroll.push(await scrollUntil(page, 'bottom', lastRow));
        result.renderedAtBottom.push(Number(await page.locator(MATRIX).getAttribute('data-rendered-rows')));
        await scrollUntil(page, 0, 2);

        // Filter: the search box filled with one case's label until the count and the grid show it.
        const box = page.getByLabel('Search cases');
        let t0 = performance.now();
        await box.fill(search);
        await waitForCount(page, `1 of ${caseCount} cases`, 1);
        result.filter.push(performance.now() - t0);
        t0 = performance.now();
        await box.fill('');
        await waitForCount(page, all, caseCount);
        result.clear.push(performance.now() - t0);

        // Its floor: the same fill into an input no script listens to, until its value is seen in a frame.
        await page.evaluate(() => {
          const input = document.createElement('input');
          input.id = 'bench-plain-input';
          input.setAttribute('aria-label', 'Plain input');
          document.body.append(input);
        });
        const plain = page.locator('#bench-plain-input');
        t0 = performance.now();
        await plain.fill(search);
        await page.waitForFunction(
          (want) => (document.getElementById('bench-plain-input') as HTMLInputElement).value === want,
          search,
          { polling: 'raf' },
        );
        result.floorFilter.push(performance.now() - t0);
      } finally {
        await context.close();
      }

      // The floor: the coordinator's study list, same server, layout and bundles, no matrix.
      const floorContext = await signedIn(browser, baseURL, COORDINATOR);
      try {
        const page = await floorContext.newPage();
        let t0 = performance.now();
        await page.goto('/coordinator', { waitUntil: 'load' });
        result.floorCold.push(performance.now() - t0);
        result.floorPage = await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return { encoded: n.encodedBodySize, decoded: n.decodedBodySize };
        });
        t0 = performance.now();
        await page.reload({ waitUntil: 'load' });
        result.floorWarm.push(performance.now() - t0);
      } finally {
        await floorContext.close();
      }
    }
    return result;
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Medians of the cold navigations' phases, for the notes. */
export function medianPhases(list: Phases[]): Phases {
  const med = (k: keyof Phases) => summarize(list.map((p) => p[k])).median;
  return {
    ttfb: med('ttfb'),
    body: med('body'),
    dcl: med('dcl'),
    load: med('load'),
    encoded: med('encoded'),
    decoded: med('decoded'),
    flight: med('flight'),
    renderedRows: med('renderedRows'),
    domRows: med('domRows'),
  };
}
