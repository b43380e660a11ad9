import { parse } from 'csv-parse/sync';
import { buildAnswerSchema } from './answer-schema';
import { flattenAnswers } from './answer-paths';
import type { AnswerValue } from './conditions';
import { featureMap, type Answers, type FormModel } from './form-model';

export type ReferenceRow = { caseKey: string; featurePath: string; value: AnswerValue };
export type ReferenceParse = { ok: true; rows: ReferenceRow[] } | { ok: false; errors: string[] };

/** A CSV value as the lexicon stores it: numbers for numeric features, booleans for yes/no, code lists for multiple choice. */
function typed(model: FormModel, featureId: string, raw: string): AnswerValue {
  const f = featureMap(model).get(featureId);
  if (!f) return raw;
  if (f.type === 'numeric') return raw === '' ? null : Number(raw);
  if (f.type === 'boolean')
    return raw === 'true' ? true : raw === 'false' ? false : (raw as unknown as boolean);
  if (f.type === 'multiple_choice')
    return raw
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

/**
 * Reads a reference standard: a CSV with columns case_id, feature, value (one row per case and
 * feature; repeat-group features as findings[0].mass_shape). Every value is checked against
 * the lexicon as a reader's draft would be. All problems are reported; nothing partial is returned.
 */
export function parseReferenceCsv(
  text: string,
  model: FormModel,
  caseKeys: ReadonlySet<string>,
): ReferenceParse {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { ok: false, errors: [`not a readable CSV: ${(error as Error).message}`] };
  }
  const columns = Object.keys(records[0] ?? {});
  if (!['case_id', 'feature', 'value'].every((c) => columns.includes(c))) {
    return {
      ok: false,
      errors: [`the CSV needs the columns case_id,feature,value (found ${columns.join(',') || 'none'})`],
    };
  }
  const errors: string[] = [];
  const byCase = new Map<string, Answers>();
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = i + 2;
    const caseKey = r.case_id ?? '';
    const path = r.feature ?? '';
    if (!caseKeys.has(caseKey)) errors.push(`line ${line}: case "${caseKey}" is not in this study`);
    if (seen.has(`${caseKey}\u0000${path}`))
      errors.push(`line ${line}: a second value for ${caseKey} ${path}`);
    seen.add(`${caseKey}\u0000${path}`);
    const group = /^(\w+)\[(\d+)\]\.(\w+)$/.exec(path);
    const answers = byCase.get(caseKey) ?? {};
    byCase.set(caseKey, answers);
    if (group) {
      const [, sectionId = '', index, featureId = ''] = group;
      const entries = ((answers[sectionId] as Record<string, AnswerValue>[] | undefined) ?? []).slice();
      entries[Number(index)] = {
        ...(entries[Number(index)] ?? {}),
        [featureId]: typed(model, featureId, r.value ?? ''),
      };
      answers[sectionId] = entries.map((e) => e ?? {});
    } else {
      answers[path] = typed(model, path, r.value ?? '');
    }
  });
  const schema = buildAnswerSchema(model, { mode: 'draft' });
  for (const [caseKey, answers] of byCase) {
    const result = schema.safeParse(answers);
    if (!result.success) {
      for (const issue of result.error.issues)
        errors.push(`case ${caseKey}, ${issue.path.join('.') || 'row'}: ${issue.message}`);
    }
  }
  if (errors.length) return { ok: false, errors };
  const rows = [...byCase].flatMap(([caseKey, answers]) =>
    [...flattenAnswers(answers)].map(([featurePath, value]) => ({ caseKey, featurePath, value })),
  );
  return { ok: true, rows };
}
