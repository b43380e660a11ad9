import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';

/**
 * An adopted lexicon version: the exact definition a study pins. Immutable once any
 * answer references it; a changed file becomes a new row.
 */
export const lexiconVersions = sqliteTable(
  'lexicon_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    version: text('version').notNull(),
    sha256: text('sha256').notNull(),
    title: text('title').notNull(),
    definition: text('definition', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('lexicon_versions_key_version_idx').on(t.key, t.version),
    uniqueIndex('lexicon_versions_key_sha_idx').on(t.key, t.sha256),
  ],
);
