import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, request, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { hashPassword } from 'better-auth/crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { addMember, makeCase, makeRead, makeStudy } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { createUser } from '@/db/queries/users';
import { lexiconVersions, reads, studies, users } from '@/db/schema';
import { completeAnswers, shippedLexicon, shippedModel } from '@/lib/lexicon/test-lexicons';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { dataDirEnv, runCli } from './cli';
import { launchServer, stopServer, type Server } from './server';
import { summarize } from './stats';
import { READY } from './browser';

export const PASSWORD = 'bench-password-1';

/** A migrated database with one VASARI study, one case and one read per reader. */
export async function seedReaders(dataDir: string, count: number) {
  runCli(['db', 'migrate'], dataDirEnv(dataDir));
  const db = createDb(openSqlite(path.join(dataDir, 'annolex.db')));
  try {
    const ctx = { actor: CLI_ACTOR, requestId: null };
    const { id: lexiconVersionId } = adoptLexiconVersion(db, ctx, shippedLexicon('vasari'));
    const study = makeStudy(db);
    db.update(studies).set({ lexiconVersionId }).where(eq(studies.id, study.id)).run();
    const caseId = makeCase(db, study.id).id;
    const passwordHash = await hashPassword(PASSWORD);
    return Array.from({ length: count }, (_, i) => {
      const email = `bench-${i}@example.org`;
      const { id } = createUser(db, ctx, { email, name: `Reader ${i}`, role: 'reader', passwordHash });
      addMember(db, study.id, id, 'reader');
      return { email, readId: makeRead(db, { studyId: study.id, caseId, readerId: id }).id };
    });
  } finally {
    // The server opens the database itself; this process must not hold it.
    db.$client.close();
  }
}

async function signIn(baseURL: string, email: string, password: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post('/api/auth/sign-in/email', {
    data: { email, password },
    headers: { Origin: baseURL },
  });
  if (!res.ok()) throw new Error(`Signing in as ${email} failed: ${res.status()} ${await res.text()}`);
  return ctx;
}

/** Every reader runs `step` back to back (each waits for its previous answer) until `ms` have passed. */
async function closedLoop(
  readers: number,
  ms: number,
  step: (reader: number, n: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: readers }, async (_, r) => {
      for (let n = 1; performance.now() < end; n++) {
        const s = performance.now();
        await step(r, n);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}

export type AutosaveBench = {
  readers: number;
  seconds: number;
  saves: number;
  put: ReturnType<typeof summarize>;
  putPerSecond: number;
  me: ReturnType<typeof summarize>;
  mePerSecond: number;
};

/** B-AUTOSAVE: concurrent draft saves through the real route; floor: GET /api/v1/me by the same readers. */
export async function benchAutosave(readerCount: number, ms: number): Promise<AutosaveBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-autosave-'));
  const contexts: APIRequestContext[] = [];
  let server: Server | undefined;
  try {
    const people = await seedReaders(dataDir, readerCount);
    const launched = await launchServer(dataDir, false);
    server = launched.server;
    const { baseURL } = launched;
    for (const p of people) contexts.push(await signIn(baseURL, p.email, PASSWORD));

    const versions = people.map(() => 0);
    const save = async (r: number, n: number) => {
      const res = await contexts[r]!.put(`/api/v1/reads/${people[r]!.readId}/answers`, {
        data: {
          mode: 'draft',
          version: versions[r],
          answers: { F29: n / 10, F4: n % 2 ? 'mild' : 'marked' },
        },
        headers: { Origin: baseURL },
      });
      if (!res.ok()) throw new Error(`PUT answers answered ${res.status()}: ${await res.text()}`);
      versions[r] = ((await res.json()) as { version: number }).version;
    };
    const me = async (r: number) => {
      const res = await contexts[r]!.get('/api/v1/me');
      if (!res.ok()) throw new Error(`GET /api/v1/me answered ${res.status()}`);
      await res.body();
    };
    // One untimed request of each kind per reader loads the route modules first.
    await Promise.all(people.map((_, r) => save(r, 0)));
    await Promise.all(people.map((_, r) => me(r)));

    const put = await closedLoop(readerCount, ms, save);
    const floor = await closedLoop(readerCount, ms, me);
    return {
      readers: readerCount,
      seconds: put.seconds,
      saves: put.latencies.length,
      put: summarize(put.latencies),
      putPerSecond: put.latencies.length / put.seconds,
      me: summarize(floor.latencies),
      mePerSecond: floor.latencies.length / floor.seconds,
    };
  } finally {
    for (const c of contexts) await c.dispose().catch(() => undefined);
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Resolves once the page has left the viewer it shows now (the ready element gone, replaced or
 * not ready), so a stale "ready" of the case just submitted is never taken for the next one.
 */
async function watchViewerChange(page: Page): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __benchLeft?: boolean };
    const first = document.querySelector(sel);
    w.__benchLeft = false;
    new MutationObserver((_, obs) => {
      if (document.querySelector(sel) !== first) {
        w.__benchLeft = true;
        obs.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, READY);
}

/**
 * Records, in the page, the Submit click (capture phase) and the first moment after it when the
 * next read's viewer shows an image: on the next read's URL, a pane that is new or whose
 * `data-rendered` turned from false to true.
 */
async function watchFirstImage(page: Page, nextPath: string): Promise<void> {
  await page.evaluate((want) => {
    const w = window as unknown as { __benchClick?: number; __benchFirst?: number | null };
    w.__benchFirst = null;
    delete w.__benchClick;
    const old = new Set(document.querySelectorAll('[data-rendered]'));
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as HTMLElement).closest('button')?.textContent?.trim() === 'Submit')
          w.__benchClick ??= performance.now();
      },
      { capture: true },
    );
    const obs = new MutationObserver((records) => {
      if (w.__benchFirst != null || w.__benchClick == null || location.pathname !== want) return;
      const flipped = records.some(
        (r) =>
          r.type === 'attributes' &&
          r.oldValue === 'false' &&
          (r.target as HTMLElement).getAttribute('data-rendered') === 'true',
      );
      const fresh = [...document.querySelectorAll('[data-rendered="true"]')].some((el) => !old.has(el));
      if (flipped || fresh) {
        w.__benchFirst = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-rendered'],
      attributeOldValue: true,
    });
  }, nextPath);
}

