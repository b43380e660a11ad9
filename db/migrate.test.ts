import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type Sqlite } from './connection';
import { countRows, fillEveryTable } from './fill-tables';
import { MIGRATIONS_FOLDER, migrate, pendingMigrations } from './migrate';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function tempDb(): Sqlite {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-mig-'));
  const sqlite = openSqlite(path.join(dir, 'db.sqlite'));
  cleanup.push(() => {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return sqlite;
}

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};
const total = journal.entries.length;

describe('every Annolex migration on a filled database', () => {
  it.each(journal.entries.map((e, i) => [i, e.tag] as const).slice(1))(
    'migration %i (%s) loses no row and leaves foreign keys clean',
    (index) => {
      const sqlite = tempDb();
      migrate(sqlite, { upTo: index });
      const before = fillEveryTable(sqlite, 25);
      for (const [table, n] of Object.entries(before)) expect([table, n > 0]).toEqual([table, true]);
      migrate(sqlite, { upTo: index + 1 });
      const after = countRows(sqlite);
      for (const [table, n] of Object.entries(before)) {
        expect([table, after[table] ?? 0]).toEqual([table, n]);
      }
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    },
  );

  it('applies all of them to an empty database, once', () => {
    const sqlite = tempDb();
    expect(migrate(sqlite).applied).toHaveLength(total);
    expect(migrate(sqlite).applied).toEqual([]);
    expect(pendingMigrations(sqlite)).toEqual([]);
  });
});

/** A migration set whose second step rebuilds a parent table the way drizzle-kit writes it. */
function rebuildFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-mig-fixture-'));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'meta'));
  const files: Record<string, string> = {
    '0000_base': [
      'CREATE TABLE `parent` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL);',
      'CREATE TABLE `child` (`id` integer PRIMARY KEY NOT NULL, `parent_id` integer NOT NULL REFERENCES `parent`(`id`) ON DELETE CASCADE);',
    ].join('\n--> statement-breakpoint\n'),
    '0001_rebuild_parent': [
      'PRAGMA foreign_keys=OFF;',
      "CREATE TABLE `__new_parent` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL, `note` text DEFAULT '' NOT NULL);",
      'INSERT INTO `__new_parent`("id", "name") SELECT "id", "name" FROM `parent`;',
      'DROP TABLE `parent`;',
      'ALTER TABLE `__new_parent` RENAME TO `parent`;',
      'PRAGMA foreign_keys=ON;',
    ].join('\n--> statement-breakpoint\n'),
  };
  const entries = Object.keys(files).map((tag, idx) => ({
    idx,
    version: '6',
    when: 1_700_000_000_000 + idx,
    tag,
    breakpoints: true,
  }));
  fs.writeFileSync(
    path.join(dir, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'sqlite', entries }),
  );
  for (const [tag, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${tag}.sql`), sql);
  return dir;
}

function seedParentsAndChildren(sqlite: Sqlite): void {
  sqlite.exec(
    `INSERT INTO parent (id, name) VALUES (1, 'a'), (2, 'b'); INSERT INTO child (id, parent_id) VALUES (10, 1), (11, 1), (12, 2);`,
  );
}

describe('table rebuilds', () => {
  it('keep child rows with the Annolex runner', () => {
    const folder = rebuildFixture();
    const sqlite = tempDb();
    migrate(sqlite, { folder, upTo: 1 });
    seedParentsAndChildren(sqlite);
    migrate(sqlite, { folder });
    expect(countRows(sqlite)).toEqual({ parent: 2, child: 3 });
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('would cascade-delete child rows under a single-transaction migrator (why the runner exists)', () => {
    const folder = rebuildFixture();
    const sqlite = tempDb();
    migrate(sqlite, { folder, upTo: 1 });
    seedParentsAndChildren(sqlite);
    // drizzle's own migrator wraps everything in one transaction, where PRAGMA foreign_keys=OFF is a no-op.
    drizzleMigrate(drizzle(sqlite), { migrationsFolder: folder });
    expect(countRows(sqlite)).toEqual({ parent: 2, child: 0 });
  });

  it('roll back a migration that would leave a dangling foreign key', () => {
    const folder = rebuildFixture();
    fs.appendFileSync(
      path.join(folder, '0001_rebuild_parent.sql'),
      '\n--> statement-breakpoint\nDELETE FROM `parent` WHERE id = 2;',
    );
    const sqlite = tempDb();
    migrate(sqlite, { folder, upTo: 1 });
    seedParentsAndChildren(sqlite);
    expect(() => migrate(sqlite, { folder })).toThrow(/foreign key violation/);
    expect(countRows(sqlite)).toEqual({ parent: 2, child: 3 });
    expect(pendingMigrations(sqlite, folder)).toEqual(['0001_rebuild_parent']);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
