import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from 'commander';
import { childEnv, getEnv } from '@/lib/env';
import { CliError, info, out } from '../output';
import { migrateConfigured } from './db';
import { printDemoLogins, seedDemo } from './demo';

// Sources the production build bundles (lexicon files and migrations are read from disk at run time).
const BUILD_INPUTS = [
  'app',
  'lib',
  'db',
  'next.config.mjs',
  'package-lock.json',
  'postcss.config.mjs',
  'tsconfig.json',
];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when there is no production build, or a source file changed since it was made. */
export function buildIsStale(): boolean {
  const buildId = path.resolve('.next/BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((entry) => newestMtime(entry) > built);
}

const nextBin = () => createRequire(import.meta.url).resolve('next/dist/bin/next');

async function waitForServer(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`${url}/login`);
      if (res.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new CliError(`Annolex did not answer on ${url} within ${timeoutMs / 1000} s`);
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Migrate, build if sources changed, and serve Annolex (what `npm start` runs)')
    .option('--demo', 'seed the demo data and print the demo logins')
    .option('--port <port>', 'port to listen on (default: $PORT or 3000)')
    .option('--hostname <host>', 'address to listen on (default: 127.0.0.1 with --demo, else all interfaces)')
    .action(async (opts: { demo?: boolean; port?: string; hostname?: string }) => {
      const env = getEnv();
      const port = Number(opts.port ?? env.port);
      const baseUrl = env.baseUrl.includes(`:${env.port}`)
        ? env.baseUrl.replace(`:${env.port}`, `:${port}`)
        : env.baseUrl;
      migrateConfigured();
      if (opts.demo) await seedDemo();
      if (buildIsStale()) {
        info('Building Annolex for production (the first start takes a minute or two)…');
        const build = spawnSync(process.execPath, [nextBin(), 'build', '--webpack'], {
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        if (build.status !== 0) throw new CliError('The build failed; see the messages above.');
      }
      const started = Date.now();
      const hostname = opts.hostname ?? (opts.demo ? '127.0.0.1' : undefined);
      const args = [nextBin(), 'start', '-p', String(port), ...(hostname ? ['-H', hostname] : [])];
      const server = spawn(process.execPath, args, {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: childEnv({
          NODE_ENV: 'production',
          ANNOLEX_BASE_URL: baseUrl,
          ANNOLEX_DATABASE: env.databasePath,
        }),
      });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
      const exited = new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? 0)));
      const ready = await Promise.race([waitForServer(baseUrl, 60_000), exited.then((code) => -1 - code)]);
      if (ready < 0) throw new CliError('The server stopped during start-up; see the messages above.');
      info(`Annolex answered after ${Date.now() - started} ms`);
      if (opts.demo) printDemoLogins(baseUrl);
      out(`Annolex is running at ${baseUrl}  (Ctrl-C stops it)`);
      process.exitCode = await exited;
    });
}
