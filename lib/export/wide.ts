import { isAnswered, type AnswerValue } from '@/lib/lexicon/conditions';
import { aggregate, meanDecimals, plurality, type Aggregated } from './aggregate';
import {
  parseAnswerPath,
  answerPath,
  featureTitle,
  type CaseBundle,
  type ExportFeature,
  type ExportMeta,
  type ExportOption,
} from './features';
import type { ExportCell, ExportColumn, ExportRow, ExportTable } from './table';

/**
 * The wide export: one row per case, for joining with genomic or clinical data by subject.
 *
 * Columns: `subject_id`, `case_key`, `n_reads` (reads of the session by the exported readers),
 * then the features in lexicon order. Column ids are stable ids, never labels:
 *
 * - a feature: `F5`; per reader `F5__reader_03` (the reader's pseudonymous label);
 * - a multiple choice: one 0/1 column per option, `F1__frontal`, per reader
 *   `F1__frontal__reader_03`;
 * - a tie flag beside a majority or central aggregate that can tie: `F5__tie`, one per
 *   multiple choice (`F1__tie`), `lesions__count__tie`;
 * - repeat groups, `index` mode: `lesions_1__F29` … `lesions_<maxLesions>__F29`, numbered from 1
 *   like the form (`lesions_1__F29` holds the answer at path `lesions[0].F29`); entries beyond
 *   `maxLesions` are left out, and `lesions__count` says how many there were;
 * - repeat groups, `summary` mode: `lesions__count` (entries reported) and, for each numeric
 *   feature of the group, `F29__largest` (the largest value over the entries); other features
 *   of the group are not exported in this mode.
 *
 * Values: choices as option codes (`valueAs: 'code'`) or as option scores (`'score'`; an option
 * without a score gives null, and missingness options keep the scores the lexicon gives them),
 * multiple-choice options as 1/0, numbers as numbers, yes/no as booleans, dates and text as text.
 * An unanswered feature, or a reader without a read of the case, is null. Reads of other
 * sessions and of readers not listed are left out; should a reader have two reads of the case
 * in the session, the first one counts.
 *
 * Aggregates (`layout: 'aggregate'`), over the readers listed in the options:
 * - `consensus`: the adjudicated values (`CaseBundle.consensus`); null when the case has none;
 * - `majority`, `central`: as `aggregate()` in aggregate.ts, per feature path. Repeat-group
 *   entries are matched by their number: lesion 1 of one reader with lesion 1 of another.
 *   A lesion count is a whole number, so `central` takes its median like an ordinal (ties
 *   when the two middle counts differ) rather than its mean; `__largest` columns aggregate
 *   each reader's largest value like the feature itself;
 * - `{reader: 'reader_03'}`: that reader's answers (named by label, so the id stays internal).
 */

export type WideReader = { id: string; label: string };
export type WideAggregate = 'consensus' | 'majority' | 'central' | { reader: string };
export type WideRepeat = { mode: 'index'; maxLesions: number } | { mode: 'summary' };
export type WideLayout = 'per_reader' | 'aggregate';

export type WideOptions = {
  session: number;
  /** The readers exported: `id` as in the reads, `label` the pseudonymous id used in column ids. */
  readers: WideReader[];
  layout: WideLayout;
  /** Required for the aggregate layout. */
  aggregate?: WideAggregate;
  valueAs: 'code' | 'score';
  repeat: WideRepeat;
};

type Slot =
  | { kind: 'value'; feature: ExportFeature; path: string; lesion: number | null }
  | { kind: 'count'; group: string; groupLabel: string }
  | { kind: 'largest'; feature: ExportFeature; group: string };

type ReadAnswers = {
  values: Map<string, AnswerValue>;
  /** Repeat group → the entry indexes with at least one answer. */
  entries: Map<string, Set<number>>;
};

type CaseContext = {
  bundle: CaseBundle;
  byReader: Map<string, ReadAnswers>;
  consensus: ReadAnswers | null;
  cache: Map<Slot, Aggregated>;
};

type PlannedColumn = { column: ExportColumn; cell: (ctx: CaseContext) => ExportCell };

const READER_LABEL = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$/;
const RESERVED = new Set(['tie', 'count', 'largest']);
const PROVENANCE = ['subject_id', 'case_key', 'n_reads'] as const;

export function wideColumns(features: ExportFeature[], options: WideOptions): ExportColumn[] {
  return plan(features, options).map((p) => p.column);
}

