import { dependencyGraph } from './check';
import { evaluateCondition, isAnswered, type AnswerValue } from './conditions';
import { computeValue, type ComputedValue } from './computed';
import { indexLexicon } from './lexicon-index';
import type { TFeature, TLexicon, TOption, TSection } from './schema';

/**
 * The form a lexicon generates: plain data (it crosses to the browser), with features in
 * an order where every feature comes after the features it depends on.
 */
export type FormModel = {
  id: string;
  version: string;
  title: string;
  description: string;
  sections: TSection[];
  /** Feature ids, dependencies first. */
  order: string[];
  /** The repeat group (section id) of each feature, or null. */
  scopeOf: Record<string, string | null>;
  sectionOf: Record<string, string>;
};

/** Answers as the form holds them: feature id → value; a repeat group id → one record per entry. */
export type GroupEntry = Record<string, AnswerValue>;
export type Answers = Record<string, AnswerValue | GroupEntry[]>;

export function buildFormModel(lexicon: TLexicon): FormModel {
  const { features } = indexLexicon(lexicon);
  const deps = dependencyGraph(lexicon, features);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (id: string) => {
    if (done.has(id)) return;
    done.add(id); // the lexicon was checked for cycles; this also guards against one
    for (const d of deps.get(id) ?? []) visit(d);
    order.push(id);
  };
  for (const id of features.keys()) visit(id);
  const scopeOf: Record<string, string | null> = {};
  const sectionOf: Record<string, string> = {};
  for (const [id, e] of features) {
    scopeOf[id] = e.scope;
    sectionOf[id] = e.sectionId;
  }
  return {
    id: lexicon.id,
    version: lexicon.version,
    title: lexicon.title,
    description: lexicon.description,
    sections: lexicon.sections,
    order,
    scopeOf,
    sectionOf,
  };
}

export function featureMap(model: FormModel): Map<string, TFeature> {
  return new Map(model.sections.flatMap((s) => s.features.map((f) => [f.id, f] as const)));
}

export type FieldState = {
  visible: boolean;
  required: boolean;
  computed?: ComputedValue;
  visibleOptions?: string[];
};

/** Where a field lives: `F5`, or `findings[0].mass_shape` inside a repeat group. */
export const fieldPath = (featureId: string, group?: { sectionId: string; index: number }) =>
  group ? `${group.sectionId}[${group.index}].${featureId}` : featureId;

export type Resolved = {
  /** The answers with hidden features and hidden options removed, computed values filled in. */
  answers: Answers;
  fields: Record<string, FieldState>;
};

/**
 * Applies the lexicon's logic to a set of answers: which features and options show, which
 * are required, and the computed values. Hidden features hold no value.
 */
export function resolveForm(model: FormModel, input: Answers): Resolved {
  const features = featureMap(model);
  const sections = new Map(model.sections.map((s) => [s.id, s]));
  const answers: Answers = {};
  const fields: Record<string, FieldState> = {};

  const runScope = (
    ids: string[],
    source: Record<string, unknown>,
    target: Record<string, AnswerValue>,
    valueOf: (id: string) => AnswerValue,
    group?: { sectionId: string; index: number },
  ) => {
    for (const id of ids) {
      const f = features.get(id);
      const section = sections.get(model.sectionOf[id] ?? '');
      if (!f || !section) continue;
      const path = fieldPath(id, group);
      const sectionVisible =
        group !== undefined || !section.show_if || evaluateCondition(section.show_if, valueOf);
      const visible = sectionVisible && (!f.show_if || evaluateCondition(f.show_if, valueOf));
      const required =
        visible &&
        f.type !== 'computed' &&
        (f.required || (f.require_if ? evaluateCondition(f.require_if, valueOf) : false));
      const state: FieldState = { visible, required };
      if (visible && f.type === 'computed') {
        state.computed = computeValue(f, features, valueOf);
        if (state.computed.value !== null) target[id] = state.computed.value;
      } else if (visible) {
        const options = 'options' in f ? (f.options ?? []) : [];
        const shown = options
          .filter((o: TOption) => !o.show_if || evaluateCondition(o.show_if, valueOf))
          .map((o) => o.code);
        if (options.length) state.visibleOptions = shown;
        const value = keepShownOptions(source[id] as AnswerValue, options.length ? shown : null);
        if (isAnswered(value)) target[id] = value;
      }
      fields[path] = state;
    }
  };

  const plainIds = model.order.filter((id) => model.scopeOf[id] === null);
  runScope(plainIds, input, answers as Record<string, AnswerValue>, (id) => answers[id] as AnswerValue);

  for (const section of model.sections) {
    if (!section.repeat) continue;
    const visible =
      !section.show_if || evaluateCondition(section.show_if, (id) => answers[id] as AnswerValue);
    const entries = visible && Array.isArray(input[section.id]) ? (input[section.id] as GroupEntry[]) : [];
    const ids = model.order.filter((id) => model.scopeOf[id] === section.id);
    answers[section.id] = entries.map((entry, index) => {
      const out: GroupEntry = {};
      runScope(
        ids,
        entry ?? {},
        out,
        (id) => (model.scopeOf[id] === section.id ? out[id] : (answers[id] as AnswerValue)),
        {
          sectionId: section.id,
          index,
        },
      );
      return out;
    });
  }
  return { answers, fields };
}

function keepShownOptions(value: AnswerValue, shown: string[] | null): AnswerValue {
  if (!shown) return value;
  if (Array.isArray(value)) return value.filter((v) => shown.includes(v));
  if (typeof value === 'string' && !shown.includes(value)) return undefined;
  return value;
}

/** "18 of 30 answered": the visible features a reader answers (computed ones excluded). */
export function progress(resolved: Resolved): { answered: number; total: number; requiredMissing: string[] } {
  let answered = 0;
  let total = 0;
  const requiredMissing: string[] = [];
  for (const [path, state] of Object.entries(resolved.fields)) {
    if (!state.visible || state.computed) continue;
    total++;
    if (isAnswered(valueAtPath(resolved.answers, path))) answered++;
    else if (state.required) requiredMissing.push(path);
  }
  return { answered, total, requiredMissing };
}

export function valueAtPath(answers: Answers, path: string): AnswerValue {
  const m = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
  if (!m) return answers[path] as AnswerValue;
  const entries = answers[m[1] ?? ''];
  return Array.isArray(entries) ? (entries as GroupEntry[])[Number(m[2])]?.[m[3] ?? ''] : undefined;
}
