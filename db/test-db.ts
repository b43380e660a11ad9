import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from './client';
import { openSqlite } from './connection';
import { migrate } from './migrate';

/** A fresh database in a temp folder, through the real migrations. For tests. */
export function makeTestDb(): { db: Db; file: string; dir: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-test-'));
  const file = path.join(dir, 'test.db');
  const sqlite = openSqlite(file);
  migrate(sqlite);
  const db = createDb(sqlite);
  return {
    db,
    file,
    dir,
    close: () => {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
