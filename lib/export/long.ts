import { isAnswered, type AnswerValue } from '@/lib/lexicon/conditions';
import {
  parseAnswerPath,
  type ExportAnswer,
  type ExportFeature,
  type ExportMeta,
  type ExportOption,
  type ExportRead,
} from './features';
import type { ExportCell, ExportColumn, ExportRow, ExportTable } from './table';

/**
 * The long ("tidy") export: one row per study × case × subject × reader × session × feature
 * path (with its lesion index) × value. A multiple choice gives one row per chosen option.
 * Rows exist only for answered features: an unanswered feature has no row, so "not
 * answered" never appears as a value, while a missingness option ("not assessable", "not
 * applicable") is an answer and has its row with the `missingness` column set.
 *
 * Every read of the study is exported, every session included; filter on `session` for one.
 */

export function longColumns(): ExportColumn[] {
  return [
    { id: 'study', label: 'Study', type: 'string', description: 'The study slug.' },
    { id: 'case_key', label: 'Case', type: 'string', description: 'The case key in the study.' },
    {
      id: 'subject_id',
      label: 'Subject ID',
      type: 'string',
      description: 'The subject (patient) the case belongs to: the key to join genomic or clinical data.',
    },
    {
      id: 'reader',
      label: 'Reader',
      type: 'string',
      description: 'Stable pseudonymous reader id (e.g. reader_03).',
    },
    {
      id: 'session',
      label: 'Session',
      type: 'integer',
      description: 'Reading session: 1 for the first read, 2 and up for re-reads.',
    },
    {
      id: 'feature_path',
      label: 'Feature path',
      type: 'string',
      description:
        'Where the answer sits: the feature id, or group[index].feature_id inside a repeat group (0-based index).',
    },
    { id: 'feature_id', label: 'Feature', type: 'string', description: 'The lexicon feature id.' },
    {
      id: 'lesion_index',
      label: 'Lesion index',
      type: 'integer',
      description:
        'Index of the repeat-group entry (lesion, finding, nodule), 0-based as in feature_path (the form shows it as index + 1); null outside repeat groups.',
    },
    {
      id: 'value',
      label: 'Value',
      type: 'string',
      description:
        'The answer as text: the option code for choices (one row per chosen option of a multiple choice), true/false for yes/no, the number for numbers, the text for dates (YYYY-MM-DD) and free text.',
    },
    {
      id: 'value_code',
      label: 'Option code',
      type: 'string',
      description: 'The option code for choices, true/false for yes/no; null for numbers, dates and text.',
    },
    {
      id: 'value_label',
      label: 'Option label',
      type: 'string',
      description:
        "The option's label for choices and yes/no; null otherwise or for a code the lexicon does not list.",
    },
    {
      id: 'value_score',
      label: 'Option score',
      type: 'number',
      description: "The option's export score from the lexicon; null when the option has none.",
    },
    {
      id: 'value_number',
      label: 'Value as number',
      type: 'number',
      description:
        'The number for numeric features, the option score for choices (null without a score), 1/0 for yes/no; null for dates and text.',
    },
    {
      id: 'radlex_rid',
      label: 'RadLex RID',
      type: 'string',
      description:
        "The chosen option's RadLex id (RID…); null when it has none and for numbers, dates and text.",
    },
    {
      id: 'radlex_match',
      label: 'RadLex match',
      type: 'string',
      description: 'How closely the RadLex concept matches the option: exact or close.',
    },
    {
      id: 'missingness',
      label: 'Missingness',
      type: 'string',
      description:
        'not_assessable or not_applicable when the chosen option says the feature could not or need not be assessed; null otherwise. Unanswered features have no row.',
    },
    { id: 'lexicon_id', label: 'Lexicon', type: 'string', description: 'The lexicon id.' },
    {
      id: 'lexicon_version',
      label: 'Lexicon version',
      type: 'string',
      description: 'The lexicon version pinned by the study.',
    },
    {
      id: 'submitted_at',
      label: 'Submitted at',
      type: 'datetime',
      description: 'When the read was submitted, ISO 8601 in UTC; null when not submitted.',
    },
    {
      id: 'reading_seconds',
      label: 'Reading time (s)',
      type: 'number',
      description: 'Active reading time of the read in seconds, rounded to 0.1 s.',
    },
  ];
}

type ValueCells = {
  value: string;
  value_code: string | null;
  value_label: string | null;
  value_score: number | null;
  value_number: number | null;
  radlex_rid: string | null;
  radlex_match: string | null;
  missingness: string | null;
};

