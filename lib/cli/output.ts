import path from 'node:path';
import { getEnv } from '@/lib/env';

/** Command-line output: results on stdout, progress and errors on stderr. */
export const out = (line = '') => process.stdout.write(`${line}\n`);
export const info = (line: string) => process.stderr.write(`${line}\n`);

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Resolves a path the user typed, relative to where they ran the command. */
export function userPath(p: string): string {
  return path.resolve(getEnv().invokedFrom, p);
}
