import { asc, eq, sql } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { caseLabel } from '@/lib/dicom/import/plan';
import { AppError } from '@/lib/errors';
import type { CaseCsvRow } from '@/lib/study/case-csv';
import type { Db } from '../client';
import { cases, imagingInstances, imagingSeries, reads, studies } from '../schema';
import { immediate } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

function assertManager(actor: Actor, studyId: number) {
  if (!can(actor, 'study.manage', { studyId })) throw new AppError('not_found', 'No such study');
}

export type StudyCaseRow = {
  id: number;
  caseKey: string;
  label: string;
  subjectId: string | null;
  metadata: Record<string, unknown>;
  series: number;
  instances: number;
  reads: number;
};

/** A study's cases for its coordinator, with how many series, instances and reads each has. */
export function listStudyCases(db: Db, actor: Actor, studyId: number): StudyCaseRow[] {
  assertManager(actor, studyId);
  const seriesCount = db
    .select({ caseId: imagingSeries.caseId, n: sql<number>`count(*)`.as('series_n') })
    .from(imagingSeries)
    .innerJoin(cases, eq(cases.id, imagingSeries.caseId))
    .where(eq(cases.studyId, studyId))
    .groupBy(imagingSeries.caseId)
    .as('series_count');
  const instanceCount = db
    .select({ caseId: imagingSeries.caseId, n: sql<number>`count(*)`.as('instance_n') })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .innerJoin(cases, eq(cases.id, imagingSeries.caseId))
    .where(eq(cases.studyId, studyId))
    .groupBy(imagingSeries.caseId)
    .as('instance_count');
  const readCount = db
    .select({ caseId: reads.caseId, n: sql<number>`count(*)`.as('read_n') })
    .from(reads)
    .where(eq(reads.studyId, studyId))
    .groupBy(reads.caseId)
    .as('read_count');
  return db
    .select({
      id: cases.id,
      caseKey: cases.caseKey,
      label: cases.label,
      subjectId: cases.subjectId,
      metadata: cases.metadata,
      series: sql<number>`coalesce(${seriesCount.n}, 0)`,
      instances: sql<number>`coalesce(${instanceCount.n}, 0)`,
      reads: sql<number>`coalesce(${readCount.n}, 0)`,
    })
    .from(cases)
    .leftJoin(seriesCount, eq(seriesCount.caseId, cases.id))
    .leftJoin(instanceCount, eq(instanceCount.caseId, cases.id))
    .leftJoin(readCount, eq(readCount.caseId, cases.id))
    .where(eq(cases.studyId, studyId))
    .orderBy(asc(cases.id))
    .all()
    .map((r) => ({ ...r, metadata: r.metadata ?? {} }));
}

/** The number after the highest "Case NN" label, or after the case count if that is higher. */
function nextOrdinal(labels: Iterable<string>, caseCount: number): number {
  let max = caseCount;
  for (const label of labels) {
    const m = /^Case (\d+)$/.exec(label);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/**
 * Metadata after an upload: the file's columns replace those keys (an empty cell removes the
 * key); keys of columns the file does not have are kept.
 */
function mergeMetadata(old: Record<string, unknown>, given: CaseCsvRow['metadata']): Record<string, unknown> {
  const next: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(given)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Creates and updates a study's cases from a parsed case mapping CSV in one transaction. An
 * existing key gets the row's subject ID (when given), label (when given) and metadata columns
 * (which replace those keys; other keys stay). A new key becomes a case labelled "Case NN",
 * continuing the study's numbering, unless the row gives a label. A label already used by
 * another case refuses the whole file. One audit row per created or changed case.
 */
export function upsertCasesFromCsv(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  rows: readonly CaseCsvRow[],
): { created: number; updated: number; unchanged: number } {
  assertManager(ctx.actor, studyId);
  return immediate(db, (tx) => {
    if (!tx.select({ id: studies.id }).from(studies).where(eq(studies.id, studyId)).get())
      throw new AppError('not_found', 'No such study');
    const existing = tx
      .select({
        id: cases.id,
        caseKey: cases.caseKey,
        label: cases.label,
        subjectId: cases.subjectId,
        metadata: cases.metadata,
      })
      .from(cases)
      .where(eq(cases.studyId, studyId))
      .all();
    const byKey = new Map(existing.map((c) => [c.caseKey, c]));

    // Every case's label once the file is applied, to refuse a label two cases would share.
    const finalLabel = new Map(existing.map((c) => [c.caseKey, c.label]));
    for (const r of rows) if (r.label) finalLabel.set(r.caseKey, r.label);
    const keysByLabel = new Map<string, string[]>();
    for (const [key, label] of finalLabel) keysByLabel.set(label, [...(keysByLabel.get(label) ?? []), key]);
    const errors: string[] = [];
    for (const r of rows) {
      if (!r.label) continue;
      const other = keysByLabel.get(r.label)?.find((k) => k !== r.caseKey);
      if (other !== undefined)
        errors.push(`line ${r.line}: the label "${r.label}" is already used by case ${other}`);
    }
    if (errors.length)
      throw new AppError('invalid', `The cases were not stored: ${errors.length} problem(s)`, {
        file: errors.slice(0, 50),
      });

    const used = new Set(finalLabel.values());
    let ordinal = nextOrdinal(
      existing.map((c) => c.label),
      existing.length,
    );
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const r of rows) {
      const old = byKey.get(r.caseKey);
      if (!old) {
        let label = r.label;
        if (!label) {
          while (used.has(caseLabel(ordinal))) ordinal++;
          label = caseLabel(ordinal++);
          used.add(label);
        }
        const metadata = mergeMetadata({}, r.metadata);
        const row = tx
          .insert(cases)
          .values({ studyId, caseKey: r.caseKey, label, subjectId: r.subjectId, metadata })
          .returning({ id: cases.id })
          .get();
        appendAudit(tx, ctx, {
          action: 'case.create',
          entity: 'case',
          entityId: row.id,
          newValue: { caseKey: r.caseKey, label, subjectId: r.subjectId, metadata },
        });
        created++;
        continue;
      }
      const before = { label: old.label, subjectId: old.subjectId, metadata: old.metadata ?? {} };
      const after = {
        label: r.label ?? old.label,
        subjectId: r.subjectId ?? old.subjectId,
        metadata: mergeMetadata(old.metadata ?? {}, r.metadata),
      };
      if (sameJson(before, after)) {
        unchanged++;
        continue;
      }
      tx.update(cases).set(after).where(eq(cases.id, old.id)).run();
      appendAudit(tx, ctx, {
        action: 'case.update',
        entity: 'case',
        entityId: old.id,
        oldValue: { caseKey: old.caseKey, ...before },
        newValue: { caseKey: old.caseKey, ...after },
      });
      updated++;
    }
    return { created, updated, unchanged };
  });
}
