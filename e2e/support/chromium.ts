import fs from 'node:fs';
import { getEnv } from '@/lib/env';

/** Chromium: $ANNOLEX_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own browser. */
export function chromiumPath(): string | undefined {
  const env = getEnv();
  if (env.chromium) return env.chromium;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

/** The flags every test and benchmark browser runs with (no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
