import { meanDecimals } from './aggregate';
import type { ExportFeature, ExportMeta, ExportOption } from './features';
import { longColumns } from './long';
import type { ExportColumn, ExportTable } from './table';
import { parseWideColumnId, type WideAggregate, type WideLayout } from './wide';

/**
 * The codebook of an export: one entry per column of the exported table, saying what the
 * column holds (feature, unit, reader or aggregate rule) and how to read its codes (options
 * with labels, scores, RadLex codes and missingness), with the lexicon it came from.
 */

export type CodebookContext = {
  /** `long` for the long table; otherwise the wide layout. */
  layout: WideLayout | 'long';
  aggregate?: WideAggregate;
  session: number;
  valueAs: 'code' | 'score';
};

export type CodebookEntry = {
  columnId: string;
  label: string;
  type: ExportColumn['type'];
  description: string | null;
  featureId: string | null;
  unit: string | null;
  /** The reader label of a per-reader column. */
  reader: string | null;
  /**
   * The rule behind an aggregate column: `consensus`, `majority`, `central (median)`,
   * `central (mean)`, `central (majority)`, or `reader reader_03`; null otherwise.
   */
  aggregate: string | null;
  /** The options the column's values refer to (one for a multiple-choice 0/1 column). */
  options: ExportOption[];
  /** Codes of those options that mean "not assessable" or "not applicable". */
  missingnessCodes: string[];
  lexiconId: string;
  lexiconVersion: string;
};

export function codebook(
  meta: ExportMeta,
  features: ExportFeature[],
  columns: ExportColumn[],
  context: CodebookContext,
): CodebookEntry[] {
  const byId = new Map(features.map((f) => [f.id, f]));
  const longIds = new Set(longColumns().map((c) => c.id));
  return columns.map((column) => {
    const entry: CodebookEntry = {
      columnId: column.id,
      label: column.label,
      type: column.type,
      description: column.description ?? null,
      featureId: null,
      unit: null,
      reader: null,
      aggregate: null,
      options: [],
      missingnessCodes: [],
      lexiconId: meta.lexiconId,
      lexiconVersion: meta.lexiconVersion,
    };
    if (context.layout === 'long') {
      if (!longIds.has(column.id)) throw new Error(`Column ${column.id} is not a column of the long table`);
      return entry;
    }
    const ref = parseWideColumnId(column.id, features, context.layout);
    if (!ref) throw new Error(`Column ${column.id} is not a column of this wide table`);
    if (ref.part === 'provenance') return entry;
    const feature = ref.featureId === null ? undefined : byId.get(ref.featureId);
    entry.featureId = ref.featureId;
    entry.reader = ref.reader;
    if (context.layout === 'aggregate')
      entry.aggregate = ruleName(context.aggregate ?? 'central', ref.part, feature);
    if (!feature || ref.tie || ref.part === 'count') return entry;
    entry.unit = feature.unit;
    if (ref.part === 'value') {
      entry.options =
        ref.option === null ? feature.options : feature.options.filter((o) => o.code === ref.option);
      entry.missingnessCodes = entry.options.filter((o) => o.missingness).map((o) => o.code);
    }
    return entry;
  });
}

function ruleName(agg: WideAggregate, part: string, feature: ExportFeature | undefined): string {
  if (typeof agg === 'object') return `reader ${agg.reader}`;
  if (agg !== 'central') return agg;
  if (part === 'count') return 'central (median)';
  if (feature?.kind === 'numeric') return `central (mean, ${meanDecimals(feature)} decimals)`;
  return feature?.kind === 'ordinal' ? 'central (median)' : 'central (majority)';
}

/** One option as a codebook cell: `code=label (score 2; RID39141 exact; not_assessable)`. */
export function optionText(o: ExportOption): string {
  const notes = [
    o.score === null ? null : `score ${o.score}`,
    o.radlexRid === null ? null : `${o.radlexRid}${o.radlexMatch ? ` ${o.radlexMatch}` : ''}`,
    o.missingness,
  ].filter((n): n is string => n !== null);
  return `${o.code}=${o.label}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function codebookTable(entries: CodebookEntry[]): ExportTable {
  const text = (id: string, label: string, description: string): ExportColumn => ({
    id,
    label,
    type: 'string',
    description,
  });
  return {
    columns: [
      text('column_id', 'Column', 'The column id in the exported table.'),
      text('label', 'Label', 'Human label of the column.'),
      text('description', 'Description', 'What the column holds and how its values are coded.'),
      text('type', 'Type', 'string, integer, number, boolean or datetime.'),
      text('feature_id', 'Feature', 'The lexicon feature id; empty for case and read columns.'),
      text('unit', 'Unit', 'UCUM unit of a number.'),
      text('reader', 'Reader', 'The pseudonymous reader of a per-reader column.'),
      text('aggregate', 'Aggregate', 'The rule that combined the readers, for aggregate columns.'),
      text(
        'options',
        'Options',
        'code=label (score; RadLex RID and match; missingness) for each option, separated by " | ".',
      ),
      text(
        'missingness_codes',
        'Missingness codes',
        'Option codes meaning not assessable or not applicable, separated by " | ".',
      ),
      text('lexicon_id', 'Lexicon', 'The lexicon id.'),
      text('lexicon_version', 'Lexicon version', 'The lexicon version.'),
    ],
    rows: entries.map((e) => ({
      column_id: e.columnId,
      label: e.label,
      description: e.description,
      type: e.type,
      feature_id: e.featureId,
      unit: e.unit,
      reader: e.reader,
      aggregate: e.aggregate,
      options: e.options.length ? e.options.map(optionText).join(' | ') : null,
      missingness_codes: e.missingnessCodes.length ? e.missingnessCodes.join(' | ') : null,
      lexicon_id: e.lexiconId,
      lexicon_version: e.lexiconVersion,
    })),
  };
}

/** The codebook as plain data for JSON, with the same snake_case names as the table. */
export function codebookJson(entries: CodebookEntry[]) {
  return {
    columns: entries.map((e) => ({
      column_id: e.columnId,
      label: e.label,
      description: e.description,
      type: e.type,
      feature_id: e.featureId,
      unit: e.unit,
      reader: e.reader,
      aggregate: e.aggregate,
      options: e.options.map((o) => ({
        code: o.code,
        label: o.label,
        score: o.score,
        radlex_rid: o.radlexRid,
        radlex_match: o.radlexMatch,
        missingness: o.missingness,
      })),
      missingness_codes: e.missingnessCodes,
      lexicon_id: e.lexiconId,
      lexicon_version: e.lexiconVersion,
    })),
  };
}
