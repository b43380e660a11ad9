import type { Sqlite } from './connection';

/**
 * Fills every table of a database, whatever its schema, with `rows` rows per table:
 * parents first, foreign keys pointing at existing parents, CHECK ... IN lists honoured,
 * nullable columns filled too. Used to prove that migrations lose no rows.
 */
export function fillEveryTable(sqlite: Sqlite, rows: number): Record<string, number> {
  const tables = userTables(sqlite);
  for (const table of orderByForeignKeys(sqlite, tables)) fillTable(sqlite, table, rows);
  return countRows(sqlite);
}

export function countRows(sqlite: Sqlite): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of userTables(sqlite)) {
    counts[t] = (sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
  }
  return counts;
}

function userTables(sqlite: Sqlite): string[] {
  return (
    sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

type Fk = { table: string; from: string; to: string | null };
const foreignKeys = (sqlite: Sqlite, table: string) => sqlite.pragma(`foreign_key_list("${table}")`) as Fk[];

function orderByForeignKeys(sqlite: Sqlite, tables: string[]): string[] {
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const fk of foreignKeys(sqlite, t)) if (fk.table !== t) visit(fk.table, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

type Column = { name: string; type: string; pk: number };

/** Allowed values from `"col" IN (...)` checks in the table's CREATE statement. */
function inLists(sqlite: Sqlite, table: string): Map<string, unknown[]> {
  const sql = (sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(table) as { sql: string })
    .sql;
  const lists = new Map<string, unknown[]>();
  for (const m of sql.matchAll(/"(\w+)"\s+IN\s*\(([^)]*)\)/gi)) {
    const values = (m[2] ?? '').split(',').map((v) => {
      const s = v.trim();
      return s.startsWith("'") ? s.slice(1, -1).replaceAll("''", "'") : Number(s);
    });
    lists.set(m[1] ?? '', values);
  }
  return lists;
}

function fillTable(sqlite: Sqlite, table: string, rows: number): void {
  const columns = sqlite.pragma(`table_info("${table}")`) as Column[];
  const fks = foreignKeys(sqlite, table);
  const allowed = inLists(sqlite, table);
  const intPk =
    columns.filter((c) => c.pk > 0).length === 1 &&
    columns.some((c) => c.pk > 0 && c.type.toUpperCase() === 'INTEGER');
  const insertable = columns.filter((c) => !(intPk && c.pk > 0));
  const parents = new Map<string, unknown[]>();
  for (const fk of fks) {
    const key = fk.to ?? 'rowid';
    parents.set(
      fk.from,
      (
        sqlite.prepare(`SELECT "${key}" AS k FROM "${fk.table}" ORDER BY rowid`).all() as { k: unknown }[]
      ).map((r) => r.k),
    );
  }
  const insert = sqlite.prepare(
    `INSERT OR IGNORE INTO "${table}" (${insertable.map((c) => `"${c.name}"`).join(', ')}) VALUES (${insertable.map(() => '?').join(', ')})`,
  );
  for (let i = 0; i < rows; i++) {
    insert.run(
      insertable.map((c, ci) => {
        const parentKeys = parents.get(c.name);
        if (parentKeys) return parentKeys.length ? parentKeys[(i + ci) % parentKeys.length] : null;
        const list = allowed.get(c.name);
        if (list?.length) return list[i % list.length];
        const type = c.type.toUpperCase();
        if (type.includes('INT')) return i + 1;
        if (type.includes('REAL') || type.includes('NUM')) return i + 0.5;
        return JSON.stringify(`${table}.${c.name} ${i}`);
      }),
    );
  }
}
