#!/usr/bin/env node
// The `annolex` command. It runs the TypeScript CLI (lib/cli/main.ts) through tsx, from the
// project root, under the "react-server" export condition so server-only modules load as
// they do in the app's server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const child = spawn(
  process.execPath,
  [
    '--conditions=react-server',
    '--import',
    'tsx',
    path.join(root, 'lib/cli/main.ts'),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, ANNOLEX_CWD: process.cwd() } },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
