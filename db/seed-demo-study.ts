import { eq } from 'drizzle-orm';
import { buildFormModel } from '@/lib/lexicon/form-model';
import type { TLexicon } from '@/lib/lexicon/schema';
import { demoRead, demoTruth } from '@/lib/study/demo-reads';
import { seededRandom } from '@/lib/study/seeded-random';
import type { Db } from './client';
import { CLI_ACTOR } from './queries/actors';
import { flattenAnswers } from '@/lib/lexicon/answer-paths';
import { refreshStudyCases } from './queries/adjudication-refresh';
import { appendAudit } from './queries/audit';
import type { AdjudicationConfig } from '@/lib/study/adjudication-config';
import { adoptLexiconVersion } from './queries/lexicons';
import { findUserIdByEmail } from './queries/users';
import { answers, cases, reads, studies, studyMembers } from './schema';
import { immediate, type Tx } from './tx';
import { readerOrder } from '@/lib/study/reader-order';
import { DEMO_GENOMIC_FILENAME, demoGenomicCsv } from '@/lib/genomics/demo-table';
import { ZAssociationParams } from '@/lib/genomics/params';
import { runAssociation } from './queries/association-runs';
import { uploadGenomicTable } from './queries/genomic-tables';

export const DEMO_STUDY_SLUG = 'demo-glioma';
const SEED = 20261124;
export const DEMO_CASES = 12;
/** The demo's adjudication rules: side (any disagreement), enhancing proportion (> 1 step), size (> 5 mm). */
export const DEMO_ADJUDICATION: AdjudicationConfig = {
  rules: [
    { featureId: 'F2', kind: 'any' },
    { featureId: 'F5', kind: 'steps', threshold: 1 },
    { featureId: 'F29', kind: 'units', threshold: 5 },
  ],
};
const CASES = DEMO_CASES;

/** The demo accounts of a demo study: the coordinator, the three readers, the adjudicator and the analyst. */
export function demoMembers(db: Db) {
  const user = (email: string) => {
    const id = findUserIdByEmail(db, email);
    if (!id) throw new Error(`demo user ${email} is missing; seed the demo users first`);
    return id;
  };
  const readers = ['reader1@example.org', 'reader2@example.org', 'reader3@example.org'].map(user);
  const members: [string, 'coordinator' | 'reader' | 'adjudicator' | 'analyst'][] = [
    [user('coordinator@example.org'), 'coordinator'],
    ...readers.map((id) => [id, 'reader'] as [string, 'reader']),
    [user('adjudicator@example.org'), 'adjudicator'],
    [user('analyst@example.org'), 'analyst'],
  ];
  return { readers, members };
}

/**
 * The demo study: VASARI, 12 glioma cases, three readers whose submitted reads mostly agree
 * (with realistic disagreement), so agreement and export show real numbers. The last cases
 * are left in progress for reader 1. Idempotent; deterministic by its seed.
 */
