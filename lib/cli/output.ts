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

/** A one-line progress indicator on a terminal, plain lines otherwise. */
export function progress(label: string) {
  const tty = process.stderr.isTTY;
  let last = '';
  return {
    update(done: number, total: number) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const line = `${label}: ${pct}% (${done}/${total})`;
      if (line === last) return;
      last = line;
      if (tty) process.stderr.write(`\r${line}`);
      else if (pct === 100 || pct % 25 === 0) process.stderr.write(`${line}\n`);
    },
    done(message: string) {
      if (tty) process.stderr.write('\r\x1b[2K');
      process.stderr.write(`${message}\n`);
    },
  };
}

/** Resolves a path the user typed, relative to where they ran the command. */
export function userPath(p: string): string {
  return path.resolve(getEnv().invokedFrom, p);
}