/**
 * The long rows of one read, ordered by the lexicon: section by section; in a repeat group
 * entry by entry, then feature by feature; the options of a multiple choice in declared order.
 * Answers to features not in `features` are left out.
 */
export function* longRows(
  meta: ExportMeta,
  features: ExportFeature[],
  read: ExportRead,
  answers: ExportAnswer[],
): Generator<ExportRow> {
  const position = new Map(features.map((f, i) => [f.id, i]));
  const groupStart = new Map<string, number>();
  features.forEach((f, i) => {
    if (f.group !== null && !groupStart.has(f.group)) groupStart.set(f.group, i);
  });
  const found: {
    key: [number, number, number];
    feature: ExportFeature;
    path: string;
    index: number | null;
    value: AnswerValue;
  }[] = [];
  for (const { path, value } of answers) {
    const parsed = parseAnswerPath(path);
    if (!parsed || !isAnswered(value)) continue;
    const pos = position.get(parsed.featureId);
    const feature = pos === undefined ? undefined : features[pos];
    if (pos === undefined || !feature || feature.group !== parsed.group) continue;
    const start = feature.group === null ? pos : (groupStart.get(feature.group) ?? pos);
    found.push({ key: [start, parsed.index ?? 0, pos], feature, path, index: parsed.index, value });
  }
  found.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);

  const submittedAt = isoTime(read.submittedAt);
  const readingSeconds = Math.round(read.activeMs / 100) / 10;
  for (const { feature, path, index, value } of found) {
    for (const cells of valueCells(feature, value)) {
      yield {
        study: meta.studySlug,
        case_key: read.caseKey,
        subject_id: read.subjectId,
        reader: read.readerLabel,
        session: read.session,
        feature_path: path,
        feature_id: feature.id,
        lesion_index: index,
        ...cells,
        lexicon_id: meta.lexiconId,
        lexicon_version: meta.lexiconVersion,
        submitted_at: submittedAt,
        reading_seconds: readingSeconds,
      } satisfies Record<string, ExportCell>;
    }
  }
}

/** The long table over a stream of reads (e.g. every read of every case bundle, in case order). */
export function longTable(
  meta: ExportMeta,
  features: ExportFeature[],
  reads: Iterable<{ read: ExportRead; answers: ExportAnswer[] }>,
): ExportTable {
  return {
    columns: longColumns(),
    rows: (function* () {
      for (const { read, answers } of reads) yield* longRows(meta, features, read, answers);
    })(),
  };
}

function isoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}

function valueCells(feature: ExportFeature, value: AnswerValue): ValueCells[] {
  switch (feature.kind) {
    case 'multiple': {
      const chosen = Array.isArray(value) ? value : [String(value)];
      const known = feature.options.filter((o) => chosen.includes(o.code)).map((o) => o.code);
      const unknown = chosen.filter((c) => !feature.options.some((o) => o.code === c));
      return [...known, ...unknown].map((code) => optionCells(code, findOption(feature, code)));
    }
    case 'nominal':
    case 'ordinal': {
      const code = String(value);
      return [optionCells(code, findOption(feature, code))];
    }
    case 'binary': {
      if (typeof value !== 'boolean') return [plainCells(String(value), null)];
      const code = String(value);
      return [{ ...optionCells(code, findOption(feature, code)), value_number: value ? 1 : 0 }];
    }
    case 'numeric':
      return [plainCells(String(value), typeof value === 'number' && Number.isFinite(value) ? value : null)];
    case 'date':
    case 'text':
      return [plainCells(String(value), null)];
  }
}

function plainCells(value: string, number: number | null): ValueCells {
  return {
    value,
    value_code: null,
    value_label: null,
    value_score: null,
    value_number: number,
    radlex_rid: null,
    radlex_match: null,
    missingness: null,
  };
}

function findOption(feature: ExportFeature, code: string): ExportOption | undefined {
  return feature.options.find((o) => o.code === code);
}

function optionCells(code: string, option: ExportOption | undefined): ValueCells {
  return {
    value: code,
    value_code: code,
    value_label: option?.label ?? null,
    value_score: option?.score ?? null,
    value_number: option?.score ?? null,
    radlex_rid: option?.radlexRid ?? null,
    radlex_match: option?.radlexMatch ?? null,
    missingness: option?.missingness ?? null,
  };
}
