import { and, count, eq } from 'drizzle-orm';
import type { InstanceHeader } from '@/lib/dicom/header';
import { caseLabel, type ImportSummary } from '@/lib/dicom/import/plan';
import type { Db } from '../client';
import { cases, imagingInstances, imagingSeries, imports } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { instanceRow, seriesRow } from './imaging-rows';

/** A file that passed every check and is already in the blob store, waiting for its case's commit. */
export type StagedInstance = {
  header: InstanceHeader;
  sha256: string;
  size: number;
  quarantine: string | null;
};

export type StagedCase = {
  caseKey: string;
  subjectId: string | null;
  label: string | null;
  instances: StagedInstance[];
};

function findOrCreateCase(tx: Tx, studyId: number, staged: StagedCase): { id: number; created: boolean } {
  const existing = tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, staged.caseKey)))
    .get();
  if (existing) return { id: existing.id, created: false };
  const n = tx.select({ n: count() }).from(cases).where(eq(cases.studyId, studyId)).get()?.n ?? 0;
  const row = tx
    .insert(cases)
    .values({
      studyId,
      caseKey: staged.caseKey,
      label: staged.label ?? caseLabel(n + 1),
      subjectId: staged.subjectId,
    })
    .returning({ id: cases.id })
    .get();
  return { id: row.id, created: true };
}

function findOrCreateSeries(tx: Tx, caseId: number, h: InstanceHeader): { id: number; created: boolean } {
  const existing = tx
    .select({ id: imagingSeries.id })
    .from(imagingSeries)
    .where(and(eq(imagingSeries.caseId, caseId), eq(imagingSeries.seriesInstanceUid, h.seriesInstanceUid)))
    .get();
  if (existing) return { id: existing.id, created: false };
  const row = tx
    .insert(imagingSeries)
    .values(seriesRow(caseId, 'local', h))
    .returning({ id: imagingSeries.id })
    .get();
  return { id: row.id, created: true };
}

/**
 * Commits one case's staged instances in one BEGIN IMMEDIATE transaction, so a case is never
 * left half imported. Instances already present (same series and SOP instance UID) count as
 * duplicates. One audit row records what the case gained.
 */
export function commitStagedCase(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  staged: StagedCase,
  summary: ImportSummary,
): void {
  const result = immediate(db, (tx) => {
    const kase = findOrCreateCase(tx, studyId, staged);
    let imported = 0;
    let duplicates = 0;
    let quarantined = 0;
    let newSeries = 0;
    for (const item of staged.instances) {
      const h = item.header;
      const series = findOrCreateSeries(tx, kase.id, h);
      if (series.created) newSeries += 1;
      const inserted = tx
        .insert(imagingInstances)
        .values(instanceRow(series.id, h, { sha256: item.sha256, size: item.size }, item.quarantine))
        .onConflictDoNothing()
        .returning({ id: imagingInstances.id })
        .all();
      if (inserted.length === 0) duplicates += 1;
      else if (item.quarantine) quarantined += 1;
      else imported += 1;
    }
    if (imported + quarantined > 0 || kase.created) {
      appendAudit(tx, ctx, {
        action: 'imaging.import',
        entity: 'case',
        entityId: kase.id,
        newValue: { caseKey: staged.caseKey, created: kase.created, imported, quarantined, duplicates },
      });
    }
    return { created: kase.created, imported, duplicates, quarantined, newSeries };
  });
  // Counted only once the transaction committed: a failed commit adds nothing.
  summary.imported += result.imported;
  summary.duplicates += result.duplicates;
  summary.quarantined += result.quarantined;
  summary.series += result.newSeries;
  if (result.created) summary.cases.created += 1;
  else summary.cases.matched += 1;
}

/** Records the import run itself: counts only, never file names (they can carry PHI). */
export function recordImport(
  db: Db,
  ctx: ChangeContext,
  input: { studyId: number; policy: string; summary: ImportSummary },
): number {
  return immediate(db, (tx) => {
    const row = tx
      .insert(imports)
      .values({ studyId: input.studyId, actorId: ctx.actor.id, policy: input.policy, summary: input.summary })
      .returning({ id: imports.id })
      .get();
    appendAudit(tx, ctx, {
      action: 'imaging.import_run',
      entity: 'study',
      entityId: input.studyId,
      newValue: input.summary,
    });
    return row.id;
  });
}

/** Whether any stored instance references a blob (an aborted import removes only unreferenced ones). */
export function isBlobReferenced(db: Db, sha256: string): boolean {
  return Boolean(
    db
      .select({ id: imagingInstances.id })
      .from(imagingInstances)
      .where(eq(imagingInstances.sha256, sha256))
      .get(),
  );
}
