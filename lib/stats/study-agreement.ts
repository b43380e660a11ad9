import type { FormModel } from '@/lib/lexicon/form-model';
import { featureAgreement, type FeatureAgreement } from './feature-agreement';
import { featureUnits, type AnswerRow } from './feature-units';

type Options = { includeMissingness?: boolean; onlyKey?: string };

/** Inter-reader agreement for every analysable feature of a study (session 1, or the one asked for). */
export function studyAgreement(
  model: FormModel,
  rows: AnswerRow[],
  options: Options & { session?: number; readerLabel?: (id: string) => string } = {},
): FeatureAgreement[] {
  // onlyKey: compute one unit (the page's detail plots) instead of all of them.
  return featureUnits(model, rows, options)
    .filter((u) => u.ratings.length > 0 && (options.onlyKey === undefined || u.key === options.onlyKey))
    .map(featureAgreement);
}

/**
 * Intra-reader agreement: each reader's session 1 against their session 2, computed with the
 * same functions by treating the two sessions as two "readers".
 */
export function intraReaderAgreement(
  model: FormModel,
  rows: AnswerRow[],
  readerId: string,
  options: Options = {},
): FeatureAgreement[] {
  const mine = rows
    .filter((r) => r.readerId === readerId && (r.session === 1 || r.session === 2))
    .map((r) => ({ ...r, readerId: `session ${r.session}`, session: 1 }));
  return studyAgreement(model, mine, options);
}

/** A reader's session-1 answers against a standard (an uploaded reference, or the adjudicated consensus). */
export function readerVsStandard(
  model: FormModel,
  rows: AnswerRow[],
  standard: { caseKey: string; path: string; value: AnswerRow['value'] }[],
  readerId: string,
  options: Options = {},
): FeatureAgreement[] {
  const mine = rows
    .filter((r) => r.readerId === readerId && r.session === 1)
    .map((r) => ({ ...r, readerId: 'reader' }));
  const ref = standard.map((r) => ({ ...r, readerId: 'standard', session: 1 }));
  return studyAgreement(model, [...mine, ...ref], options);
}
