import { afterEach, describe, expect, it } from 'vitest';
import { readPragmas } from './connection';
import { makeTestDb } from './test-db';

let t: ReturnType<typeof makeTestDb> | undefined;
afterEach(() => t?.close());

describe('openSqlite', () => {
  it('uses WAL, foreign keys, a busy timeout of at least 5 s and synchronous=FULL', () => {
    t = makeTestDb();
    expect(readPragmas(t.db.$client)).toEqual({
      journalMode: 'wal',
      foreignKeys: 1,
      busyTimeout: 5000,
      synchronous: 2,
    });
  });

  it('enforces foreign keys', () => {
    t = makeTestDb();
    expect(() =>
      t!.db.$client
        .prepare(
          `INSERT INTO study_members (study_id, user_id, role, created_at) VALUES (999, 'x', 'reader', 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
