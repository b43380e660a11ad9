import { eq, inArray } from 'drizzle-orm';
import type { ImportSummary } from '@/lib/dicom/import/plan';
import { runImport, type SourceItem } from '@/lib/dicom/import/run-import.server';
import type { GliomaTruth } from '@/lib/dicom/phantom/brain-glioma';
import { gliomaCaseDicom } from '@/lib/dicom/phantom/glioma-dicom';
import type { Db } from './client';
import { CLI_ACTOR } from './queries/actors';
import { cases, imagingSeries, studies } from './schema';
import { DEMO_CASES, DEMO_STUDY_SLUG } from './seed-demo-study';
import { immediate } from './tx';

/** The demo case keys; case n shows the glioma phantom of seed n. */
export const demoCaseKey = (n: number) => `DEMO-${String(n).padStart(4, '0')}`;

type Truths = Map<string, GliomaTruth>;

async function* phantomFiles(
  count: number,
  truths: Truths,
  onCase?: (n: number) => void,
): AsyncGenerator<SourceItem> {
  for (let n = 1; n <= count; n++) {
    onCase?.(n);
    const { files, truth } = gliomaCaseDicom({ caseKey: demoCaseKey(n), seed: n });
    truths.set(demoCaseKey(n), truth);
    for (const f of files)
      yield {
        name: `${demoCaseKey(n)}/${f.seriesDescription}/${f.instanceNumber}.dcm`,
        bytes: Buffer.from(f.bytes),
      };
  }
}

/**
 * Generates the demo study's images (brain MR glioma phantoms: T1, T1 post, T2, FLAIR) and
 * imports them through the same pipeline as `annolex import`. Skipped when the study already
 * has images; returns the import summary, or null when there was nothing to do.
 */
export async function seedDemoImages(
  db: Db,
  options: { dataDir: string; secret: (studyId: number) => string; onCase?: (n: number, of: number) => void },
): Promise<ImportSummary | null> {
  const study = db.select({ id: studies.id }).from(studies).where(eq(studies.slug, DEMO_STUDY_SLUG)).get();
  if (!study) return null;
  const caseIds = db.select({ id: cases.id }).from(cases).where(eq(cases.studyId, study.id)).all();
  const has = caseIds.length
    ? db
        .select({ id: imagingSeries.id })
        .from(imagingSeries)
        .where(
          inArray(
            imagingSeries.caseId,
            caseIds.map((c) => c.id),
          ),
        )
        .get()
    : undefined;
  if (has) return null;
  const truths: Truths = new Map();
  const { summary } = await runImport(
    db,
    { actor: CLI_ACTOR, requestId: 'demo-seed' },
    phantomFiles(DEMO_CASES, truths, (n) => options.onCase?.(n, DEMO_CASES)),
    {
      studyId: study.id,
      policy: 'allow',
      caseBy: 'PatientID',
      secret: options.secret(study.id),
      dataDir: options.dataDir,
    },
  );
  recordPhantomTruth(db, study.id, truths);
  return summary;
}

/**
 * Keeps each case's phantom ground truth in its metadata (hidden from readers), so the demo
 * can compare readers' sizes and proportions with what the images really contain.
 */
function recordPhantomTruth(db: Db, studyId: number, truths: Truths): void {
  immediate(db, (tx) => {
    for (const row of tx.select().from(cases).where(eq(cases.studyId, studyId)).all()) {
      const t = truths.get(row.caseKey);
      if (!t) continue;
      const phantom = {
        seed: t.seed,
        longestDiameterMm: t.longestDiameterMm,
        perpendicularDiameterMm: t.perpendicularDiameterMm,
        proportions: t.proportions,
      };
      tx.update(cases)
        .set({ metadata: { ...row.metadata, phantom } })
        .where(eq(cases.id, row.id))
        .run();
    }
  });
}
