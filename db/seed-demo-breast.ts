import { eq } from 'drizzle-orm';
import type { ImportSummary } from '@/lib/dicom/import/plan';
import { runImport, type SourceItem } from '@/lib/dicom/import/run-import.server';
import { breastCaseDicom } from '@/lib/dicom/phantom/breast-dicom';
import type { TLexicon } from '@/lib/lexicon/schema';
import type { Db } from './client';
import { CLI_ACTOR } from './queries/actors';
import { appendAudit } from './queries/audit';
import { adoptLexiconVersion } from './queries/lexicons';
import { cases, reads, studies, studyMembers } from './schema';
import { assignReaderOrder, demoMembers } from './seed-demo-study';
import { immediate } from './tx';

import { DEMO_BREAST_SLUG } from './demo-keys';
const CASES = 4;
const SEED = 20261125;
export const breastCaseKey = (n: number) => `BREAST-${String(n).padStart(4, '0')}`;

async function* files(): AsyncGenerator<SourceItem> {
  for (let n = 1; n <= CASES; n++)
    for (const f of breastCaseDicom({ caseKey: breastCaseKey(n), seed: n }).files)
      yield { name: `${breastCaseKey(n)}/${f.seriesDescription}.dcm`, bytes: Buffer.from(f.bytes) };
}

/**
 * A small second demo study for BI-RADS mammography: four synthetic CC/MLO pairs (oval and
 * circumscribed or irregular and spiculated masses, by seed), not yet read by the three demo
 * readers. Idempotent.
 */
export async function seedDemoBreastStudy(
  db: Db,
  options: {
    lexicon: { lexicon: TLexicon; sha256: string };
    dataDir: string;
    secret: (studyId: number) => string;
  },
): Promise<ImportSummary | null> {
  if (db.select({ id: studies.id }).from(studies).where(eq(studies.slug, DEMO_BREAST_SLUG)).get())
    return null;
  const ctx = { actor: CLI_ACTOR, requestId: 'demo-seed' };
  const { id: lexiconVersionId } = adoptLexiconVersion(db, ctx, options.lexicon);
  const { readers, members } = demoMembers(db);
  const studyId = immediate(db, (tx) => {
    const study = tx
      .insert(studies)
      .values({
        slug: DEMO_BREAST_SLUG,
        name: 'Demo breast study (BI-RADS mammography)',
        description: 'Synthetic mammography pairs (CC and MLO) for BI-RADS.',
        lexiconVersionId,
        seed: SEED,
        status: 'active',
        phiPolicy: 'allow',
      })
      .returning({ id: studies.id })
      .get();
    for (const [userId, role] of members)
      tx.insert(studyMembers).values({ studyId: study.id, userId, role }).run();
    appendAudit(tx, ctx, {
      action: 'demo.seed',
      entity: 'study',
      entityId: study.id,
      newValue: { cases: CASES },
    });
    return study.id;
  });
  const { summary } = await runImport(db, ctx, files(), {
    studyId,
    policy: 'allow',
    caseBy: 'PatientID',
    secret: options.secret(studyId),
    dataDir: options.dataDir,
  });
  immediate(db, (tx) => {
    const rows = tx.select({ id: cases.id }).from(cases).where(eq(cases.studyId, studyId)).all();
    for (const c of rows)
      for (const readerId of readers) tx.insert(reads).values({ studyId, caseId: c.id, readerId }).run();
    assignReaderOrder(tx, studyId, SEED);
  });
  return summary;
}
