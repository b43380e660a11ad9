import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { addMember, makeCase, makeRead, makeStudy } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { createUser } from '@/db/queries/users';
import { answers, reads, studies } from '@/db/schema';
import { childEnv } from '@/lib/env';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { freeLoopbackPort } from './support/orthanc';
import { dataDirEnv, runCli } from './bench/cli';

const READERS = 20;
const PASSWORD = 'durable-password-1';

async function startServer(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['lib/cli/bin.mjs', 'start', '--port', String(port)], {
    env: childEnv({ ...dataDirEnv(dataDir), ANNOLEX_BASE_URL: `http://127.0.0.1:${port}` }),
    detached: true,
    stdio: 'ignore',
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('kill -9 during a stream of autosaves from 20 readers: every acknowledged save survives, and the database is intact', async ({
  playwright,
}) => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-durability-'));
  const file = path.join(dataDir, 'annolex.db');
  runCli(['db', 'migrate'], dataDirEnv(dataDir));
  const setup = createDb(openSqlite(file));
  const { id: lexiconVersionId } = adoptLexiconVersion(
    setup,
    { actor: CLI_ACTOR, requestId: null },
    shippedLexicon('vasari'),
  );
  const study = makeStudy(setup);
  setup.update(studies).set({ lexiconVersionId }).where(eq(studies.id, study.id)).run();
  const caseId = makeCase(setup, study.id).id;
  const passwordHash = await hashPassword(PASSWORD);
  const people = Array.from({ length: READERS }, (_, i) => {
    const email = `durable-${i}@example.org`;
    const { id } = createUser(
      setup,
      { actor: CLI_ACTOR, requestId: null },
      { email, name: `Reader ${i}`, role: 'reader', passwordHash },
    );
    addMember(setup, study.id, id, 'reader');
    return { email, readId: makeRead(setup, { studyId: study.id, caseId, readerId: id }).id };
  });
  setup.$client.close();

  const port = await freeLoopbackPort();
  const server = await startServer(dataDir, port);
  const base = `http://127.0.0.1:${port}`;
  const contexts: APIRequestContext[] = [];
  const acked = new Map<number, { value: number; version: number }>();
  let stop = false;
  let attempts = 0;
  try {
    for (const p of people) {
      const ctx = await playwright.request.newContext({ baseURL: base });
      const res = await ctx.post('/api/auth/sign-in/email', {
        data: { email: p.email, password: PASSWORD },
        headers: { Origin: base },
      });
      expect(res.ok()).toBe(true);
      contexts.push(ctx);
    }
    const loops = people.map(async (p, i) => {
      let version = 0;
      for (let n = 1; !stop; n++) {
        const value = n / 10;
        attempts++;
        const res = await contexts[i]!.put(`/api/v1/reads/${p.readId}/answers`, {
          data: { mode: 'draft', version, answers: { F29: value, F4: n % 2 ? 'mild' : 'marked' } },
          headers: { Origin: base },
          timeout: 5000,
        }).catch(() => null);
        if (!res?.ok()) return; // the server is gone
        version = ((await res.json()) as { version: number }).version;
        acked.set(p.readId, { value, version });
      }
    });
    await new Promise((r) => setTimeout(r, 4000));
    process.kill(-server.pid!, 'SIGKILL');
    stop = true;
    await Promise.all(loops);
  } finally {
    stop = true;
    for (const c of contexts) await c.dispose();
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  expect(acked.size).toBe(READERS);
  const acknowledged = [...acked.values()].reduce((n, a) => n + a.version, 0);
  test
    .info()
    .annotations.push({ type: 'saves', description: `${acknowledged} acknowledged of ${attempts} sent` });

  // Restart: the server opens the same files and serves again.
  const again = await startServer(dataDir, port);
  process.kill(-again.pid!, 'SIGTERM');
  const db = createDb(openSqlite(file));
  expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  for (const p of people) {
    const ack = acked.get(p.readId)!;
    const read = db.select().from(reads).where(eq(reads.id, p.readId)).get()!;
    const f29 = db
      .select()
      .from(answers)
      .where(eq(answers.readId, p.readId))
      .all()
      .find((a) => a.featurePath === 'F29')!.value as number;
    // Every acknowledged save is there (a save in flight at the kill may have landed too).
    expect(read.version).toBeGreaterThanOrEqual(ack.version);
    expect(read.version - ack.version).toBeLessThanOrEqual(1);
    // The n-th accepted save wrote F29 = n / 10 and version n: value and version agree.
    expect(f29).toBeCloseTo(read.version / 10, 5);
    expect(ack.value).toBeCloseTo(ack.version / 10, 5);
  }
  db.$client.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
