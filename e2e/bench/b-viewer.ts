import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { launchServer, stopServer, type Server } from './server';
import { summarize } from './stats';
import { READY, signedIn } from './browser';

const READER = { email: 'reader1@example.org', password: 'annolex-demo' };

/** The reader's reads, one per case (a re-read of a case already listed is left out). */
async function readsOf(context: BrowserContext): Promise<string[]> {
  const res = await context.request.get('/reader');
  if (!res.ok()) throw new Error(`GET /reader answered ${res.status()}`);
  const html = await res.text();
  const byCase = new Map<string, string>();
  for (const m of html.matchAll(/href="(\/reader\/reads\/\d+)"[^>]*>([^<]*)</g)) {
    const [, href, label] = m;
    if (href && !byCase.has(label ?? href)) byCase.set(label ?? href, href);
  }
  return [...byCase.values()];
}

/** Navigation start to every viewport rendered, and the backend the viewer chose. */
async function timeViewer(page: Page, go: () => Promise<unknown>): Promise<{ ms: number; backend: string }> {
  const t0 = performance.now();
  await go();
  await page.locator(READY).waitFor({ timeout: 60_000 });
  const ms = performance.now() - t0;
  const backend = (await page.locator(READY).getAttribute('data-viewer-backend')) ?? 'unknown';
  return { ms, backend };
}

/** What WebGL is behind the "gpu" path here: with --disable-gpu it is usually a software rasteriser. */
async function webglRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'no WebGL2';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
}

type PathResult = {
  cold: number[];
  warm: number[];
  backends: Set<string>;
};

export type ViewerBench = {
  repeats: number;
  serverStartMs: number;
  /** Whether `annolex start` rebuilt the app first (sources newer than the build): start-up then includes it. */
  rebuilt: boolean;
  webgl: string;
  /** The browser's own version string. */
  chromium: string;
  /** Decode web workers the viewer starts in this browser (cornerstone.client.ts: min(cores, 4)). */
  decodeWorkers: number;
  gpu: PathResult;
  cpu: PathResult;
  floorCold: ReturnType<typeof summarize>;
  floorWarm: ReturnType<typeof summarize>;
};

export async function benchViewer(repeats: number): Promise<ViewerBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-viewer-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    const launched = await launchServer(dataDir, true);
    server = launched.server;
    const { baseURL, startMs: serverStartMs } = launched;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

    const first = await signedIn(browser, baseURL, READER);
    const reads = await readsOf(first);
    if (reads.length < 2 * repeats + 1)
      throw new Error(`reader1 has ${reads.length} reads; ${2 * repeats + 1} are needed`);
    // One untimed visit loads the server's route modules, so the first timed run is not also a
    // server cold start; it uses a case no timed run visits.
    const warmup = await first.newPage();
    await timeViewer(warmup, () => warmup.goto(reads[2 * repeats]!, { waitUntil: 'commit' }));
    await warmup.goto('/reader');
    const webgl = await webglRenderer(warmup);
    const decodeWorkers = await warmup.evaluate(() => Math.min(navigator.hardwareConcurrency || 2, 4));
    await first.close();

    const gpu: PathResult = { cold: [], warm: [], backends: new Set() };
    const cpu: PathResult = { cold: [], warm: [], backends: new Set() };
    const floorCold: number[] = [];
    const floorWarm: number[] = [];
    for (let i = 0; i < repeats; i++) {
      for (const [result, url] of [
        [gpu, reads[i]!],
        [cpu, `${reads[repeats + i]!}?renderer=cpu`],
      ] as const) {
        // A new context has an empty HTTP cache: the first visit fetches the bundles and images.
        const context = await signedIn(browser, baseURL, READER);
        try {
          const page = await context.newPage();
          const cold = await timeViewer(page, () => page.goto(url, { waitUntil: 'commit' }));
          const warm = await timeViewer(page, () => page.reload({ waitUntil: 'commit' }));
          result.cold.push(cold.ms);
          result.warm.push(warm.ms);
          result.backends.add(cold.backend).add(warm.backend);
        } finally {
          await context.close();
        }
      }
      // The floor: the worklist, server-rendered with the same layout, session and bundles but no viewer.
      const context = await signedIn(browser, baseURL, READER);
      try {
        const page = await context.newPage();
        let t0 = performance.now();
        await page.goto('/reader', { waitUntil: 'load' });
        floorCold.push(performance.now() - t0);
        t0 = performance.now();
        await page.reload({ waitUntil: 'load' });
        floorWarm.push(performance.now() - t0);
      } finally {
        await context.close();
      }
    }
    return {
      repeats,
      serverStartMs,
      rebuilt: server.building(),
      webgl,
      chromium: browser.version(),
      decodeWorkers,
      gpu,
      cpu,
      floorCold: summarize(floorCold),
      floorWarm: summarize(floorWarm),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
