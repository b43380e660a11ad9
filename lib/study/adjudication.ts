import { isAnswered, type AnswerValue } from '@/lib/lexicon/conditions';
import type { FormModel } from '@/lib/lexicon/form-model';
import type { TFeature, TOption } from '@/lib/lexicon/schema';
import type { AdjudicationRule, AdjudicationTrigger } from './adjudication-config';

export type AdjudicableKind = 'nominal' | 'ordinal' | 'binary' | 'numeric' | 'multiple';
export type RuleKind = AdjudicationRule['kind'];

export type AdjudicableFeature = {
  featureId: string;
  label: string;
  /** The section title. */
  section: string;
  kind: AdjudicableKind;
  unit?: string;
  /** The rules the feature can take: `any` always, `steps` if ordinal, `units` if numeric. */
  ruleKinds: RuleKind[];
};

/** One answer of one session-1 read of a case: `F5`, or `lesions[0].F29` inside a repeat group. */
export type CaseAnswer = { readerId: string; path: string; value: AnswerValue };

/**
 * How a feature is compared when adjudicating, as agreement analyses it: ordinal features and
 * computed lookups with declared categories are ordinal, numbers and computed sums numeric.
 * Free text and dates cannot be adjudicated (null).
 */
function kindOf(f: TFeature): AdjudicableKind | null {
  switch (f.type) {
    case 'text':
    case 'date':
      return null;
    case 'multiple_choice':
      return 'multiple';
    case 'boolean':
      return 'binary';
    case 'numeric':
      return 'numeric';
    case 'ordinal':
      return 'ordinal';
    case 'single_choice':
      return 'nominal';
    case 'computed':
      if (f.compute.kind === 'sum_scores') return 'numeric';
      return f.options?.length ? 'ordinal' : 'nominal';
  }
}

function ruleKindsOf(kind: AdjudicableKind): RuleKind[] {
  if (kind === 'ordinal') return ['any', 'steps'];
  if (kind === 'numeric') return ['any', 'units'];
  return ['any'];
}

function unitOf(f: TFeature): string | undefined {
  return f.type === 'numeric' || f.type === 'computed' ? f.unit : undefined;
}

function optionsOf(f: TFeature): TOption[] {
  return 'options' in f ? (f.options ?? []) : [];
}

/** The features an adjudication rule can name, in lexicon order, for the rules editor. */
export function adjudicableFeatures(model: FormModel): AdjudicableFeature[] {
  const out: AdjudicableFeature[] = [];
  for (const section of model.sections) {
    for (const f of section.features) {
      const kind = kindOf(f);
      if (!kind) continue;
      const unit = unitOf(f);
      out.push({
        featureId: f.id,
        label: f.label,
        section: section.title,
        kind,
        ...(unit ? { unit } : {}),
        ruleKinds: ruleKindsOf(kind),
      });
    }
  }
  return out;
}

/** What is wrong with a study's adjudication rules for its lexicon; empty when they are sound. */
export function checkRules(model: FormModel, rules: AdjudicationRule[]): string[] {
  const features = new Map(model.sections.flatMap((s) => s.features.map((f) => [f.id, f] as const)));
  const errors: string[] = [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const rule of rules) {
    const id = rule.featureId;
    if (seen.has(id)) {
      if (!repeated.has(id)) errors.push(`${id}: listed more than once; keep one rule per feature`);
      repeated.add(id);
      continue;
    }
    seen.add(id);
    const f = features.get(id);
    if (!f) {
      errors.push(`${id}: no such feature in ${model.title}`);
      continue;
    }
    const kind = kindOf(f);
    if (!kind) {
      errors.push(`${id}: ${f.type === 'text' ? 'free-text' : 'date'} features cannot be adjudicated`);
    } else if (rule.kind === 'steps' && kind !== 'ordinal') {
      errors.push(`${id}: a difference in steps needs an ordinal feature`);
    } else if (rule.kind === 'units' && kind !== 'numeric') {
      errors.push(`${id}: a difference in units needs a numeric feature`);
    }
  }
  return errors;
}

/**
 * The reasons one case needs adjudication, from the session-1 answers of its submitted reads
 * (every reader in `answers` counts; a reader without an answer for a path has none there).
 * With fewer than two readers nothing triggers. Features of a repeat group are compared per
 * entry index (`lesions[0].F29`, …), over every index any reader used.
 *
 * - any: the answers are not all equal (multiple choices as sets; no answer against an answer
 *   is a difference; no answer from anyone is not).
 * - steps: the positions in the declared order (missingness options left out) differ by more
 *   than the threshold; a missingness option or no answer against a graded answer is not
 *   comparable and triggers too.
 * - units: the numbers differ by more than the threshold (a tolerance of 1e-9 absorbs rounding);
 *   no answer against a number triggers too.
 *
 * Rules that `checkRules` rejects are ignored (the first rule of a feature counts). Triggers
 * come in lexicon order.
 */
