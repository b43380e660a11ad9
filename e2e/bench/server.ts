import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { childEnv } from '@/lib/env';
import { CLI, dataDirEnv } from './cli';

/** Small server helpers for the benchmarks that need a running `annolex start`. */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Server = {
  child: ChildProcess;
  log: () => string;
  /** `annolex start` rebuilds when sources are newer than the build; start-up then includes it. */
  building: () => boolean;
  exited: Promise<number | null>;
};

/** `annolex start` in its own process group, so stopping it also stops Next underneath. */
export function startServer(dataDir: string, port: number, baseURL: string, demo: boolean): Server {
  const args = [CLI, 'start', ...(demo ? ['--demo'] : []), '--port', String(port)];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({ ...dataDirEnv(dataDir), ANNOLEX_BASE_URL: baseURL }),
  });
  let log = '';
  let building = false;
  const keep = (chunk: Buffer) => {
    // The tail is enough to explain a failed start.
    log = (log + chunk.toString()).slice(-20_000);
    building ||= log.includes('Building Annolex');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, log: () => log, building: () => building, exited };
}

export async function stopServer(server: Server): Promise<void> {
  const pid = server.child.pid;
  if (pid === undefined || server.child.exitCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const stopped = await Promise.race([
    server.exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
  ]);
  if (!stopped) signal('SIGKILL');
}

/** Waits for /login; a production build (when sources changed since the last one) gets longer. */
export async function waitForLogin(server: Server, baseURL: string): Promise<number> {
  const t0 = performance.now();
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  for (;;) {
    const limit = server.building() ? 15 * 60_000 : 5 * 60_000;
    if (performance.now() - t0 > limit)
      throw new Error(`The server did not answer within ${limit / 60_000} min:\n${server.log()}`);
    if (exitCode !== undefined)
      throw new Error(`The server stopped during start-up (${exitCode}):\n${server.log()}`);
    try {
      const res = await fetch(`${baseURL}/login`);
      if (res.ok) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * `annolex start` on a free loopback port, once /login answers (`startMs`, a build included when
 * one was needed). A server that fails to start is stopped before the error is raised.
 */
export async function launchServer(
  dataDir: string,
  demo: boolean,
): Promise<{ server: Server; baseURL: string; startMs: number }> {
  const port = await freePort();
  // 127.0.0.1 rather than localhost: the server listens on IPv4 loopback only.
  const baseURL = `http://127.0.0.1:${port}`;
  const server = startServer(dataDir, port, baseURL, demo);
  try {
    return { server, baseURL, startMs: await waitForLogin(server, baseURL) };
  } catch (error) {
    await stopServer(server);
    throw error;
  }
}
