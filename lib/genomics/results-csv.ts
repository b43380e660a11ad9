import { csvCell, csvRow } from '@/lib/export/csv-cell';
import type { AssociationAnalysis } from './analysis-types';
import { AGGREGATE_LABELS, type AssociationParams } from './params';
import type { AssociationResult, GenomicTable } from './types';
import { METHOD_NOTES, TEST_NAMES, EFFECT_NAMES } from './method-notes';

/**
 * The results of a run as CSV: method notes first, as lines starting with `#` (read them past
 * with `read.csv(comment.char = "#")` in R or `pd.read_csv(comment="#")` in pandas), then one
 * row per imaging × genomic pair, sorted by q as on the page. Text cells are written by the
 * export's `csvCell`, so nothing in them runs as a spreadsheet formula.
 */
export function associationResultsCsv(
  analysis: AssociationAnalysis,
  meta: { study: string; table: string; params: AssociationParams; createdAt: Date },
): string {
  const label = new Map(
    [...analysis.variables.imaging, ...analysis.variables.genomic].map((v) => [v.id, v.label]),
  );
  const { join } = analysis;
  const comment = (text: string) => `# ${text.replace(/[\r\n]+/g, ' ')}`;
  const lines = [
    comment(`Annolex association results: study ${meta.study}, genomic table ${meta.table}`),
    comment(`Run at ${meta.createdAt.toISOString()}`),
    comment(
      `Imaging values: ${AGGREGATE_LABELS[meta.params.aggregate]}, session ${meta.params.session}; matched on ${meta.params.key === 'subject_id' ? 'subject id' : 'case key'}`,
    ),
    comment(
      `Join: ${join.rule}; ${join.matched} matched of ${join.imagingTotal} imaging and ${join.genomicTotal} genomic ids`,
    ),
    ...METHOD_NOTES.map(comment),
  ];
  const header = [
    'imaging_feature',
    'imaging_label',
    'genomic_variable',
    'genomic_label',
    'test',
    'method',
    'n',
    'statistic',
    'df',
    'p',
    'q_bh',
    ...(meta.params.bonferroni ? ['p_bonferroni'] : []),
    'effect',
    'effect_value',
    'effect_ci_low',
    'effect_ci_high',
    'groups',
    'cautions',
    'reason',
  ];
  lines.push(csvRow(header));
  for (const r of analysis.results) lines.push(csvRow(resultCells(r, label, meta.params.bonferroni)));
  return `${lines.join('\n')}\n`;
}

function resultCells(
  r: AssociationResult,
  label: Map<string, string>,
  bonferroni: boolean,
): (string | number | null)[] {
  return [
    r.imaging,
    label.get(r.imaging) ?? r.imaging,
    r.genomic,
    label.get(r.genomic) ?? r.genomic,
    r.test ? TEST_NAMES[r.test] : null,
    r.method,
    r.n,
    r.statistic,
    r.df,
    r.p,
    r.q,
    ...(bonferroni ? [r.pBonferroni ?? null] : []),
    r.effect ? EFFECT_NAMES[r.effect.name] : null,
    r.effect?.value ?? null,
    r.effect?.ci?.[0] ?? null,
    r.effect?.ci?.[1] ?? null,
    r.groups.map((g) => `${g.level}: ${g.n}`).join('; ') || null,
    r.cautions.join('; ') || null,
    r.reason,
  ];
}

/** Text that is a plain decimal number: written as it is (a number is not a formula, even when negative). */
const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

const storedCell = (value: string | null) =>
  value !== null && NUMBER_TEXT.test(value) ? value : csvCell(value);

/** A stored genomic table written back as CSV: the id column, then every column, values as stored. */
export function genomicTableCsv(table: GenomicTable): string {
  const lines = [csvRow([table.idColumn, ...table.columns.map((c) => c.id)])];
  for (const row of table.rows) lines.push([csvCell(row.id), ...row.values.map(storedCell)].join(','));
  return `${lines.join('\n')}\n`;
}
