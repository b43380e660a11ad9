// Runs the e2e Orthanc as a Playwright web server: started with its own configuration on
// loopback, stopped by PID (SIGTERM) when Playwright shuts its servers down.
import { startOrthanc } from './orthanc';
import { sharedEnv } from '@/lib/env';

const port = Number(sharedEnv('ANNOLEX_E2E_ORTHANC_PORT', () => '3142'));
const password = sharedEnv('ANNOLEX_E2E_ORTHANC_PASSWORD', () => {
  throw new Error('run through playwright.config.ts');
});

const server = await startOrthanc({ httpPort: port, password });
process.stderr.write(`Orthanc ${server.pid} listening on ${server.url}\n`);
const stop = () => {
  void server.stop().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Keep the event loop alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
