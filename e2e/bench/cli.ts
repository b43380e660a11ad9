import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { childEnv } from '@/lib/env';

/** The real `annolex` command, as a user runs it. */
export const CLI = path.resolve('lib/cli/bin.mjs');

/**
 * Runs the CLI to completion and returns its wall-clock time. Output is captured (not shown) so
 * the terminal stays readable; a failure throws with what the command printed.
 */
export function runCli(args: string[], env: Record<string, string> = {}): { ms: number; stdout: string } {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [CLI, ...args], {
    env: childEnv(env),
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const ms = performance.now() - t0;
  if (res.status !== 0)
    throw new Error(
      `annolex ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`,
    );
  return { ms, stdout: res.stdout };
}

/** The variables that point the CLI or the server at one data folder, whatever the caller's shell set. */
export function dataDirEnv(dataDir: string): Record<string, string> {
  return {
    ANNOLEX_DATA_DIR: dataDir,
    ANNOLEX_DATABASE: path.join(dataDir, 'annolex.db'),
    NEXT_TELEMETRY_DISABLED: '1',
  };
}
