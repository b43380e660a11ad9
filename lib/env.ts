import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env (a lint rule enforces it).
 * Values are read on each call so a test or the CLI can set them first.
 */
const ZEnv = z.object({
  ANNOLEX_DATA_DIR: z.string().min(1).optional(),
  ANNOLEX_DATABASE: z.string().min(1).optional(),
  ANNOLEX_BASE_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters').optional(),
  ANNOLEX_TRUST_PROXY: z.enum(['0', '1']).optional(),
  ANNOLEX_CHROMIUM: z.string().min(1).optional(),
  ANNOLEX_E2E_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  ANNOLEX_CWD: z.string().min(1).optional(),
  ANNOLEX_DICOMWEB_URL: z.url().optional(),
  ANNOLEX_DICOMWEB_USERNAME: z.string().min(1).optional(),
  ANNOLEX_DICOMWEB_PASSWORD: z.string().min(1).optional(),
  ANNOLEX_DICOMWEB_TOKEN: z.string().min(1).optional(),
  CI: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

export type Env = {
  dataDir: string;
  databasePath: string;
  port: number;
  baseUrl: string;
  authSecret: string | undefined;
  trustProxy: boolean;
  chromium: string | undefined;
  e2ePort: number;
  ci: boolean;
  /** Where the user ran the command (the CLI runs from the project root). */
  invokedFrom: string;
  production: boolean;
  /** The DICOMweb server studies may reference; credentials stay on the server. */
  dicomweb: { url?: string; username?: string; password?: string; token?: string };
};

export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ANNOLEX_DATA_DIR ?? 'data');
  const port = e.PORT ?? 3000;
  return {
    dataDir,
    databasePath: path.resolve(e.ANNOLEX_DATABASE ?? path.join(dataDir, 'annolex.db')),
    port,
    baseUrl: (e.ANNOLEX_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    authSecret: e.BETTER_AUTH_SECRET,
    trustProxy: e.ANNOLEX_TRUST_PROXY === '1',
    chromium: e.ANNOLEX_CHROMIUM,
    e2ePort: e.ANNOLEX_E2E_PORT ?? 3100,
    invokedFrom: e.ANNOLEX_CWD ?? process.cwd(),
    ci: Boolean(e.CI && e.CI !== 'false' && e.CI !== '0'),
    production: e.NODE_ENV === 'production',
    dicomweb: {
      url: e.ANNOLEX_DICOMWEB_URL,
      username: e.ANNOLEX_DICOMWEB_USERNAME,
      password: e.ANNOLEX_DICOMWEB_PASSWORD,
      token: e.ANNOLEX_DICOMWEB_TOKEN,
    },
  };
}

/**
 * A variable shared by a test runner and the processes it spawns: set once (by `make`)
 * in the first process, inherited by the rest.
 */
export function sharedEnv(name: string, make: () => string): string {
  const value = process.env[name] ?? make();
  process.env[name] = value;
  return value;
}

/** The environment a child process (the Next server, a test server) should get. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
