import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PASSWORD, seedReaders } from './b-autosave';
import { freePort, launchServer, stopServer, type Server } from './server';
import { summarize } from './stats';

/**
 * B6: autosave under an open-loop load. Readers' draft saves arrive at fixed times whatever
 * the server's answers (see load/open-loop.mjs), from a load generator in its own Node
 * process, through the real route `PUT /api/v1/reads/{id}/answers` with each reader's own
 * session. The floor is the same load, by the same generator, against a bare `node:http` +
 * better-sqlite3 server doing the same write (load/floor-server.mjs).
 */
export type OpenLoopRun = {
  latencies: number[];
  errors: number;
  statuses: Record<string, number>;
  sent: number;
  seconds: number;
  /** Each counted save: its scheduled time (ms since the epoch) and its latency (ms). */
  samples: [number, number][];
  /** Each read's version after the run's last save. */
  versions: number[];
};

/** The generator's settings (see load/open-loop.mjs). */
export type OpenLoopConfig = {
  url: string;
  origin: string;
  readers: { readId: number; cookie: string; version?: number }[];
  perReaderPerSecond: number;
  seconds: number;
  warmupSeconds: number;
};

export type B6Result = {
  readers: number;
  perReaderPerSecond: number;
  seconds: number;
  annolex: OpenLoopRun;
  floor: OpenLoopRun;
};

const GENERATOR = path.resolve('e2e/bench/load/open-loop.mjs');
const FLOOR_SERVER = path.resolve('e2e/bench/load/floor-server.mjs');

function generate(config: OpenLoopConfig): OpenLoopRun {
  const res = spawnSync(process.execPath, [GENERATOR, JSON.stringify(config)], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  if (res.status !== 0) throw new Error(`The load generator failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout) as OpenLoopRun;
}

/** The same generator, run in the background while the caller does something else (B7). */
export function generateInBackground(config: OpenLoopConfig): Promise<OpenLoopRun> {
  const child = spawn(process.execPath, [GENERATOR, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`The load generator failed (${code}): ${err}`));
      else resolve(JSON.parse(out) as OpenLoopRun);
    });
  });
}

/** A session cookie header for one reader, from the real sign-in route. */
export async function sessionCookie(baseURL: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`Signing in as ${email} failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function floorServer(dir: string, readers: number) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [FLOOR_SERVER, path.join(dir, 'floor.db'), String(port), String(readers)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`The floor server stopped (${code})`)));
  });
  return { port, stop: () => child.kill('SIGKILL') };
}

export async function benchB6(
  readers: number,
  seconds: number,
  perReaderPerSecond: number,
): Promise<B6Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-b6-'));
  let server: Server | undefined;
  let floor: Awaited<ReturnType<typeof floorServer>> | undefined;
  try {
    const people = await seedReaders(dir, readers);
    const launched = await launchServer(dir, false);
    server = launched.server;
    const { baseURL } = launched;
    const sessions = [];
    for (const p of people)
      sessions.push({ readId: p.readId, cookie: await sessionCookie(baseURL, p.email) });
    const load = { perReaderPerSecond, seconds, warmupSeconds: 2 };

    floor = await floorServer(dir, readers);
    const floorRun = generate({
      ...load,
      url: `http://127.0.0.1:${floor.port}/api/v1/reads/{readId}/answers`,
      origin: `http://127.0.0.1:${floor.port}`,
      readers: sessions.map((_, i) => ({ readId: i + 1, cookie: '' })),
    });
    floor.stop();
    floor = undefined;

    const annolex = generate({
      ...load,
      url: `${baseURL}/api/v1/reads/{readId}/answers`,
      origin: baseURL,
      readers: sessions,
    });
    return { readers, perReaderPerSecond, seconds, annolex, floor: floorRun };
  } finally {
    floor?.stop();
    if (server) await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const summarizeRun = (run: OpenLoopRun) => summarize(run.latencies);