export function seedDemoStudy(db: Db, vasari: { lexicon: TLexicon; sha256: string }): { created: boolean } {
  if (db.select({ id: studies.id }).from(studies).where(eq(studies.slug, DEMO_STUDY_SLUG)).get())
    return { created: false };
  const ctx = { actor: CLI_ACTOR, requestId: 'demo-seed' };
  const { id: lexiconVersionId } = adoptLexiconVersion(db, ctx, vasari);
  const model = buildFormModel(vasari.lexicon);
  const { readers, members } = demoMembers(db);
  const random = seededRandom(SEED);
  const sizes: { subjectId: string; size: number }[] = [];
  const studyId = immediate(db, (tx) => {
    const study = tx
      .insert(studies)
      .values({
        slug: DEMO_STUDY_SLUG,
        name: 'Demo glioma study (VASARI)',
        description: 'Synthetic glioma cases scored with VASARI by three readers.',
        lexiconVersionId,
        seed: SEED,
        status: 'active',
        // The demo images are synthetic and de-identified by construction.
        phiPolicy: 'allow',
        createdBy: null,
      })
      .returning({ id: studies.id })
      .get();
    for (const [userId, role] of members)
      tx.insert(studyMembers).values({ studyId: study.id, userId, role }).run();
    const now = new Date();
    for (let c = 1; c <= CASES; c++) {
      const key = `DEMO-${String(c).padStart(4, '0')}`;
      const row = tx
        .insert(cases)
        .values({
          studyId: study.id,
          caseKey: key,
          label: `Case ${String(c).padStart(2, '0')}`,
          subjectId: key,
          metadata: { age: 40 + Math.floor(random() * 40), sex: random() < 0.5 ? 'F' : 'M' },
        })
        .returning({ id: cases.id })
        .get();
      const truth = demoTruth(model, random);
      sizes.push({ subjectId: key, size: Number(truth.F29) });
      readers.forEach((readerId, r) => {
        const inProgress = r === 0 && c > CASES - 3;
        const given = demoRead(model, truth, random);
        const read = tx
          .insert(reads)
          .values({
            studyId: study.id,
            caseId: row.id,
            readerId,
            status: inProgress ? (c === CASES ? 'not_started' : 'draft') : 'submitted',
            // Drawn to keep the demo's answers as they were; the order comes from readerOrder below.
            orderIndex: Math.floor(random() * 1_000_000),
            startedAt: c === CASES && inProgress ? null : now,
            submittedAt: inProgress ? null : now,
            activeMs: inProgress ? 0 : Math.round(60_000 + random() * 240_000),
            version: inProgress && c === CASES ? 0 : 1,
          })
          .returning({ id: reads.id })
          .get();
        if (inProgress && c === CASES) return;
        const kept = inProgress ? Object.fromEntries(Object.entries(given).slice(0, 8)) : given;
        for (const [featurePath, value] of flattenAnswers(kept))
          tx.insert(answers)
            .values({ readId: read.id, featurePath, value: value ?? null })
            .run();
      });
    }
    assignReaderOrder(tx, study.id, SEED);
    // Disagreements on these features become adjudication tasks for the demo adjudicator.
    tx.update(studies).set({ adjudication: DEMO_ADJUDICATION }).where(eq(studies.id, study.id)).run();
    refreshStudyCases(tx, ctx, study.id);
    appendAudit(tx, ctx, {
      action: 'demo.seed',
      entity: 'study',
      entityId: study.id,
      newValue: { cases: CASES, readers: readers.length, seed: SEED },
    });
    return study.id;
  });
  seedDemoGenomics(db, studyId, sizes);
  return { created: true };
}

/**
 * The demo's synthetic genomic table (lib/genomics/demo-table.ts), uploaded to the study as
 * an analyst would, with one association run, so the Genomics tab shows the planted signal.
 */
function seedDemoGenomics(db: Db, studyId: number, sizes: { subjectId: string; size: number }[]): void {
  const ctx = { actor: CLI_ACTOR, requestId: 'demo-seed' };
  const csv = demoGenomicCsv(sizes, SEED + 1);
  const table = uploadGenomicTable(db, ctx, studyId, {
    name: DEMO_GENOMIC_FILENAME,
    bytes: new TextEncoder().encode(csv),
  });
  runAssociation(db, ctx, studyId, table.id, ZAssociationParams.parse({}));
}

/** Sets every reader's order in a study from the study seed (see readerOrder). */
export function assignReaderOrder(tx: Tx, studyId: number, seed: number): void {
  const rows = tx
    .select({ id: reads.id, caseId: reads.caseId, readerId: reads.readerId, session: reads.session })
    .from(reads)
    .where(eq(reads.studyId, studyId))
    .all();
  const groups = new Map<string, typeof rows>();
  for (const r of rows)
    groups.set(`${r.readerId}:${r.session}`, [...(groups.get(`${r.readerId}:${r.session}`) ?? []), r]);
  for (const group of groups.values()) {
    const { readerId, session } = group[0]!;
    const order = readerOrder(
      group.map((r) => r.caseId),
      { seed, readerId, session },
    );
    for (const r of group)
      tx.update(reads)
        .set({ orderIndex: order.get(r.caseId)! })
        .where(eq(reads.id, r.id))
        .run();
  }
}