/**
 * The wide rows, one per case bundle, read one bundle at a time. The study and lexicon are not
 * repeated on every row (the codebook carries them); `meta` is taken for symmetry with `longRows`.
 */
export function* wideRows(
  _meta: ExportMeta,
  features: ExportFeature[],
  bundles: Iterable<CaseBundle>,
  options: WideOptions,
): Generator<ExportRow> {
  const columns = plan(features, options);
  const readerById = new Map(options.readers.map((r) => [r.id, r]));
  for (const bundle of bundles) {
    const byReader = new Map<string, ReadAnswers>();
    for (const { read, answers } of bundle.reads) {
      const reader = readerById.get(read.readerId);
      if (read.session !== options.session || !reader || byReader.has(reader.label)) continue;
      byReader.set(reader.label, readAnswers(answers));
    }
    const ctx: CaseContext = {
      bundle,
      byReader,
      consensus: bundle.consensus.length ? readAnswers(bundle.consensus) : null,
      cache: new Map(),
    };
    const row: ExportRow = {};
    for (const { column, cell } of columns) row[column.id] = cell(ctx);
    yield row;
  }
}

export function wideTable(
  meta: ExportMeta,
  features: ExportFeature[],
  bundles: Iterable<CaseBundle>,
  options: WideOptions,
): ExportTable {
  return { columns: wideColumns(features, options), rows: wideRows(meta, features, bundles, options) };
}

function readAnswers(answers: { path: string; value: AnswerValue }[]): ReadAnswers {
  const values = new Map<string, AnswerValue>();
  const entries = new Map<string, Set<number>>();
  for (const { path, value } of answers) {
    if (!isAnswered(value)) continue;
    values.set(path, value);
    const parsed = parseAnswerPath(path);
    if (parsed?.group != null && parsed.index !== null) {
      const set = entries.get(parsed.group) ?? new Set<number>();
      set.add(parsed.index);
      entries.set(parsed.group, set);
    }
  }
  return { values, entries };
}

function validate(options: WideOptions) {
  const ids = new Set<string>();
  const labels = new Set<string>();
  for (const r of options.readers) {
    if (!READER_LABEL.test(r.label) || RESERVED.has(r.label)) {
      throw new Error(
        `Reader label "${r.label}" cannot name a column: use letters, digits and single underscores, not tie, count or largest`,
      );
    }
    if (ids.has(r.id) || labels.has(r.label)) throw new Error(`Reader ${r.label} is listed twice`);
    ids.add(r.id);
    labels.add(r.label);
  }
  if (options.layout === 'aggregate') {
    if (!options.aggregate) throw new Error('The aggregate layout needs an aggregate rule');
    const agg = options.aggregate;
    if (typeof agg === 'object' && !labels.has(agg.reader)) {
      throw new Error(`Reader ${agg.reader} is not among the exported readers`);
    }
  }
  if (
    options.repeat.mode === 'index' &&
    !(Number.isInteger(options.repeat.maxLesions) && options.repeat.maxLesions >= 1)
  ) {
    throw new Error('maxLesions must be a whole number of at least 1');
  }
}

/** The slots (things with a value per source) in column order. */
function slots(features: ExportFeature[], repeat: WideRepeat): Slot[] {
  const out: Slot[] = [];
  const done = new Set<string>();
  for (const f of features) {
    if (f.group === null) {
      out.push({ kind: 'value', feature: f, path: f.id, lesion: null });
      continue;
    }
    if (done.has(f.group)) continue;
    done.add(f.group);
    const group = f.group;
    const members = features.filter((g) => g.group === group);
    out.push({ kind: 'count', group, groupLabel: f.groupLabel ?? group });
    if (repeat.mode === 'index') {
      for (let n = 1; n <= repeat.maxLesions; n++) {
        for (const g of members)
          out.push({ kind: 'value', feature: g, path: answerPath(g, n - 1), lesion: n });
      }
    } else {
      for (const g of members) if (g.kind === 'numeric') out.push({ kind: 'largest', feature: g, group });
    }
  }
  return out;
}

function slotBase(slot: Slot): string {
  if (slot.kind === 'count') return `${slot.group}__count`;
  if (slot.kind === 'largest') return `${slot.feature.id}__largest`;
  return slot.lesion === null ? slot.feature.id : `${slot.feature.group}_${slot.lesion}__${slot.feature.id}`;
}

function slotTitle(slot: Slot): string {
  if (slot.kind === 'count') return `${slot.groupLabel} count`;
  if (slot.kind === 'largest') return `${featureTitle(slot.feature)}: largest`;
  return slot.lesion === null
    ? featureTitle(slot.feature)
    : `${slot.feature.groupLabel ?? slot.feature.group} ${slot.lesion}: ${featureTitle(slot.feature)}`;
}

