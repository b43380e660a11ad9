import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { FormModel } from '@/lib/lexicon/form-model';
import type { TCode, TFeature, TFeatureType, TOption, TSection } from '@/lib/lexicon/schema';

/**
 * The features an Annolex export writes, described once from the lexicon: what kind of value
 * each holds, its unit and its options with their scores, RadLex codes and missingness. The
 * long and wide tables and the codebook all read this list, so they agree on every feature.
 *
 * This module also defines what the export layer takes in: the study (`ExportMeta`), one read
 * (`ExportRead`) with its answers (`ExportAnswer`), and a case with all its reads and its
 * consensus (`CaseBundle`). The database layer streams these, case by case.
 */

/**
 * How a feature's value is analysed, following the agreement statistics (`feature-units`):
 * single choice → nominal; ordinal and computed lookups → ordinal (declared option order);
 * yes/no → binary; numbers and computed sums → numeric; multiple choice → multiple (each
 * option a yes/no); dates and free text keep their own kinds and export as text.
 */
export type ExportKind = 'nominal' | 'ordinal' | 'binary' | 'numeric' | 'multiple' | 'text' | 'date';

export type ExportOption = {
  code: string;
  label: string;
  /** The lexicon's export score, or null when the option has none. */
  score: number | null;
  /** The option's first RadLex code (RID…), or null. */
  radlexRid: string | null;
  /** How closely that RadLex concept matches the option. */
  radlexMatch: TCode['match'] | null;
  /** Set when choosing the option means "not assessable" or "not applicable" rather than a finding. */
  missingness: NonNullable<TOption['missingness']> | null;
};

export type ExportFeature = {
  id: string;
  label: string;
  /** The section id. */
  section: string;
  sectionTitle: string;
  /** The repeat group (section id) when the feature is answered once per lesion, else null. */
  group: string | null;
  /** The repeat group's entry label (e.g. "Lesion"), or null. */
  groupLabel: string | null;
  type: TFeatureType;
  kind: ExportKind;
  /** The UCUM unit of a number, or null. */
  unit: string | null;
  /** Decimals a number is recorded with, or null when the lexicon does not say. */
  decimals: number | null;
  /**
   * Options in declared order. A yes/no feature lists its two answers as the options `false`
   * and `true`, with the lexicon's labels; a computed lookup without options lists the codes
   * of its ranges.
   */
  options: ExportOption[];
};

export type ExportMeta = { studySlug: string; lexiconId: string; lexiconVersion: string };

export type ExportRead = {
  readId: number;
  caseKey: string;
  subjectId: string | null;
  /** Internal reader id; never written to an export. */
  readerId: string;
  /** Stable pseudonymous reader id such as `reader_03`: what exports show. */
  readerLabel: string;
  session: number;
  /** Submission time in ms since the epoch, or null. */
  submittedAt: number | null;
  /** Time spent actively reading, in ms. */
  activeMs: number;
};

/** One stored answer: `F5`, or `lesions[0].F29` inside a repeat group. */
export type ExportAnswer = { path: string; value: AnswerValue };

/** One case with its reads (all sessions) and its adjudicated consensus (empty when there is none). */
export type CaseBundle = {
  caseKey: string;
  subjectId: string | null;
  reads: { read: ExportRead; answers: ExportAnswer[] }[];
  consensus: ExportAnswer[];
};

export type ExportFeatureOptions = {
  /** Feature ids to export (the result keeps lexicon order); all features when absent. */
  include?: string[];
};

/**
 * The exportable features of a lexicon, in lexicon order (section by section, as declared).
 * Every feature type exports: dates as text (`YYYY-MM-DD`), free text as text (it is free
 * text, so analyses should not expect coded values there). Throws on an id in `include` that
 * the lexicon does not have.
 */
export function exportFeatures(model: FormModel, options: ExportFeatureOptions = {}): ExportFeature[] {
  const all = model.sections.flatMap((s) => s.features.map((f) => describeFeature(f, s)));
  if (!options.include) return all;
  const known = new Set(all.map((f) => f.id));
  for (const id of options.include) {
    if (!known.has(id)) throw new Error(`Unknown feature "${id}" in lexicon ${model.id} ${model.version}`);
  }
  const wanted = new Set(options.include);
  return all.filter((f) => wanted.has(f.id));
}

function describeFeature(f: TFeature, section: TSection): ExportFeature {
  const base = {
    id: f.id,
    label: f.label,
    section: section.id,
    sectionTitle: section.title,
    group: section.repeat ? section.id : null,
    groupLabel: section.repeat?.label ?? null,
    type: f.type,
  };
  switch (f.type) {
    case 'single_choice':
      return { ...base, kind: 'nominal', unit: null, decimals: null, options: f.options.map(exportOption) };
    case 'ordinal':
      return { ...base, kind: 'ordinal', unit: null, decimals: null, options: f.options.map(exportOption) };
    case 'multiple_choice':
      return { ...base, kind: 'multiple', unit: null, decimals: null, options: f.options.map(exportOption) };
    case 'boolean':
      return {
        ...base,
        kind: 'binary',
        unit: null,
        decimals: null,
        options: [plainOption('false', f.false_label), plainOption('true', f.true_label)],
      };
    case 'numeric':
      return { ...base, kind: 'numeric', unit: f.unit, decimals: f.decimals, options: [] };
    case 'date':
      return { ...base, kind: 'date', unit: null, decimals: null, options: [] };
    case 'text':
      return { ...base, kind: 'text', unit: null, decimals: null, options: [] };
    case 'computed':
      if (f.compute.kind === 'sum_scores') {
        return { ...base, kind: 'numeric', unit: f.unit ?? null, decimals: null, options: [] };
      }
      return {
        ...base,
        kind: 'ordinal',
        unit: null,
        decimals: null,
        options: f.options?.length
          ? f.options.map(exportOption)
          : [...new Set(f.compute.ranges.map((r) => r.value))].map((code) => plainOption(code, code)),
      };
  }
}

function exportOption(o: TOption): ExportOption {
  const radlex = o.codes.find((c) => c.system === 'RadLex');
  return {
    code: o.code,
    label: o.label,
    score: o.score ?? null,
    radlexRid: radlex?.code ?? null,
    radlexMatch: radlex?.match ?? null,
    missingness: o.missingness ?? null,
  };
}

function plainOption(code: string, label: string): ExportOption {
  return { code, label, score: null, radlexRid: null, radlexMatch: null, missingness: null };
}

/** Where an answer sits: `F5` → {F5, null, null}; `lesions[0].F29` → {F29, lesions, 0}. */
export type ParsedPath = { featureId: string; group: string | null; index: number | null };

export function parseAnswerPath(path: string): ParsedPath | null {
  const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) return { featureId: m[3] ?? '', group: m[1] ?? '', index: Number(m[2]) };
  return /^\w+$/.test(path) ? { featureId: path, group: null, index: null } : null;
}

/** The answer path of a feature: its id, or `group[index].id` (0-based index) in a repeat group. */
export function answerPath(feature: ExportFeature, index: number | null): string {
  return feature.group === null || index === null ? feature.id : `${feature.group}[${index}].${feature.id}`;
}

/** "F5 Proportion enhancing": the label analysts see, with the lexicon's item number when it has one. */
export function featureTitle(feature: ExportFeature): string {
  return /^[A-Z]+\d+$/.test(feature.id) ? `${feature.id} ${feature.label}` : feature.label;
}
