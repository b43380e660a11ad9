import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertIntact, backupDatabase, restoreDatabase } from './backup';
import { openSqlite } from './connection';
import { migrate } from './migrate';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

/** A separate process that appends audit rows as fast as it can, one committed row at a time. */
const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000'); db.pragma('synchronous = FULL');
const insert = db.prepare("INSERT INTO audit (at, actor_label, action, entity, entity_id, new_value) VALUES (?, 'writer', 'test.write', 'row', ?, ?)");
let n = 0;
const stopAt = Date.now() + 20000;
while (Date.now() < stopAt) {
  insert.run(Date.now(), String(n), JSON.stringify({ n, pad: 'x'.repeat(200) }));
  if (++n === 200) process.stdout.write('ready\\n');
}
`;

describe('backupDatabase', () => {
  it('copies a database under continuous writes; the copy restores, is intact and holds every row committed before it began', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-backup-'));
    const file = path.join(dir, 'live.db');
    const sqlite = openSqlite(file);
    migrate(sqlite);
    // Start from a few MB so the copy takes a while.
    const insert = sqlite.prepare(
      `INSERT INTO audit (at, actor_label, action, entity, entity_id, new_value) VALUES (?, 'seed', 'seed', 'row', ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++)
        insert.run(Date.now(), String(i), JSON.stringify({ i, pad: 'y'.repeat(200) }));
    })();

    const writer = spawn(process.execPath, ['-e', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanup.push(() => {
      writer.kill('SIGKILL');
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      writer.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });

    const maxId = () => (sqlite.prepare('SELECT max(id) AS m FROM audit').get() as { m: number }).m;
    const committedBefore = maxId();
    const backupFile = path.join(dir, 'backup.db');
    await backupDatabase(sqlite, backupFile);
    const committedAfter = maxId();
    writer.kill('SIGKILL');

    expect(committedAfter).toBeGreaterThan(committedBefore); // the writer kept writing during the backup
    assertIntact(backupFile);

    const restored = path.join(dir, 'restored', 'annolex.db');
    await restoreDatabase(backupFile, restored);
    const copy = openSqlite(restored, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n } = copy.prepare('SELECT count(*) AS n FROM audit WHERE id <= ?').get(committedBefore) as {
        n: number;
      };
      expect(n).toBe(committedBefore);
    } finally {
      copy.close();
    }
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-backup-'));
    const sqlite = openSqlite(path.join(dir, 'live.db'));
    cleanup.push(() => {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const target = path.join(dir, 'exists.db');
    fs.writeFileSync(target, 'keep me');
    await expect(backupDatabase(sqlite, target)).rejects.toThrow(/exists/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });
});
