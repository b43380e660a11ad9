import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { getAssociationRun, listAssociationRuns } from '@/db/queries/association-runs';
import { getGenomicTable, listGenomicTables, type GenomicTableMeta } from '@/db/queries/genomic-tables';
import { studies } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { parsePairKey } from '@/lib/genomics/plot-data';
import { columnSummary } from '@/lib/genomics/typing';
import type { Variable } from '@/lib/genomics/types';
import type {
  ColumnPreview,
  DrillPair,
  GenomicsPageData,
  RunItem,
  RunView,
  SelectedTable,
  TableItem,
  VariableMeta,
} from './genomics-types';

/** The page's search parameters: the run shown, the table whose columns are shown, the plotted pair. */
export type GenomicsSearch = { run?: string; table?: string; pair?: string };

const iso = (d: Date | number | string) => new Date(d).toISOString();

function positiveInt(text: string | undefined): number | null {
  if (!text || !/^\d{1,12}$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

function tableItem(t: GenomicTableMeta): TableItem {
  return {
    id: t.id,
    name: t.name,
    source: t.source,
    idColumn: t.idColumn,
    idLevel: t.idLevel,
    rows: t.rowCount,
    columns: t.columns.length,
    version: t.version,
    createdAt: iso(t.createdAt),
  };
}

function variableMeta(v: Variable): VariableMeta {
  return {
    id: v.id,
    label: v.label,
    scale: v.scale,
    levels: v.scale === 'continuous' ? null : v.levels,
    levelLabels: v.scale === 'continuous' ? null : (v.levelLabels ?? null),
    unit: v.scale === 'continuous' ? (v.unit ?? null) : null,
  };
}

/** The selected table with each column summarised as levels and as numbers (its rows stay here). */
function selectedTable(db: Db, actor: Actor, studyId: number, meta: GenomicTableMeta): SelectedTable {
  const stored = getGenomicTable(db, actor, studyId, meta.id);
  const columns: ColumnPreview[] = stored.columns.map((column, c) => {
    const values = stored.table.rows.map((row) => row.values[c] ?? null);
    const asLevels = columnSummary(values, 'categorical');
    const asNumbers = columnSummary(values, 'continuous');
    if (asLevels.type === 'continuous' || asNumbers.type !== 'continuous')
      throw new Error('Unexpected column summary');
    return {
      id: column.id,
      label: column.label,
      description: column.description ?? null,
      type: column.type,
      inferred: column.inferred,
      asLevels,
      asNumbers,
    };
  });
  return { ...tableItem(stored), notes: stored.notes, columns };
}

/**
 * Everything the radiogenomics page shows. The caller has checked `genomics.manage`; the
 * queries check it again. Throws `not_found` when the study does not exist. A run or table in
 * the address that no longer exists (deleted meanwhile) falls back to the default, with a notice.
 */
export function genomicsPageData(
  db: Db,
  actor: Actor,
  studyId: number,
  search: GenomicsSearch,
): GenomicsPageData {
  const study = db
    .select({ id: studies.id, name: studies.name, slug: studies.slug, readSessions: studies.readSessions })
    .from(studies)
    .where(eq(studies.id, studyId))
    .get();
  if (!study) throw new AppError('not_found', 'No such study');
  const metas = listGenomicTables(db, actor, studyId);
  const runList = listAssociationRuns(db, actor, studyId);
  const notices: string[] = [];

  const runs: RunItem[] = runList.map((r) => ({
    id: r.id,
    tableId: r.tableId,
    tableName: r.tableName,
    params: r.params,
    createdAt: iso(r.createdAt),
  }));

  let runId = runs[0]?.id ?? null;
  if (search.run !== undefined) {
    const wanted = positiveInt(search.run);
    if (wanted !== null && runs.some((r) => r.id === wanted)) runId = wanted;
    else notices.push('The run in the address does not exist (any more); showing the latest run instead.');
  }
  let run: RunView | null = null;
  let pair: DrillPair | null = null;
  if (runId !== null) {
    const stored = getAssociationRun(db, actor, studyId, runId);
    const table = metas.find((t) => t.id === stored.tableId);
    run = {
      id: stored.id,
      tableId: stored.tableId,
      tableName: stored.tableName,
      tableVersion: stored.tableVersion,
      params: stored.params,
      createdAt: iso(stored.createdAt),
      stale: !!table && table.version !== stored.tableVersion,
      join: stored.join,
      results: stored.results,
      imaging: stored.variables.imaging.map(variableMeta),
      genomic: stored.variables.genomic.map(variableMeta),
    };
    const asked = parsePairKey(search.pair);
    let result = asked
      ? stored.results.find((r) => r.imaging === asked.imaging && r.genomic === asked.genomic)
      : undefined;
    if (search.pair !== undefined && !result)
      notices.push(
        'The pair in the address is not part of this run; showing the strongest association instead.',
      );
    result ??= stored.results.find((r) => r.p !== null);
    const imaging = result && stored.variables.imaging.find((v) => v.id === result.imaging);
    const genomic = result && stored.variables.genomic.find((v) => v.id === result.genomic);
    if (result && imaging && genomic) pair = { result, imaging, genomic };
  }

  let tableMeta = metas.find((t) => t.id === run?.tableId) ?? metas[0] ?? null;
  if (search.table !== undefined) {
    const wanted = positiveInt(search.table);
    const found = metas.find((t) => t.id === wanted);
    if (found) tableMeta = found;
    else notices.push('The genomic table in the address does not exist (any more).');
  }

  return {
    study,
    tables: metas.map(tableItem),
    selectedTable: tableMeta ? selectedTable(db, actor, studyId, tableMeta) : null,
    runs,
    run,
    pair,
    notices,
  };
}
