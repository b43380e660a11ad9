import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { ZExportParams, type ExportParams } from '@/lib/export/params';
import type { ExportRow } from '@/lib/export/table';
import { analyseAssociations, type AssociationAnalysis } from '@/lib/genomics/analysis';
import { imagingVariables } from '@/lib/genomics/imaging-variables';
import type { AssociationParams } from '@/lib/genomics/params';
import type { Variable } from '@/lib/genomics/types';
import type { Db } from '../client';
import { associationRuns, genomicTables } from '../schema';
import { immediate } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { previewExport } from './export-data';
import { assertGenomics, getGenomicTable } from './genomic-tables';

/**
 * Association runs: the imaging side from the aggregate wide export, the genomic side from a
 * stored table, joined and tested by lib/genomics, then stored with their parameters so the
 * results page, its plots and the CSV download all show the same run. Audited as
 * `genomics.associate` (parameters and counts, no values).
 */

export type AssociationRun = AssociationAnalysis & {
  id: number;
  tableId: number;
  tableName: string;
  tableVersion: number;
  params: AssociationParams;
  createdAt: Date;
};

/** Every case of the study as one aggregate row per case (all of them: no preview limit). */
function aggregateRows(
  db: Db,
  actor: Actor,
  studyId: number,
  params: AssociationParams,
  aggregate: 'central' | 'majority' | 'consensus',
) {
  const exportParams: ExportParams = ZExportParams.parse({
    layout: 'wide',
    per: 'aggregate',
    aggregate,
    sessions: [params.session],
    features: params.features,
    valueAs: 'code',
    lesions: 'summary',
    format: 'csv',
  });
  return previewExport(db, actor, studyId, exportParams, Number.MAX_SAFE_INTEGER);
}

/** The imaging variables of a study, one value per case, aggregated as the parameters say. */
export function studyImagingVariables(
  db: Db,
  actor: Actor,
  studyId: number,
  params: AssociationParams,
): { cases: { caseKey: string; subjectId: string | null }[]; variables: Variable[] } {
  const central = aggregateRows(
    db,
    actor,
    studyId,
    params,
    params.aggregate === 'majority' ? 'majority' : 'central',
  );
  let rows: ExportRow[] = central.rows;
  if (params.aggregate === 'consensus') {
    // The adjudicated value where there is one, the readers' central value elsewhere.
    const decided = new Map(
      aggregateRows(db, actor, studyId, params, 'consensus').rows.map((r) => [r.case_key, r]),
    );
    rows = central.rows.map((row) => {
      const consensus = decided.get(row.case_key) ?? {};
      const merged: ExportRow = { ...row };
      for (const [key, value] of Object.entries(consensus))
        if (value !== null && key !== 'n_reads' && !key.endsWith('__tie')) merged[key] = value;
      return merged;
    });
  }
  return {
    cases: rows.map((r) => ({
      caseKey: String(r.case_key ?? ''),
      subjectId: r.subject_id === null || r.subject_id === undefined ? null : String(r.subject_id),
    })),
    variables: imagingVariables(central.features, central.columns, rows),
  };
}

/** Runs the grid for one genomic table and stores the run. */
export function runAssociation(
  db: Db,
  ctx: ChangeContext,
  studyId: number,
  tableId: number,
  params: AssociationParams,
): AssociationRun {
  assertGenomics(ctx.actor, studyId);
  // One read transaction for both sides, so they describe the same moment.
  const { stored, imaging } = db.transaction(() => ({
    stored: getGenomicTable(db, ctx.actor, studyId, tableId),
    imaging: studyImagingVariables(db, ctx.actor, studyId, params),
  }));
  const analysis = analyseAssociations({
    cases: imaging.cases,
    imaging: imaging.variables,
    table: stored.table,
    params,
  });
  const createdAt = ctx.now ?? new Date();
  return immediate(db, (tx) => {
    const current = tx
      .select({ version: genomicTables.version })
      .from(genomicTables)
      .where(eq(genomicTables.id, tableId))
      .get();
    if (!current) throw new AppError('not_found', 'No such genomic table');
    if (current.version !== stored.version)
      throw new AppError('conflict', 'The column types changed while the tests ran; run them again');
    const row = tx
      .insert(associationRuns)
      .values({
        studyId,
        genomicTableId: tableId,
        tableVersion: stored.version,
        params,
        joinReport: analysis.join,
        results: { variables: analysis.variables, subjects: analysis.subjects, results: analysis.results },
        createdBy: ctx.actor.id,
        createdAt,
      })
      .returning({ id: associationRuns.id })
      .get();
    appendAudit(tx, ctx, {
      action: 'genomics.associate',
      entity: 'association_run',
      entityId: row.id,
      newValue: {
        studyId,
        tableId,
        tableVersion: stored.version,
        params,
        matched: analysis.join.matched,
        tests: analysis.results.filter((r) => r.p !== null).length,
      },
    });
    return {
      ...analysis,
      id: row.id,
      tableId,
      tableName: stored.name,
      tableVersion: stored.version,
      params,
      createdAt,
    };
  });
}

type RunRow = typeof associationRuns.$inferSelect;

function toRun(row: RunRow, tableName: string): AssociationRun {
  const stored = row.results as Pick<AssociationAnalysis, 'variables' | 'subjects' | 'results'>;
  return {
    id: row.id,
    tableId: row.genomicTableId,
    tableName,
    tableVersion: row.tableVersion,
    params: row.params as AssociationParams,
    createdAt: row.createdAt,
    join: row.joinReport as AssociationAnalysis['join'],
    variables: stored.variables,
    subjects: stored.subjects,
    results: stored.results,
  };
}

/** One stored run of the study. */
export function getAssociationRun(db: Db, actor: Actor, studyId: number, runId: number): AssociationRun {
  assertGenomics(actor, studyId);
  const row = db
    .select({ run: associationRuns, tableName: genomicTables.name })
    .from(associationRuns)
    .innerJoin(genomicTables, eq(genomicTables.id, associationRuns.genomicTableId))
    .where(and(eq(associationRuns.id, runId), eq(associationRuns.studyId, studyId)))
    .get();
  if (!row) throw new AppError('not_found', 'No such association run');
  return toRun(row.run, row.tableName);
}

/** The study's runs, newest first, without their results. */
export function listAssociationRuns(db: Db, actor: Actor, studyId: number) {
  assertGenomics(actor, studyId);
  return db
    .select({
      id: associationRuns.id,
      tableId: associationRuns.genomicTableId,
      tableName: genomicTables.name,
      tableVersion: associationRuns.tableVersion,
      params: associationRuns.params,
      createdAt: associationRuns.createdAt,
    })
    .from(associationRuns)
    .innerJoin(genomicTables, eq(genomicTables.id, associationRuns.genomicTableId))
    .where(eq(associationRuns.studyId, studyId))
    .orderBy(desc(associationRuns.createdAt), desc(associationRuns.id))
    .all()
    .map((r) => ({ ...r, params: r.params as AssociationParams }));
}
