import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import type { SeriesDto } from '@/lib/dicom/series-dto';
import type { Db } from '../client';
import { cases, imagingInstances, imagingSeries, imports, reads, users } from '../schema';

/**
 * Whether the actor may see a case's images: coordinators and adjudicators of its study (and
 * administrators) see every case; a reader only the cases they hold a read of.
 */
export function canViewCaseImages(db: Db, actor: Actor, caseId: number): boolean {
  const kase = db.select({ studyId: cases.studyId }).from(cases).where(eq(cases.id, caseId)).get();
  if (!kase) return false;
  if (can(actor, 'images.view', { studyId: kase.studyId })) return true;
  if (!actor.id || !can(actor, 'read.score', { studyId: kase.studyId })) return false;
  return Boolean(
    db
      .select({ id: reads.id })
      .from(reads)
      .where(and(eq(reads.caseId, caseId), eq(reads.readerId, actor.id)))
      .get(),
  );
}

export type CaseSeriesRow = SeriesDto;

/**
 * A case's series for the viewer, instances sorted along the stack; quarantined instances
 * are left out, and so is anything identifying. Access is the caller's check (canViewCaseImages).
 */
export function caseSeries(db: Db, caseId: number): CaseSeriesRow[] {
  const series = db
    .select()
    .from(imagingSeries)
    .where(eq(imagingSeries.caseId, caseId))
    .orderBy(asc(imagingSeries.seriesNumber), asc(imagingSeries.id))
    .all();
  const rows = db
    .select({
      id: imagingInstances.id,
      seriesId: imagingInstances.seriesId,
      sopInstanceUid: imagingInstances.sopInstanceUid,
      frames: imagingInstances.frames,
      slicePosition: imagingInstances.slicePosition,
      instanceNumber: imagingInstances.instanceNumber,
    })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .where(and(eq(imagingSeries.caseId, caseId), isNull(imagingInstances.quarantine)))
    .all();
  return series
    .map((s) => ({
      id: s.id,
      caseId: s.caseId,
      source: s.source,
      studyInstanceUid: s.studyInstanceUid,
      seriesInstanceUid: s.seriesInstanceUid,
      frameOfReferenceUid: s.frameOfReferenceUid,
      modality: s.modality,
      description: s.description,
      seriesNumber: s.seriesNumber,
      viewPosition: s.viewPosition,
      instances: rows
        .filter((r) => r.seriesId === s.id)
        .map(({ seriesId: _, ...r }) => r)
        .sort(
          (a, b) =>
            (a.slicePosition ?? a.instanceNumber ?? 0) - (b.slicePosition ?? b.instanceNumber ?? 0) ||
            (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0),
        ),
    }))
    .filter((s) => s.source === 'dicomweb' || s.instances.length > 0);
}

/** A stored instance the actor may view: its blob digest, or null (missing, quarantined or not theirs). */
export function viewableInstance(db: Db, actor: Actor, instanceId: number): { sha256: string } | null {
  const row = db
    .select({
      sha256: imagingInstances.sha256,
      quarantine: imagingInstances.quarantine,
      caseId: imagingSeries.caseId,
    })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .where(eq(imagingInstances.id, instanceId))
    .get();
  if (!row || !row.sha256 || row.quarantine) return null;
  return canViewCaseImages(db, actor, row.caseId) ? { sha256: row.sha256 } : null;
}

export type ImagingOverview = {
  cases: number;
  casesWithImages: number;
  series: number;
  instances: number;
  quarantined: number;
  imports: { id: number; at: Date; actor: string | null; policy: string; summary: unknown }[];
};

/** A study's imaging at a glance, for its coordinator: counts and the recent imports. */
export function studyImagingOverview(db: Db, studyId: number): ImagingOverview {
  const counts = db.$client
    .prepare(
      `SELECT
         (SELECT count(*) FROM cases WHERE study_id = @s) AS cases,
         (SELECT count(DISTINCT c.id) FROM cases c JOIN series se ON se.case_id = c.id WHERE c.study_id = @s) AS casesWithImages,
         (SELECT count(*) FROM series se JOIN cases c ON c.id = se.case_id WHERE c.study_id = @s) AS series,
         (SELECT count(*) FROM instances i JOIN series se ON se.id = i.series_id JOIN cases c ON c.id = se.case_id
            WHERE c.study_id = @s AND i.quarantine IS NULL) AS instances,
         (SELECT count(*) FROM instances i JOIN series se ON se.id = i.series_id JOIN cases c ON c.id = se.case_id
            WHERE c.study_id = @s AND i.quarantine IS NOT NULL) AS quarantined`,
    )
    .get({ s: studyId }) as Omit<ImagingOverview, 'imports'>;
  const recent = db
    .select({
      id: imports.id,
      at: imports.createdAt,
      actor: users.email,
      policy: imports.policy,
      summary: imports.summary,
    })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.actorId))
    .where(eq(imports.studyId, studyId))
    .orderBy(desc(imports.id))
    .limit(20)
    .all();
  return { ...counts, imports: recent };
}
