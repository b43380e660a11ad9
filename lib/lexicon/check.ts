import { conditionFeatures } from './conditions';
import { indexLexicon, type FeatureEntry } from './lexicon-index';
import { RADLEX_RID, type TCode, type TCondition, type TFeature, type TLexicon } from './schema';

export type IssuePath = (string | number)[];
export type CheckIssue = {
  path: IssuePath;
  message: string;
  severity: 'error' | 'warning';
  firstAt?: IssuePath;
};

const LENGTH_UNITS = ['mm', 'cm'];
const AREA_UNITS = ['mm2', 'cm2'];
const VOLUME_UNITS = ['mm3', 'cm3', 'mL', 'ml'];

/**
 * The checks a schema cannot express: unique ids and codes, conditions that name existing
 * features with values they can take, no cycles, no reference into a repeat group that
 * cannot be evaluated, and sound computed features.
 */
export function checkLexicon(lexicon: TLexicon): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const error = (path: IssuePath, message: string, firstAt?: IssuePath) =>
    issues.push({ path, message, severity: 'error', ...(firstAt ? { firstAt } : {}) });
  const warn = (path: IssuePath, message: string) => issues.push({ path, message, severity: 'warning' });

  const sectionSeen = new Map<string, IssuePath>();
  lexicon.sections.forEach((s, si) => {
    const first = sectionSeen.get(s.id);
    if (first) error(['sections', si, 'id'], `duplicate section id "${s.id}"`, first);
    else sectionSeen.set(s.id, ['sections', si, 'id']);
    if (s.repeat && s.repeat.min > s.repeat.max)
      error(['sections', si, 'repeat', 'min'], 'min is larger than max');
  });

  const { features, duplicates } = indexLexicon(lexicon);
  for (const d of duplicates)
    error([...d.path, 'id'], `duplicate feature id "${d.id}"`, [...d.firstPath, 'id']);

  for (const entry of features.values()) {
    checkFeature(entry, features, error, warn);
  }
  lexicon.sections.forEach((s, si) => {
    if (!s.show_if) return;
    const scope = s.repeat ? s.id : null;
    checkCondition(s.show_if, ['sections', si, 'show_if'], scope, features, error);
  });

  for (const cycle of findCycles(lexicon, features)) {
    const entry = features.get(cycle[0] ?? '');
    if (entry) error([...entry.path, 'id'], `condition or computation cycle: ${cycle.join(' → ')}`);
  }
  return issues;
}

type Report = (path: IssuePath, message: string, firstAt?: IssuePath) => void;

function checkFeature(
  entry: FeatureEntry,
  features: Map<string, FeatureEntry>,
  error: Report,
  warn: Report,
): void {
  const { feature: f, path, scope } = entry;
  f.codes.forEach((c, i) => checkCode(c, [...path, 'codes', i], error));
  if (f.show_if) checkCondition(f.show_if, [...path, 'show_if'], scope, features, error);
  if (f.require_if) checkCondition(f.require_if, [...path, 'require_if'], scope, features, error);

  const options = 'options' in f ? (f.options ?? []) : [];
  const codeSeen = new Map<string, IssuePath>();
  options.forEach((o, oi) => {
    const first = codeSeen.get(o.code);
    if (first) error([...path, 'options', oi, 'code'], `duplicate code "${o.code}"`, first);
    else codeSeen.set(o.code, [...path, 'options', oi, 'code']);
    o.codes.forEach((c, ci) => checkCode(c, [...path, 'options', oi, 'codes', ci], error));
    if (o.show_if) checkCondition(o.show_if, [...path, 'options', oi, 'show_if'], scope, features, error);
    if (o.exclusive && f.type !== 'multiple_choice')
      error([...path, 'options', oi, 'exclusive'], 'exclusive applies to a multiple choice only');
    if (
      f.type === 'ordinal' &&
      o.score === undefined &&
      !o.missingness &&
      o.score_status !== 'not_in_numeric_scale'
    ) {
      error(
        [...path, 'options', oi],
        'an ordinal option needs a score (or a missingness, or score_status: not_in_numeric_scale)',
      );
    }
  });

  switch (f.type) {
    case 'multiple_choice': {
      const n = f.options.length;
      if (f.max_selected !== undefined && f.max_selected > n)
        error([...path, 'max_selected'], `there are only ${n} options`);
      if (f.min_selected !== undefined && f.max_selected !== undefined && f.min_selected > f.max_selected) {
        error([...path, 'min_selected'], 'min_selected is larger than max_selected');
      }
      break;
    }
    case 'numeric': {
      if (f.min !== undefined && f.max !== undefined && f.min > f.max)
        error([...path, 'min'], 'min is larger than max');
      const units =
        f.measurement === 'length'
          ? LENGTH_UNITS
          : f.measurement === 'area'
            ? AREA_UNITS
            : f.measurement === 'volume'
              ? VOLUME_UNITS
              : null;
      if (units && !units.includes(f.unit))
        error([...path, 'unit'], `a ${f.measurement} measurement needs a unit of ${units.join(', ')}`);
      break;
    }
    case 'text':
      warn(
        [...path, 'type'],
        'free text defeats the purpose of a lexicon: answers cannot be coded, compared or analysed',
      );
      break;
    case 'computed':
      checkComputed(entry, features, error);
      break;
  }
}

