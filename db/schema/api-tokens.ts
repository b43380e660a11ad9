import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { createdAt, timestampMs } from './columns';

/**
 * Personal API tokens for scripts (R, Python) calling the versioned API. Only a SHA-256 of the
 * token is stored; the token itself is shown once, when it is made. `start` keeps its first
 * characters so its owner can tell tokens apart.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    start: text('start').notNull(),
    createdAt: createdAt(),
    expiresAt: timestampMs('expires_at'),
    lastUsedAt: timestampMs('last_used_at'),
    revokedAt: timestampMs('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
