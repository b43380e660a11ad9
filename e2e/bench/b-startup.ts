import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '@/db/connection';
import { migrate } from '@/db/migrate';
import { runCli } from './cli';
import { freePort, startServer, stopServer } from './server';

/**
 * B10: how long Annolex takes to come up.
 *
 * - start: `annolex start` (migrations, the build check, `next start`) on a fresh data folder
 *   → the first 200 from /login, polled every 10 ms. Floor: a bare `node:http` server started
 *   the same way (a new Node process) → its first 200.
 * - migrate: every migration applied to a new, empty database file, in-process (open with the
 *   app's pragmas, migrate, close). Floor: the same file opened the same way with one
 *   `CREATE TABLE` committed. The CLI's `annolex db migrate` wall clock is reported beside it.
 *
 * The production build is made before the first timed start (a warm-up run) and never timed.
 */
export type StartupResult = {
  start: number[];
  startFloor: number[];
  migrate: number[];
  migrateFloor: number[];
  migrateCli: number[];
  migrations: number;
};

async function firstOk(url: string, child: ChildProcess, limitMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process stopped (${child.exitCode})`);
    if (performance.now() - t0 > limitMs) throw new Error(`${url} did not answer within ${limitMs} ms`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')`;

async function bareStart(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', BARE_SERVER, String(port)], { stdio: 'ignore' });
  try {
    await firstOk(`http://127.0.0.1:${port}/`, child, 30_000);
    return performance.now() - t0;
  } finally {
    child.kill('SIGKILL');
  }
}

async function annolexStart(limitMs: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-start-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const server = startServer(dir, port, baseURL, false);
  try {
    await firstOk(`${baseURL}/login`, server.child, limitMs);
    return performance.now() - t0;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${server.log()}`);
  } finally {
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function timedMigrate(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-migrate-'));
  try {
    const t0 = performance.now();
    const sqlite = openSqlite(path.join(dir, 'annolex.db'));
    migrate(sqlite);
    sqlite.close();
    return performance.now() - t0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function timedFloor(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-migrate-'));
  try {
    const t0 = performance.now();
    const sqlite = openSqlite(path.join(dir, 'annolex.db'));
    sqlite.transaction(() => sqlite.exec('CREATE TABLE t (id integer PRIMARY KEY, x text)'))();
    sqlite.close();
    return performance.now() - t0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStartup(repeats: number): Promise<StartupResult> {
  // Warm-up: builds the app when sources changed since the last build (never timed).
  await annolexStart(20 * 60_000);
  const start: number[] = [];
  const startFloor: number[] = [];
  for (let i = 0; i < repeats; i++) {
    startFloor.push(await bareStart());
    start.push(await annolexStart(60_000));
  }
  const migrateMs: number[] = [];
  const migrateFloor: number[] = [];
  const migrateCli: number[] = [];
  const migrationRuns = Math.max(5, repeats * 3);
  timedMigrate(); // warm the module and the file system once
  for (let i = 0; i < migrationRuns; i++) {
    migrateFloor.push(timedFloor());
    migrateMs.push(timedMigrate());
  }
  for (let i = 0; i < repeats; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-migrate-cli-'));
    try {
      migrateCli.push(
        runCli(['db', 'migrate'], {
          ANNOLEX_DATA_DIR: dir,
          ANNOLEX_DATABASE: path.join(dir, 'annolex.db'),
        }).ms,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const probe = openSqlite(':memory:');
  const migrations = migrate(probe).applied.length;
  probe.close();
  return { start, startFloor, migrate: migrateMs, migrateFloor, migrateCli, migrations };
}
