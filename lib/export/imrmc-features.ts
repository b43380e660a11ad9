import { AppError } from '@/lib/errors';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { FormModel } from '@/lib/lexicon/form-model';
import { exportFeatures, type ExportFeature } from './features';

/** A refused export parameter: 422 with the message under the parameter's name. */
export function invalidParam(field: string, message: string): never {
  throw new AppError('invalid', message, { [field]: [message] });
}

/** The feature whose option scores iMRMC analyses: ordinal, answered once per case, with scores. */
export function scoreFeatureOf(model: FormModel, id: string): ExportFeature {
  const feature = exportFeatures(model).find((f) => f.id === id);
  if (!feature) invalidParam('scoreFeature', `The lexicon has no feature ${id}`);
  if (feature.kind !== 'ordinal')
    invalidParam('scoreFeature', `${id} is not an ordinal feature; iMRMC needs ordered scores`);
  if (feature.group !== null)
    invalidParam(
      'scoreFeature',
      `${id} is answered once per ${feature.groupLabel ?? 'entry'}; choose a feature answered once per case`,
    );
  if (!feature.options.some((o) => o.score !== null))
    invalidParam('scoreFeature', `The options of ${id} have no scores in the lexicon`);
  return feature;
}

/**
 * The feature of the reference standard that gives each case's truth: a yes/no feature (yes is
 * 1) or a choice with exactly two options (the first declared option is 0, the second 1),
 * answered once per case.
 */
export function truthFeatureOf(model: FormModel, id: string): ExportFeature {
  const feature = exportFeatures(model).find((f) => f.id === id);
  if (!feature) invalidParam('truthFeature', `The lexicon has no feature ${id}`);
  const twoOptions =
    (feature.kind === 'nominal' || feature.kind === 'ordinal') && feature.options.length === 2;
  if (feature.kind !== 'binary' && !twoOptions)
    invalidParam('truthFeature', `${id} is neither a yes/no feature nor a choice of two options`);
  if (feature.group !== null)
    invalidParam(
      'truthFeature',
      `${id} is answered once per ${feature.groupLabel ?? 'entry'}; choose a feature answered once per case`,
    );
  return feature;
}

/** A case's truth (0 or 1) from its reference value of a truth feature (see truthFeatureOf); null when it is neither. */
export function truthValue(feature: ExportFeature, value: AnswerValue): 0 | 1 | null {
  if (feature.kind === 'binary') {
    if (value === true || value === 'true') return 1;
    if (value === false || value === 'false') return 0;
    return null;
  }
  const index = feature.options.findIndex((o) => o.code === value);
  return index === 0 ? 0 : index === 1 ? 1 : null;
}