export type SubmitNextBench = {
  repeats: number;
  measured: number[];
  /** Submit click → the first image of the next read's viewer (B9), timed in the page. */
  firstImage: number[];
  /**
   * Where B9's time went, from the page's marks: click → the submit saved (form validation and
   * the PUT), → the next viewer mounted (navigation and React's render), → cornerstone session,
   * → first image.
   */
  steps: { submit: number; page: number; session: number; image: number }[];
  /** Of the submits, how many next viewers found images of their series already cached. */
  prefetched: number;
  floor: number[];
  backends: Set<string>;
  chromium: string;
  decodeWorkers: number;
};

/** B-SUBMIT-NEXT: on the demo, clicking Submit → the next read's four viewports rendered. */
export async function benchSubmitNext(repeats: number): Promise<SubmitNextBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-submit-'));
  const reader = { email: 'reader1@example.org', password: 'annolex-demo' };
  const complete = completeAnswers(shippedModel('vasari'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  let db: ReturnType<typeof createDb> | undefined;
  try {
    const launched = await launchServer(dataDir, true);
    server = launched.server;
    const { baseURL } = launched;
    // Read-only: versions and order come from the database the server writes.
    db = createDb(openSqlite(path.join(dataDir, 'annolex.db'), { readonly: true }));
    const me = db.select({ id: users.id }).from(users).where(eq(users.email, reader.email)).get();
    if (!me) throw new Error(`${reader.email} is not in the demo`);
    // The demo has several studies; only the VASARI one matches these answers, and the next
    // read after a submit is always one of the same study.
    const open = db
      .select({ id: reads.id })
      .from(reads)
      .innerJoin(studies, eq(studies.id, reads.studyId))
      .innerJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
      .where(and(eq(reads.readerId, me.id), ne(reads.status, 'submitted'), eq(lexiconVersions.key, 'vasari')))
      .orderBy(asc(reads.session), asc(reads.orderIndex))
      .all()
      .map((r) => r.id);
    if (open.length < repeats + 1)
      throw new Error(`${reader.email} has ${open.length} open reads; ${repeats + 1} are needed`);

    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const context = await browser.newContext({ baseURL, viewport: { width: 1600, height: 1000 } });
    const signIn = await context.request.post('/api/auth/sign-in/email', {
      data: reader,
      headers: { Origin: baseURL },
    });
    if (!signIn.ok()) throw new Error(`Signing in as ${reader.email} failed: ${signIn.status()}`);
    const page = await context.newPage();
    const result: SubmitNextBench = {
      repeats,
      measured: [],
      firstImage: [],
      steps: [],
      prefetched: 0,
      floor: [],
      backends: new Set(),
      chromium: browser.version(),
      decodeWorkers: 0,
    };
    for (let i = 0; i < repeats; i++) {
      const readId = open[i]!;
      const nextId = open[i + 1]!;
      // Complete answers saved as a draft before the page opens, so its form holds them and its version is current.
      const { version } = db
        .select({ version: reads.version })
        .from(reads)
        .where(eq(reads.id, readId))
        .get()!;
      const put = await context.request.put(`/api/v1/reads/${readId}/answers`, {
        data: { mode: 'draft', version, answers: complete },
        headers: { Origin: baseURL },
      });
      if (!put.ok()) throw new Error(`Saving complete answers answered ${put.status()}: ${await put.text()}`);
      await page.goto(`/reader/reads/${readId}`);
      await page.locator(READY).waitFor({ timeout: 60_000 });
      // B9 is about a prefetched next read: submit once the viewer has the current case's stacks
      // and the next read's series cached, as it has long before a reader finishes a case.
      const settled = await page.waitForFunction(
        () => {
          const v = window.__annolexViewer;
          return (
            !!v &&
            v.shownImages.total > 0 &&
            v.shownImages.cached === v.shownImages.total &&
            v.nextImages.total > 0 &&
            v.nextImages.cached === v.nextImages.total
          );
        },
        undefined,
        { timeout: 120_000 },
      );
      await settled.dispose();
      await watchViewerChange(page);
      await watchFirstImage(page, `/reader/reads/${nextId}`);

      const t0 = performance.now();
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.waitForFunction(
        ([sel, want]) =>
          location.pathname === want &&
          (window as unknown as { __benchLeft?: boolean }).__benchLeft === true &&
          document.querySelector(sel) !== null,
        [READY, `/reader/reads/${nextId}`] as const,
        { timeout: 60_000, polling: 'raf' },
      );
      result.measured.push(performance.now() - t0);
      const timing = await page.evaluate(() => {
        const w = window as unknown as { __benchClick?: number; __benchFirst?: number | null };
        const click = w.__benchClick;
        const image = w.__benchFirst;
        if (click == null || image == null) return null;
        // The next viewer's marks: the last of each name, set after the click (no named helper
        // functions in here: the bundler's naming helper does not exist in the page).
        const [saved, mount, session] = [
          'annolex:submit-saved',
          'annolex:viewer-mount',
          'annolex:viewer-session',
        ].map((name) =>
          performance
            .getEntriesByName(name, 'mark')
            .map((m) => m.startTime)
            .filter((t) => t > click)
            .at(-1),
        );
        return {
          first: image - click,
          steps:
            saved !== undefined && mount !== undefined && session !== undefined
              ? {
                  submit: saved - click,
                  page: mount - saved,
                  session: session - mount,
                  image: image - session,
                }
              : null,
          workers: Math.min(navigator.hardwareConcurrency || 2, 4),
        };
      });
      if (timing === null) throw new Error('The next read showed no first image');
      result.firstImage.push(timing.first);
      if (await page.evaluate(() => (window.__annolexViewer?.shownImages.atStart ?? 0) > 0))
        result.prefetched++;
      if (timing.steps) result.steps.push(timing.steps);
      result.decodeWorkers = timing.workers;
      result.backends.add((await page.locator(READY).getAttribute('data-viewer-backend')) ?? 'unknown');

      // The floor: the same next read opened by a plain reload, cache warm.
      const f0 = performance.now();
      await page.reload({ waitUntil: 'commit' });
      await page.locator(READY).waitFor({ timeout: 60_000 });
      result.floor.push(performance.now() - f0);
    }
    return result;
  } finally {
    db?.$client.close();
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
