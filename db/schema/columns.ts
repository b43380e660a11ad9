import { integer } from 'drizzle-orm/sqlite-core';

/** Timestamps are stored as integer milliseconds since the epoch (UTC). */
export const timestampMs = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () =>
  timestampMs('created_at')
    .notNull()
    .$defaultFn(() => new Date());

export const updatedAt = () =>
  timestampMs('updated_at')
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

/** SQL text for a CHECK that a column holds one of the given values. */
export function inList(values: readonly string[]): string {
  return values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
}
