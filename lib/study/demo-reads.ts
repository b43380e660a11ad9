import type { AnswerValue } from '@/lib/lexicon/conditions';
import { resolveForm, type Answers, type FormModel } from '@/lib/lexicon/form-model';
import type { TFeature } from '@/lib/lexicon/schema';
import { normal } from './seeded-random';

/**
 * Synthetic reads for the demo study: each case gets a "true" answer set, and each reader
 * reports it with realistic disagreement (mostly the same option, sometimes a neighbour on
 * an ordinal scale, measurements with a few mm of noise). Deterministic for a given random source.
 */
export function demoTruth(model: FormModel, random: () => number): Answers {
  const raw: Answers = {};
  for (const section of model.sections) {
    if (section.repeat) continue;
    for (const f of section.features) {
      if (f.id === 'postoperative') raw[f.id] = false;
      else raw[f.id] = randomValue(f, random);
    }
  }
  return resolveForm(model, raw).answers;
}

export function demoRead(model: FormModel, truth: Answers, random: () => number, agreement = 0.8): Answers {
  const raw: Answers = {};
  for (const section of model.sections) {
    if (section.repeat) continue;
    for (const f of section.features) raw[f.id] = perturb(f, truth[f.id] as AnswerValue, random, agreement);
  }
  // Readers answer what they see: features their own answers hide are dropped, newly shown ones filled.
  const first = resolveForm(model, raw);
  for (const [path, state] of Object.entries(first.fields)) {
    if (state.visible && !state.computed && first.answers[path] === undefined) {
      const f = model.sections.flatMap((s) => s.features).find((x) => x.id === path);
      if (f) raw[path] = randomValue(f, random);
    }
  }
  return resolveForm(model, raw).answers;
}

const usable = (f: TFeature) => ('options' in f ? (f.options ?? []).filter((o) => !o.missingness) : []);

function randomValue(f: TFeature, random: () => number): AnswerValue {
  const options = usable(f);
  switch (f.type) {
    case 'single_choice':
    case 'ordinal':
      return options[Math.floor(random() * options.length)]?.code;
    case 'multiple_choice': {
      const max = f.max_selected ?? options.length;
      const chosen = options.filter((o) => !o.exclusive && random() < 0.3).slice(0, max);
      return chosen.length ? chosen.map((o) => o.code) : [options[0]?.code ?? ''];
    }
    case 'boolean':
      return random() < 0.3;
    case 'numeric': {
      const lo = f.min ?? 0;
      const hi = f.max ?? 100;
      const value = f.measurement === 'length' ? 20 + random() * 50 : lo + random() * (hi - lo);
      return round(Math.min(hi, Math.max(lo, value)), f.decimals);
    }
    case 'date':
      return '2026-01-15';
    default:
      return undefined;
  }
}

function perturb(f: TFeature, truth: AnswerValue, random: () => number, agreement: number): AnswerValue {
  if (truth === undefined) return undefined;
  if (f.type === 'numeric' && typeof truth === 'number') {
    return round(
      Math.min(
        f.max ?? Infinity,
        Math.max(f.min ?? -Infinity, normal(random, truth, f.measurement ? 2.5 : 1)),
      ),
      f.decimals,
    );
  }
  if (random() < agreement) return truth;
  const options = usable(f);
  if (f.type === 'ordinal' && typeof truth === 'string') {
    const i = options.findIndex((o) => o.code === truth);
    const step = random() < 0.5 ? -1 : 1;
    return (options[i + step] ?? options[i - step] ?? options[i])?.code;
  }
  return randomValue(f, random);
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
