import type { Command } from 'commander';
import { openDb } from '@/db/client';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from '@/db/seed';
import { seedDemoBreastStudy } from '@/db/seed-demo-breast';
import { seedDemoImages } from '@/db/seed-demo-images';
import { seedDemoStudy } from '@/db/seed-demo-study';
import { studySecret } from '@/lib/dicom/import/study-secret.server';
import { LEXICON_DIR, loadLexiconFile } from '@/lib/lexicon/files.server';
import path from 'node:path';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { info, out } from '../output';

/** Seeds the demo data (idempotent) into the configured database. */
export async function seedDemo(): Promise<void> {
  const db = openDb(getEnv().databasePath);
  try {
    const { created } = await seedDemoUsers(db);
    info(created ? `Created ${created} demo user(s)` : 'Demo users already exist');
    const vasari = loadLexiconFile(path.join(LEXICON_DIR, 'vasari.yaml'));
    if (!vasari.result.ok) throw new Error('lexicons/vasari.yaml is invalid; run npx annolex lexicon check');
    const study = seedDemoStudy(db, { lexicon: vasari.result.lexicon, sha256: vasari.sha256 });
    info(
      study.created
        ? 'Created the demo study (VASARI, 12 cases, 3 readers)'
        : 'The demo study already exists',
    );
    const env = getEnv();
    const images = await seedDemoImages(db, {
      dataDir: env.dataDir,
      secret: (id) => studySecret(env, id),
      onCase: (n, of) => info(`  generating and importing demo images: case ${n} of ${of}`),
    });
    if (images) info(`Imported ${images.imported} demo images in ${images.series} series`);
    const birads = loadLexiconFile(path.join(LEXICON_DIR, 'birads-mammography.yaml'));
    if (!birads.result.ok)
      throw new Error('lexicons/birads-mammography.yaml is invalid; run npx annolex lexicon check');
    const breast = await seedDemoBreastStudy(db, {
      lexicon: { lexicon: birads.result.lexicon, sha256: birads.sha256 },
      dataDir: env.dataDir,
      secret: (id) => studySecret(env, id),
    });
    if (breast) info(`Created the demo breast study (BI-RADS mammography, ${breast.cases.created} cases)`);
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
    .description(
      'Seed the demo data: one user per role and a VASARI study with seeded reads. Safe to run twice.',
    )
    .action(async () => {
      await seedDemo();
      printDemoLogins(getEnv().baseUrl);
    });
}
