import { and, count, eq } from 'drizzle-orm';
import type { InstanceHeader } from '@/lib/dicom/header';
import { caseLabel } from '@/lib/dicom/import/plan';
import type { Db } from '../client';
import { cases, imagingInstances, imagingSeries } from '../schema';
import { immediate } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { instanceRow, seriesRow } from './imaging-rows';

/**
 * Links a case to a study on the configured DICOMweb server: its series and instances are
 * indexed (no pixel data is copied) so the viewer can list them and the proxy can check each
 * request against them. One transaction; the case is created when the key is new.
 */
export function linkDicomwebStudy(
  db: Db,
  ctx: ChangeContext,
  input: { studyId: number; caseKey: string; subjectId?: string | null; instances: InstanceHeader[] },
): { caseId: number; series: number; instances: number } {
  return immediate(db, (tx) => {
    let kase = tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.studyId, input.studyId), eq(cases.caseKey, input.caseKey)))
      .get();
    if (!kase) {
      const n = tx.select({ n: count() }).from(cases).where(eq(cases.studyId, input.studyId)).get()?.n ?? 0;
      kase = tx
        .insert(cases)
        .values({
          studyId: input.studyId,
          caseKey: input.caseKey,
          label: caseLabel(n + 1),
          subjectId: input.subjectId ?? null,
        })
        .returning({ id: cases.id })
        .get();
    }
    const seriesIds = new Map<string, number>();
    let instances = 0;
    for (const h of input.instances) {
      let seriesId = seriesIds.get(h.seriesInstanceUid);
      if (seriesId === undefined) {
        seriesId =
          tx
            .select({ id: imagingSeries.id })
            .from(imagingSeries)
            .where(
              and(
                eq(imagingSeries.caseId, kase.id),
                eq(imagingSeries.seriesInstanceUid, h.seriesInstanceUid),
              ),
            )
            .get()?.id ??
          tx
            .insert(imagingSeries)
            .values(seriesRow(kase.id, 'dicomweb', h))
            .returning({ id: imagingSeries.id })
            .get().id;
        seriesIds.set(h.seriesInstanceUid, seriesId);
      }
      const inserted = tx
        .insert(imagingInstances)
        .values(instanceRow(seriesId, h, null, h.burnedInAnnotation ? 'burned_in' : null))
        .onConflictDoNothing()
        .returning({ id: imagingInstances.id })
        .all();
      instances += inserted.length;
    }
    appendAudit(tx, ctx, {
      action: 'imaging.link_dicomweb',
      entity: 'case',
      entityId: kase.id,
      newValue: { caseKey: input.caseKey, series: seriesIds.size, instances },
    });
    return { caseId: kase.id, series: seriesIds.size, instances };
  });
}

/**
 * Whether a DICOMweb request stays within what the case references: the study (and series,
 * and instance when named) must be indexed for this case as a DICOMweb source.
 */
export function dicomwebTargetAllowed(
  db: Db,
  caseId: number,
  target: { study: string; series?: string; instance?: string },
): boolean {
  const conditions = [
    eq(imagingSeries.caseId, caseId),
    eq(imagingSeries.source, 'dicomweb'),
    eq(imagingSeries.studyInstanceUid, target.study),
  ];
  if (target.series) conditions.push(eq(imagingSeries.seriesInstanceUid, target.series));
  if (!target.instance)
    return Boolean(
      db
        .select({ id: imagingSeries.id })
        .from(imagingSeries)
        .where(and(...conditions))
        .get(),
    );
  return Boolean(
    db
      .select({ id: imagingInstances.id })
      .from(imagingInstances)
      .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
      .where(and(...conditions, eq(imagingInstances.sopInstanceUid, target.instance)))
      .get(),
  );
}
