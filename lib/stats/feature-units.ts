import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { FormModel } from '@/lib/lexicon/form-model';
import type { TFeature, TOption } from '@/lib/lexicon/schema';
import type { Rating } from './ratings';

export type UnitKind = 'nominal' | 'ordinal' | 'binary' | 'numeric';

/** One thing agreement is measured on: a feature, one option of a multiple choice, or a feature of lesion i. */
export type FeatureUnit = {
  key: string;
  featureId: string;
  label: string;
  section: string;
  kind: UnitKind;
  /** Declared category order (categorical kinds). */
  categories: string[];
  categoryLabels: string[];
  ratings: Rating[];
  /** Answers left out because they are missingness options (not assessable / not applicable). */
  nExcludedMissingness: number;
};

export type AnswerRow = {
  caseKey: string;
  readerId: string;
  session: number;
  path: string;
  value: AnswerValue;
};

export type UnitOptions = {
  session?: number;
  includeMissingness?: boolean;
  readerLabel?: (id: string) => string;
};

/**
 * Splits a study's answers into the units agreement is computed on, chosen by feature type:
 * nominal and ordinal choices, yes/no, numbers (computed features like their type), each
 * option of a multiple choice as yes/no, and repeat-group features per lesion index.
 * Dates and free text are not analysed.
 */
export function featureUnits(model: FormModel, rows: AnswerRow[], options: UnitOptions = {}): FeatureUnit[] {
  const session = options.session ?? 1;
  const label = options.readerLabel ?? ((id: string) => id);
  const byPath = new Map<string, AnswerRow[]>();
  for (const r of rows) {
    if (r.session !== session) continue;
    const list = byPath.get(r.path) ?? [];
    list.push(r);
    byPath.set(r.path, list);
  }
  const units: FeatureUnit[] = [];
  for (const section of model.sections) {
    const instances = section.repeat ? lesionIndexes(rows, section.id, session) : [null];
    for (const index of instances) {
      for (const f of section.features) {
        const path = index === null ? f.id : `${section.id}[${index}].${f.id}`;
        const given = byPath.get(path) ?? [];
        const prefix = index === null ? '' : `${section.repeat?.label ?? section.title} ${index + 1}: `;
        const code = /^[A-Z]+\d+$/.test(f.id) ? `${f.id} ` : '';
        units.push(
          ...unitsOf(
            f,
            path,
            `${prefix}${code}${f.label}`,
            section.title,
            given,
            label,
            options.includeMissingness ?? false,
          ),
        );
      }
    }
  }
  return units;
}

function lesionIndexes(rows: AnswerRow[], sectionId: string, session: number): number[] {
  const re = new RegExp(`^${sectionId}\\[(\\d+)\\]\\.`);
  const found = new Set<number>();
  for (const r of rows) {
    const m = r.session === session ? re.exec(r.path) : null;
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function unitsOf(
  f: TFeature,
  path: string,
  label: string,
  section: string,
  given: AnswerRow[],
  readerLabel: (id: string) => string,
  includeMissingness: boolean,
): FeatureUnit[] {
  const base = { featureId: f.id, section };
  const rating = (r: AnswerRow, value: string | number | null): Rating => ({
    caseId: r.caseKey,
    readerId: readerLabel(r.readerId),
    value,
  });
  if (f.type === 'multiple_choice') {
    // Each option as yes/no, for every read that answered the feature.
    return f.options
      .filter((o) => includeMissingness || !o.missingness)
      .map((o) => ({
        ...base,
        key: `${path}=${o.code}`,
        label: `${label}: ${o.label}`,
        kind: 'binary' as const,
        categories: ['no', 'yes'],
        categoryLabels: ['No', 'Yes'],
        ratings: given.map((r) =>
          rating(r, Array.isArray(r.value) && r.value.includes(o.code) ? 'yes' : 'no'),
        ),
        nExcludedMissingness: 0,
      }));
  }
  if (f.type === 'boolean') {
    return [
      {
        ...base,
        key: path,
        label,
        kind: 'binary',
        categories: ['false', 'true'],
        categoryLabels: [f.false_label, f.true_label],
        ratings: given.map((r) => rating(r, String(r.value))),
        nExcludedMissingness: 0,
      },
    ];
  }
  const numeric = f.type === 'numeric' || (f.type === 'computed' && f.compute.kind === 'sum_scores');
  if (numeric) {
    return [
      {
        ...base,
        key: path,
        label,
        kind: 'numeric',
        categories: [],
        categoryLabels: [],
        ratings: given.filter((r) => typeof r.value === 'number').map((r) => rating(r, r.value as number)),
        nExcludedMissingness: 0,
      },
    ];
  }
  const choices: TOption[] | undefined = 'options' in f ? f.options : undefined;
  if (!choices?.length) return [];
  const kept = choices.filter((o) => includeMissingness || !o.missingness);
  const missing = new Set(choices.filter((o) => o.missingness && !includeMissingness).map((o) => o.code));
  const kind: UnitKind = f.type === 'ordinal' || f.type === 'computed' ? 'ordinal' : 'nominal';
  return [
    {
      ...base,
      key: path,
      label,
      kind,
      categories: kept.map((o) => o.code),
      categoryLabels: kept.map((o) => o.label),
      ratings: given.filter((r) => !missing.has(String(r.value))).map((r) => rating(r, String(r.value))),
      nExcludedMissingness: given.filter((r) => missing.has(String(r.value))).length,
    },
  ];
}
