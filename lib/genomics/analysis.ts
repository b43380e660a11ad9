import { AppError } from '@/lib/errors';
import type { AssociationAnalysis, JoinSummary } from './analysis-types';
import { associationGrid } from './grid';
import { joinGenomic } from './join';
import type { AssociationParams } from './params';
import { genomicVariableValues } from './typing';
import type { GenomicTable, Variable } from './types';

export type { AssociationAnalysis, JoinSummary } from './analysis-types';

/**
 * The whole analysis, from an aggregate imaging table (one value per case and variable, in
 * `cases` order) and a genomic table: join on the chosen id, align both sides by subject,
 * test every pair, adjust over the grid.
 */
export function analyseAssociations(input: {
  cases: { caseKey: string; subjectId: string | null }[];
  imaging: Variable[];
  table: GenomicTable;
  params: AssociationParams;
}): AssociationAnalysis {
  const { cases, imaging, table, params } = input;
  const columns = params.columns.length ? params.columns : table.columns.map((c) => c.id);
  const unknown = columns.filter((id) => !table.columns.some((c) => c.id === id));
  if (unknown.length)
    throw new AppError(
      'invalid',
      `The genomic table has no column ${unknown.map((c) => `"${c}"`).join(', ')}`,
    );
  if (!imaging.length) throw new AppError('invalid', 'This study has no imaging features that can be tested');

  const join = joinGenomic(cases, table, { key: params.key });
  const caseIndex = new Map(cases.map((c, i) => [c.caseKey, i]));
  const matched = join.matched;
  const alignedImaging = imaging.map((v) => {
    const values = matched.map((m) => v.values[caseIndex.get(m.caseKey)!] ?? null);
    return { ...v, values } as Variable;
  });
  const genomic = columns.map((id) => {
    const c = table.columns.findIndex((col) => col.id === id);
    const column = table.columns[c]!;
    return genomicVariableValues(
      column,
      matched.map((m) => table.rows[m.rowIndex]?.values[c] ?? null),
    );
  });
  const imagingIds = new Set(
    cases
      .map((c) => (params.key === 'case_key' ? c.caseKey : c.subjectId))
      .filter((id): id is string => Boolean(id)),
  );
  const summary: JoinSummary = {
    rule: join.rule,
    matched: matched.length,
    imagingTotal: imagingIds.size,
    genomicTotal: table.rows.length,
    unmatchedImaging: join.unmatchedImaging,
    unmatchedGenomic: join.unmatchedGenomic,
    notes: join.notes,
  };
  return {
    join: summary,
    subjects: matched.map((m) => m.imagingId),
    variables: { imaging: alignedImaging, genomic },
    results: associationGrid(alignedImaging, genomic, { bonferroni: params.bonferroni }),
  };
}