function aggregateName(agg: WideAggregate): string {
  return typeof agg === 'object' ? agg.reader : agg;
}

/** Whether the aggregate of a slot can tie (and so gets a `__tie` column). */
function canTie(slot: Slot, agg: WideAggregate | undefined): boolean {
  if (agg !== 'majority' && agg !== 'central') return false;
  if (agg === 'majority') return true;
  if (slot.kind === 'count') return true;
  return slot.feature.kind !== 'numeric';
}

function plan(features: ExportFeature[], options: WideOptions): PlannedColumn[] {
  validate(options);
  const columns: PlannedColumn[] = [
    {
      column: {
        id: 'subject_id',
        label: 'Subject ID',
        type: 'string',
        description: 'The subject (patient) the case belongs to: the key to join genomic or clinical data.',
      },
      cell: (ctx) => ctx.bundle.subjectId,
    },
    {
      column: { id: 'case_key', label: 'Case', type: 'string', description: 'The case key in the study.' },
      cell: (ctx) => ctx.bundle.caseKey,
    },
    {
      column: {
        id: 'n_reads',
        label: 'Reads',
        type: 'integer',
        description: `Reads of the case in session ${options.session} by the exported readers.`,
      },
      cell: (ctx) => ctx.byReader.size,
    },
  ];
  const sources: (string | null)[] =
    options.layout === 'per_reader' ? options.readers.map((r) => r.label) : [null];
  for (const slot of slots(features, options.repeat)) {
    const base = slotBase(slot);
    const title = slotTitle(slot);
    const parts: { suffix: string; label: string; option: ExportOption | null }[] =
      slot.kind === 'value' && slot.feature.kind === 'multiple'
        ? slot.feature.options.map((o) => ({
            suffix: `__${o.code}`,
            label: `${title}: ${o.label}`,
            option: o,
          }))
        : [{ suffix: '', label: title, option: null }];
    for (const part of parts) {
      for (const reader of sources) {
        const id = `${base}${part.suffix}${reader === null ? '' : `__${reader}`}`;
        const who = reader ?? aggregateName(options.aggregate ?? 'central');
        columns.push({
          column: {
            id,
            label: `${part.label} (${who})`,
            type: columnType(slot, options.valueAs),
            description: describe(slot, part.option, reader, options),
          },
          cell: (ctx) => encode(slot, part.option, valueOf(slot, reader, ctx, options), options.valueAs),
        });
      }
    }
    if (options.layout === 'aggregate' && canTie(slot, options.aggregate)) {
      columns.push({
        column: {
          id: `${base}__tie`,
          label: `${title}: tied (${aggregateName(options.aggregate ?? 'central')})`,
          type: 'boolean',
          description: `true when the readers were split evenly, so ${base} is null${
            slot.kind === 'value' && slot.feature.kind === 'multiple'
              ? ' (for a multiple choice: some option was chosen by exactly half of the readers, and is 0)'
              : ''
          }; false otherwise.`,
        },
        cell: (ctx) => aggregated(slot, ctx, options).tie,
      });
    }
  }
  const seen = new Set<string>();
  for (const { column } of columns) {
    if (seen.has(column.id)) throw new Error(`Two wide columns would share the id ${column.id}`);
    seen.add(column.id);
  }
  return columns;
}

function columnType(slot: Slot, valueAs: WideOptions['valueAs']): ExportColumn['type'] {
  if (slot.kind === 'count') return 'integer';
  if (slot.kind === 'largest') return 'number';
  switch (slot.feature.kind) {
    case 'multiple':
      return 'integer';
    case 'nominal':
    case 'ordinal':
      return valueAs === 'score' ? 'number' : 'string';
    case 'binary':
      return 'boolean';
    case 'numeric':
      return 'number';
    case 'date':
    case 'text':
      return 'string';
  }
}

/** The raw value of a slot in one set of answers. */
function rawValue(slot: Slot, answers: ReadAnswers): AnswerValue {
  if (slot.kind === 'value') return answers.values.get(slot.path);
  const indexes = answers.entries.get(slot.group);
  if (slot.kind === 'count') return indexes?.size ?? 0;
  let largest: number | null = null;
  for (const i of indexes ?? []) {
    const v = answers.values.get(answerPath(slot.feature, i));
    if (typeof v === 'number' && Number.isFinite(v) && (largest === null || v > largest)) largest = v;
  }
  return largest;
}