export function caseTriggers(
  model: FormModel,
  rules: AdjudicationRule[],
  answers: CaseAnswer[],
): AdjudicationTrigger[] {
  const readers = [...new Set(answers.map((a) => a.readerId))];
  if (readers.length < 2) return [];
  const byPath = new Map<string, Map<string, AnswerValue>>();
  for (const a of answers) {
    const m = byPath.get(a.path) ?? new Map<string, AnswerValue>();
    m.set(a.readerId, a.value);
    byPath.set(a.path, m);
  }
  const ruleOf = new Map<string, AdjudicationRule>();
  for (const r of rules) if (!ruleOf.has(r.featureId)) ruleOf.set(r.featureId, r);

  const triggers: AdjudicationTrigger[] = [];
  for (const section of model.sections) {
    if (!section.features.some((f) => ruleOf.has(f.id))) continue;
    const indexes = section.repeat ? entryIndexes(answers, section.id) : [null];
    for (const index of indexes) {
      for (const f of section.features) {
        const rule = ruleOf.get(f.id);
        if (!rule) continue;
        const path = index === null ? f.id : `${section.id}[${index}].${f.id}`;
        const given = byPath.get(path);
        const values = readers.map((r) => given?.get(r));
        const reason = triggerReason(f, rule, values);
        if (reason) triggers.push({ featureId: f.id, path, reason });
      }
    }
  }
  return triggers;
}

function entryIndexes(answers: CaseAnswer[], sectionId: string): number[] {
  const prefix = `${sectionId}[`;
  const found = new Set<number>();
  for (const a of answers) {
    if (!a.path.startsWith(prefix)) continue;
    const m = /^\[(\d+)\]\./.exec(a.path.slice(sectionId.length));
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function triggerReason(f: TFeature, rule: AdjudicationRule, values: AnswerValue[]): string | null {
  const kind = kindOf(f);
  if (!kind) return null;
  if (rule.kind === 'any') return anyDifference(f, values);
  if (rule.kind === 'steps') return kind === 'ordinal' ? stepDifference(f, values, rule.threshold) : null;
  return kind === 'numeric' ? unitDifference(f, values, rule.threshold) : null;
}

function anyDifference(f: TFeature, values: AnswerValue[]): string | null {
  if (!values.some(isAnswered)) return null;
  const keys = new Set(values.map(valueKey));
  return keys.size > 1 ? `answers differ: ${listValues(f, values)}` : null;
}

function stepDifference(f: TFeature, values: AnswerValue[], threshold: number): string | null {
  const graded = optionsOf(f)
    .filter((o) => !o.missingness)
    .map((o) => o.code);
  const positions = values.map((v) => (typeof v === 'string' ? graded.indexOf(v) : -1));
  const real = positions.filter((p) => p >= 0);
  if (real.length === 0) return null;
  if (real.length < positions.length) return `not comparable: ${listValues(f, values)}`;
  const steps = Math.max(...real) - Math.min(...real);
  return steps > threshold ? `differ by ${steps} ${steps === 1 ? 'step' : 'steps'} (> ${threshold})` : null;
}

const TOLERANCE = 1e-9;

function unitDifference(f: TFeature, values: AnswerValue[], threshold: number): string | null {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === 0) return null;
  if (numbers.length < values.length) return `not comparable: ${listValues(f, values)}`;
  const diff = Math.max(...numbers) - Math.min(...numbers);
  if (diff <= threshold + TOLERANCE) return null;
  const unit = unitOf(f);
  return `differ by ${withUnit(diff, unit)} (> ${withUnit(threshold, unit)})`;
}

/** Equal answers share a key; a multiple choice is a set. */
function valueKey(v: AnswerValue): string {
  if (!isAnswered(v)) return 'missing';
  if (Array.isArray(v)) return `set:${JSON.stringify([...new Set(v)].sort())}`;
  return `${typeof v}:${String(v)}`;
}

/** The distinct answers, in declared or numeric order, with no answer last: "Mild, Marked, no answer". */
function listValues(f: TFeature, values: AnswerValue[]): string {
  const options = optionsOf(f);
  const unit = unitOf(f);
  const rank = (v: AnswerValue): number => {
    if (!isAnswered(v)) return Infinity;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    const positions = (Array.isArray(v) ? v : [String(v)]).map((code) => {
      const i = options.findIndex((o) => o.code === code);
      return i >= 0 ? i : options.length;
    });
    return Math.min(...positions);
  };
  const text = (v: AnswerValue): string => {
    if (!isAnswered(v)) return 'no answer';
    if (typeof v === 'number') return withUnit(v, unit);
    if (typeof v === 'boolean') return f.type === 'boolean' ? (v ? f.true_label : f.false_label) : String(v);
    const label = (code: string) => options.find((o) => o.code === code)?.label ?? code;
    if (Array.isArray(v))
      return [...new Set(v)]
        .sort((a, b) => rank(a) - rank(b))
        .map(label)
        .join(' + ');
    return typeof v === 'string' ? label(v) : String(v);
  };
  const distinct = new Map<string, AnswerValue>();
  for (const v of values) if (!distinct.has(valueKey(v))) distinct.set(valueKey(v), v);
  return [...distinct.values()]
    .sort((a, b) => rank(a) - rank(b) || text(a).localeCompare(text(b)))
    .map(text)
    .join(', ');
}

function formatNumber(x: number): string {
  return String(Number(x.toFixed(6)));
}

function withUnit(x: number, unit: string | undefined): string {
  if (!unit) return formatNumber(x);
  return unit === '%' ? `${formatNumber(x)}%` : `${formatNumber(x)} ${unit}`;
}
