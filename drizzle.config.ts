import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema; Annolex applies it with its own
// migration runner (db/migrate.ts), which keeps foreign keys off during table rebuilds.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