function checkCode(code: TCode, path: IssuePath, error: Report): void {
  if (code.system === 'RadLex' && !RADLEX_RID.test(code.code))
    error([...path, 'code'], `"${code.code}" is not a RadLex RID (RID followed by digits)`);
}

function checkComputed(entry: FeatureEntry, features: Map<string, FeatureEntry>, error: Report): void {
  const f = entry.feature;
  if (f.type !== 'computed') return;
  const path = [...entry.path, 'compute'];
  const refOk = (id: string, at: IssuePath): FeatureEntry | null => {
    const target = features.get(id);
    if (!target) {
      error(at, `unknown feature "${id}"`);
      return null;
    }
    if (!scopeOk(entry.scope, target.scope)) {
      error(
        at,
        `"${id}" is in repeat group "${target.scope}" and cannot be read from ${entry.scope ? `group "${entry.scope}"` : 'outside it'}`,
      );
      return null;
    }
    return target;
  };
  if (f.compute.kind === 'sum_scores') {
    f.compute.of.forEach((id, i) => {
      const target = refOk(id, [...path, 'of', i]);
      if (!target) return;
      const t = target.feature;
      if (!('options' in t) || !t.options?.length)
        error([...path, 'of', i], `"${id}" has no options to score`);
      else if (t.options.some((o) => o.score === undefined && !o.missingness))
        error([...path, 'of', i], `every option of "${id}" needs a score`);
    });
  } else {
    const target = refOk(f.compute.from, [...path, 'from']);
    if (target && !isNumeric(target.feature)) error([...path, 'from'], `"${f.compute.from}" is not numeric`);
    const codes = new Set((f.options ?? []).map((o) => o.code));
    if (!f.options?.length)
      error([...entry.path, 'type'], 'a lookup needs options: the categories it yields');
    f.compute.ranges.forEach((r, i) => {
      if (!codes.has(r.value))
        error([...path, 'ranges', i, 'value'], `"${r.value}" is not one of this feature's options`);
      if (r.min !== undefined && r.max !== undefined && r.min > r.max)
        error([...path, 'ranges', i, 'min'], 'min is larger than max');
    });
  }
}

function isNumeric(f: TFeature): boolean {
  return f.type === 'numeric' || (f.type === 'computed' && f.compute.kind === 'sum_scores');
}

/** A feature in a repeat group can be read only from the same group; a plain feature from anywhere. */
function scopeOk(from: string | null, target: string | null): boolean {
  return target === null || target === from;
}

function checkCondition(
  cond: TCondition,
  path: IssuePath,
  scope: string | null,
  features: Map<string, FeatureEntry>,
  error: Report,
): void {
  if ('all' in cond)
    return cond.all.forEach((c, i) => checkCondition(c, [...path, 'all', i], scope, features, error));
  if ('any' in cond)
    return cond.any.forEach((c, i) => checkCondition(c, [...path, 'any', i], scope, features, error));
  if ('not' in cond) return checkCondition(cond.not, [...path, 'not'], scope, features, error);
  const target = features.get(cond.feature);
  if (!target) return error([...path, 'feature'], `unknown feature "${cond.feature}"`);
  if (!scopeOk(scope, target.scope)) {
    return error(
      [...path, 'feature'],
      `"${cond.feature}" is in repeat group "${target.scope}"; a condition ${scope ? `in group "${scope}"` : 'outside it'} cannot say which ${target.scope} entry to read`,
    );
  }
  const values = 'equals' in cond ? [cond.equals] : 'in' in cond ? cond.in : [];
  const t = target.feature;
  values.forEach((v) => {
    const at = [...path, 'equals' in cond ? 'equals' : 'in'];
    if ('options' in t && t.options) {
      if (!t.options.some((o) => o.code === v))
        error(at, `"${String(v)}" is not an option code of "${cond.feature}"`);
    } else if (t.type === 'boolean' && typeof v !== 'boolean')
      error(at, `"${cond.feature}" is yes/no: compare with true or false`);
    else if (t.type === 'numeric' && typeof v !== 'number')
      error(at, `"${cond.feature}" is numeric: compare with a number`);
  });
}

/** Cycles among features through their conditions and computations. */
function findCycles(lexicon: TLexicon, features: Map<string, FeatureEntry>): string[][] {
  const deps = dependencyGraph(lexicon, features);
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(id)), id]);
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) visit(d);
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of features.keys()) visit(id);
  return cycles;
}

/** For each feature, the features its visibility, requirement, options or value depend on. */
export function dependencyGraph(
  lexicon: TLexicon,
  features: Map<string, FeatureEntry>,
): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  const sectionDeps = new Map<string, string[]>();
  for (const s of lexicon.sections) sectionDeps.set(s.id, s.show_if ? conditionFeatures(s.show_if) : []);
  for (const [id, { feature: f, sectionId }] of features) {
    const set = new Set<string>(sectionDeps.get(sectionId) ?? []);
    for (const c of [f.show_if, f.require_if]) if (c) conditionFeatures(c).forEach((d) => set.add(d));
    if ('options' in f)
      for (const o of f.options ?? []) if (o.show_if) conditionFeatures(o.show_if).forEach((d) => set.add(d));
    if (f.type === 'computed')
      (f.compute.kind === 'sum_scores' ? f.compute.of : [f.compute.from]).forEach((d) => set.add(d));
    deps.set(id, set);
  }
  return deps;
}
