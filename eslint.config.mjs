import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier';
import drizzle from 'eslint-plugin-drizzle';
import tseslint from 'typescript-eslint';

/** `*.server.ts` must start with `import 'server-only'`, `*.client.ts(x)` with `import 'client-only'`. */
const annolex = {
  rules: {
    'boundary-marker': {
      meta: { type: 'problem', messages: { missing: "{{file}} must start with `import '{{marker}}'`" } },
      create(context) {
        const file = context.filename;
        const marker = /\.server\.tsx?$/.test(file)
          ? 'server-only'
          : /\.client\.tsx?$/.test(file)
            ? 'client-only'
            : null;
        if (!marker) return {};
        return {
          Program(node) {
            const first = node.body[0];
            if (first?.type !== 'ImportDeclaration' || first.source.value !== marker) {
              context.report({ node, messageId: 'missing', data: { file: file.split('/').pop(), marker } });
            }
          },
        };
      },
    },
  },
};

/** What pure domain modules may not import: they take plain data and return plain data. */
const FRAMEWORK_IMPORTS = [
  {
    group: ['next', 'next/*', 'react', 'react-dom', 'react/*'],
    message: 'Pure lib/ modules import no framework.',
  },
  {
    group: ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3', '@/db/*'],
    message: 'Pure lib/ modules do not touch the database; pass data in.',
  },
  { group: ['node:fs', 'fs', 'node:child_process'], message: 'Pure lib/ modules do no I/O; pass data in.' },
  {
    group: ['@cornerstonejs/*', 'better-auth', 'better-auth/*'],
    message: 'Pure lib/ modules import no framework.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'data/**',
      'db/migrations/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle, annolex },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'annolex/boundary-marker': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment through lib/env.ts.' },
      ],
    },
  },
  // lib/env.ts reads the environment; the bin shim passes it through to the TypeScript CLI unchanged.
  { files: ['lib/env.ts', 'lib/cli/bin.mjs'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['lib/**/*.ts'],
    // Tests and their helpers may read fixture files.
    ignores: [
      'lib/**/*.server.ts',
      'lib/**/*.client.ts',
      'lib/cli/**',
      'lib/env.ts',
      'lib/ui/**',
      'lib/**/*.test.ts',
      'lib/**/test-*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: FRAMEWORK_IMPORTS }] },
  },
  prettier,
);
