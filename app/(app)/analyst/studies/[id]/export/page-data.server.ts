import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { prepareExport } from '@/db/queries/export-data';
import { scoreFeatureOf, truthFeatureOf } from '@/lib/export/imrmc-features';
import { consensus, reads, referenceAnswers } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { featureTitle, type ExportFeature } from '@/lib/export/features';
import { ZExportParams } from '@/lib/export/params';
import type { ExportPageData, PickerFeature, PickerSection } from './export-types';

function picker(feature: ExportFeature): PickerFeature {
  return { id: feature.id, title: featureTitle(feature), kind: feature.kind, groupLabel: feature.groupLabel };
}

function fits(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/**
 * The export page's data. The caller has checked `export.run` on the study; `prepareExport`
 * checks it again and throws `not_found` (no such study) or `conflict` (no lexicon yet).
 */
export function exportPageData(db: Db, actor: Actor, studyId: number): ExportPageData {
  const plan = prepareExport(db, actor, studyId, ZExportParams.parse({}));
  const sections: PickerSection[] = [];
  for (const f of plan.features) {
    const last = sections.at(-1);
    if (last?.id === f.section) last.features.push(picker(f));
    else sections.push({ id: f.section, title: f.sectionTitle, features: [picker(f)] });
  }
  const perSession = db
    .select({ session: reads.session, n: count() })
    .from(reads)
    .where(and(eq(reads.studyId, studyId), eq(reads.status, 'submitted')))
    .groupBy(reads.session)
    .all();
  const submittedBySession = Array.from(
    { length: Math.max(1, plan.study.readSessions) },
    (_, i) => perSession.find((s) => s.session === i + 1)?.n ?? 0,
  );
  const hasConsensus = !!db
    .select({ id: consensus.id })
    .from(consensus)
    .where(eq(consensus.studyId, studyId))
    .limit(1)
    .get();
  const hasReference = !!db
    .select({ id: referenceAnswers.id })
    .from(referenceAnswers)
    .where(eq(referenceAnswers.studyId, studyId))
    .limit(1)
    .get();
  return {
    study: plan.study,
    lexicon: { key: plan.lexicon.key, version: plan.lexicon.version, title: plan.lexicon.title },
    sections,
    readers: plan.readers.map((r) => r.label),
    submittedBySession,
    submittedReads: perSession.reduce((sum, s) => sum + s.n, 0),
    hasConsensus,
    hasReference,
    hasRepeatGroups: plan.features.some((f) => f.group !== null),
    scoreFeatures: plan.features
      .filter((f) => fits(() => scoreFeatureOf(plan.model, f.id)))
      .map((f) => ({ id: f.id, title: featureTitle(f) })),
    truthFeatures: plan.features
      .filter((f) => fits(() => truthFeatureOf(plan.model, f.id)))
      .map((f) => ({ id: f.id, title: featureTitle(f) })),
  };
}