function single(value: AnswerValue): Aggregated {
  return {
    value: isAnswered(value) ? (value as Aggregated['value']) : null,
    tie: false,
    n: isAnswered(value) ? 1 : 0,
  };
}

function aggregated(slot: Slot, ctx: CaseContext, options: WideOptions): Aggregated {
  const cached = ctx.cache.get(slot);
  if (cached) return cached;
  const agg = options.aggregate ?? 'central';
  let result: Aggregated;
  if (agg === 'consensus') {
    result = ctx.consensus ? single(rawValue(slot, ctx.consensus)) : single(null);
  } else if (typeof agg === 'object') {
    const answers = ctx.byReader.get(agg.reader);
    result = answers ? single(rawValue(slot, answers)) : single(null);
  } else {
    const values = [...ctx.byReader.values()].map((a) => rawValue(slot, a));
    result =
      slot.kind === 'count' ? countAggregate(values as number[], agg) : aggregate(slot.feature, values, agg);
  }
  ctx.cache.set(slot, result);
  return result;
}

function countAggregate(counts: number[], how: 'majority' | 'central'): Aggregated {
  if (!counts.length) return { value: null, tie: false, n: 0 };
  if (how === 'majority') return plurality(counts);
  const sorted = [...counts].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  const lower = sorted[sorted.length % 2 ? half : half - 1] ?? 0;
  const upper = sorted[half] ?? 0;
  return lower === upper
    ? { value: lower, tie: false, n: counts.length }
    : { value: null, tie: true, n: counts.length };
}

function valueOf(
  slot: Slot,
  reader: string | null,
  ctx: CaseContext,
  options: WideOptions,
): Aggregated['value'] {
  if (reader === null) return aggregated(slot, ctx, options).value;
  const answers = ctx.byReader.get(reader);
  return answers ? single(rawValue(slot, answers)).value : null;
}

function encode(
  slot: Slot,
  option: ExportOption | null,
  value: Aggregated['value'],
  valueAs: WideOptions['valueAs'],
): ExportCell {
  if (value === null) return null;
  if (slot.kind !== 'value') return typeof value === 'number' ? value : null;
  const f = slot.feature;
  switch (f.kind) {
    case 'multiple':
      if (!option) return null;
      return (Array.isArray(value) ? value : [String(value)]).includes(option.code) ? 1 : 0;
    case 'nominal':
    case 'ordinal':
      if (typeof value !== 'string') return null;
      return valueAs === 'code' ? value : (f.options.find((o) => o.code === value)?.score ?? null);
    case 'binary':
      return typeof value === 'boolean' ? value : null;
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'date':
    case 'text':
      return typeof value === 'string' ? value : null;
  }
}

function describe(
  slot: Slot,
  option: ExportOption | null,
  reader: string | null,
  options: WideOptions,
): string {
  const agg = options.aggregate ?? 'central';
  const whose =
    reader !== null
      ? `Answer of ${reader} in session ${options.session}`
      : agg === 'consensus'
        ? 'Adjudicated consensus; null when the case has no consensus'
        : typeof agg === 'object'
          ? `Answer of ${agg.reader} in session ${options.session}`
          : ruleText(slot, agg);
  const lesion =
    slot.kind === 'value' && slot.lesion !== null
      ? ` Entry ${slot.lesion} of ${slot.feature.groupLabel ?? slot.feature.group} (path index ${slot.lesion - 1}).`
      : '';
  return `${whose}.${lesion} ${valueText(slot, option, options.valueAs)}`;
}

function ruleText(slot: Slot, agg: 'majority' | 'central'): string {
  const tie = `null on a tie (see ${slotBase(slot)}__tie)`;
  if (slot.kind === 'count') {
    return agg === 'majority'
      ? `Most frequent count among the readers; ${tie}`
      : `Median count of the readers; ${tie} when the two middle counts differ`;
  }
  const kind = slot.feature.kind;
  if (agg === 'central' && kind === 'numeric') {
    return `Mean of the readers' values, rounded to ${meanDecimals(slot.feature)} decimals`;
  }
  if (agg === 'central' && kind === 'ordinal') {
    return `Median category of the readers in declared order, missingness options left out (used only when every reader chose one); ${tie} when the two middle categories differ`;
  }
  if (kind === 'multiple') {
    return `Decided per option by a strict majority of the readers who answered ${slot.feature.id}`;
  }
  return `Most frequent answer among the readers; ${tie}`;
}

