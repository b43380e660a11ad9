import type { Command } from 'commander';
import { openDb } from '@/db/client';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from '@/db/seed';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { info, out } from '../output';

/** Seeds the demo data (idempotent) into the configured database. */
export async function seedDemo(): Promise<void> {
  const db = openDb(getEnv().databasePath);
  try {
    const { created } = await seedDemoUsers(db);
    info(created ? `Created ${created} demo user(s)` : 'Demo users already exist');
  } finally {
    db.$client.close();
  }
}

export function printDemoLogins(baseUrl: string): void {
  out('');
  out(`Demo logins for ${baseUrl} (password for all: ${DEMO_PASSWORD})`);
  for (const u of DEMO_USERS) out(`  ${ROLE_LABELS[u.role].padEnd(22)} ${u.email}`);
  out('');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Seed the demo data: one user per role (more as the demo study grows). Safe to run twice.')
    .action(async () => {
      await seedDemo();
      printDemoLogins(getEnv().baseUrl);
    });
}
