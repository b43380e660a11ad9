import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/support/chromium';
import { getEnv, sharedEnv } from './lib/env';

const env = getEnv();
const port = env.e2ePort;
export const baseURL = `http://localhost:${port}`;
// One fresh data folder per run, shared by the server and the test workers.
const dataDir = sharedEnv('ANNOLEX_E2E_DATA_DIR', () =>
  fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-e2e-')),
);

// A throwaway Orthanc (DICOMweb) on loopback, with credentials only the app server knows.
const orthancPort = Number(sharedEnv('ANNOLEX_E2E_ORTHANC_PORT', () => String(port + 42)));
const orthancPassword = sharedEnv('ANNOLEX_E2E_ORTHANC_PASSWORD', () =>
  randomBytes(18).toString('base64url'),
);
export const orthancUrl = `http://127.0.0.1:${orthancPort}`;

export default defineConfig({
  testDir: './e2e',
  testIgnore: ['bench/**'],
  fullyParallel: true,
  forbidOnly: env.ci,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: env.ci ? [['list']] : [['list'], ['html', { open: 'never' }]],
  outputDir: 'test-results',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath(),
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: [
    {
      command: 'npx tsx e2e/support/orthanc-server.ts',
      // Orthanc answers 401 without credentials, which Playwright takes as ready.
      url: `${orthancUrl}/system`,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `node lib/cli/bin.mjs start --demo --port ${port}`,
      url: `${baseURL}/login`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        ANNOLEX_DATA_DIR: dataDir,
        ANNOLEX_BASE_URL: baseURL,
        ANNOLEX_DICOMWEB_URL: `${orthancUrl}/dicom-web`,
        ANNOLEX_DICOMWEB_USERNAME: 'annolex',
        ANNOLEX_DICOMWEB_PASSWORD: orthancPassword,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
