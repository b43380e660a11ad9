import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
      // Unit tests run outside React Server Components; the marker has nothing to guard there.
      {
        find: /^server-only$/,
        replacement: path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
      },
    ],
  },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