function valueText(slot: Slot, option: ExportOption | null, valueAs: WideOptions['valueAs']): string {
  if (slot.kind === 'count') return 'Number of entries reported (0 when none).';
  const f = slot.feature;
  const unit = f.unit ? ` in ${f.unit}` : '';
  if (slot.kind === 'largest') return `Largest ${f.id} over the entries${unit}; null when none has a value.`;
  switch (f.kind) {
    case 'multiple':
      return `1 if "${option?.label ?? ''}" is chosen, 0 if not, null when the feature is unanswered.`;
    case 'nominal':
    case 'ordinal': {
      if (valueAs === 'code') return 'Option code (the codebook lists labels and scores).';
      const unscored = f.options.filter((o) => o.score === null).map((o) => o.code);
      const missing = f.options
        .filter((o) => o.missingness && o.score !== null)
        .map((o) => `${o.score} = ${o.code}`);
      return [
        'Option score.',
        unscored.length ? `Options without a score give null: ${unscored.join(', ')}.` : '',
        missing.length
          ? `Missingness options keep their scores (${missing.join(', ')}): treat them as missing.`
          : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'binary':
      return `true (${f.options[1]?.label ?? 'Yes'}) or false (${f.options[0]?.label ?? 'No'}).`;
    case 'numeric':
      return `Number${unit}.`;
    case 'date':
      return 'Date as text (YYYY-MM-DD).';
    case 'text':
      return 'Free text.';
  }
}

/** What a wide column id refers to; the inverse of the naming rules above. */
export type WideColumnRef = {
  part: 'provenance' | 'value' | 'count' | 'largest';
  /** A `__tie` companion of the part. */
  tie: boolean;
  featureId: string | null;
  group: string | null;
  /** The entry number in index mode, from 1. */
  lesion: number | null;
  /** The option of a multiple-choice 0/1 column. */
  option: string | null;
  /** The reader label of a per-reader column. */
  reader: string | null;
};

/** Reads a wide column id back into its parts; null for an id the rules do not produce. */
export function parseWideColumnId(
  id: string,
  features: ExportFeature[],
  layout: WideLayout,
): WideColumnRef | null {
  const none = { tie: false, featureId: null, group: null, lesion: null, option: null, reader: null };
  if ((PROVENANCE as readonly string[]).includes(id)) return { ...none, part: 'provenance' };
  const tail = (rest: string): { reader: string | null; tie: boolean } | null => {
    if (rest === '') return layout === 'aggregate' ? { reader: null, tie: false } : null;
    if (!rest.startsWith('__')) return null;
    const s = rest.slice(2);
    if (layout === 'aggregate') return s === 'tie' ? { reader: null, tie: true } : null;
    return READER_LABEL.test(s) && !RESERVED.has(s) ? { reader: s, tie: false } : null;
  };
  const groups = [...new Set(features.flatMap((f) => (f.group === null ? [] : [f.group])))].sort(
    (a, b) => b.length - a.length,
  );
  for (const g of groups) {
    const t = id.startsWith(`${g}__count`) ? tail(id.slice(`${g}__count`.length)) : null;
    if (t) return { ...none, ...t, part: 'count', group: g };
  }
  let rest = id;
  let group: string | null = null;
  let lesion: number | null = null;
  for (const g of groups) {
    const m = new RegExp(`^${g}_([1-9]\\d*)__(.+)$`).exec(id);
    if (m) {
      [group, lesion, rest] = [g, Number(m[1]), m[2] ?? ''];
      break;
    }
  }
  const candidates = features
    .filter((f) => (group === null ? true : f.group === group))
    .sort((a, b) => b.id.length - a.id.length);
  for (const f of candidates) {
    if (rest !== f.id && !rest.startsWith(`${f.id}__`)) continue;
    let after = rest.slice(f.id.length);
    let part: WideColumnRef['part'] = 'value';
    let option: string | null = null;
    if (group === null && f.group !== null) {
      if (!after.startsWith('__largest')) continue;
      part = 'largest';
      after = after.slice('__largest'.length);
    } else if (f.kind === 'multiple') {
      const o = [...f.options]
        .sort((a, b) => b.code.length - a.code.length)
        .find((o) => after === `__${o.code}` || after.startsWith(`__${o.code}__`));
      if (o) {
        option = o.code;
        after = after.slice(o.code.length + 2);
      } else if (!(layout === 'aggregate' && after === '__tie')) continue;
    }
    const t = tail(after);
    if (!t) continue;
    return { ...none, ...t, part, featureId: f.id, group: f.group, lesion, option };
  }
  return null;
}
