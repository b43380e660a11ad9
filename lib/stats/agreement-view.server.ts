import 'server-only';
import { getDb } from '@/db/client';
import { loadStudyAnswers, type StudyAnswers } from '@/db/queries/agreement-data';
import { loadConsensus, loadReference } from '@/db/queries/standards';
import type { Actor } from '@/lib/auth/permissions';
import { buildFormModel, type FormModel } from '@/lib/lexicon/form-model';
import type { FeatureAgreement } from './feature-agreement';
import { intraReaderAgreement, readerVsStandard, studyAgreement } from './study-agreement';

export const AGREEMENT_VIEWS = ['inter', 'intra', 'consensus', 'reference'] as const;
export type AgreementView = (typeof AGREEMENT_VIEWS)[number];

export type ViewResult = {
  data: StudyAnswers;
  model: FormModel;
  results: FeatureAgreement[];
  hasStandard: boolean;
  hasReReads: boolean;
};

/**
 * The agreement results of one view of a study, computed on the server for the page and the
 * detail route alike. Per-reader views compare each reader with a second "reader": their own
 * re-read, the reference or the consensus.
 */
export function agreementView(
  actor: Actor,
  studyId: number,
  view: AgreementView,
  includeMissingness: boolean,
  /** Compute this one unit only (the detail plots), e.g. "F4" or "Reader 2:F4". */
  onlyKey?: string,
): ViewResult {
  const db = getDb();
  const data = loadStudyAnswers(db, actor, studyId);
  const model = buildFormModel(data.lexicon);
  const labels = new Map(data.readers.map((r) => [r.id, r.label]));
  const hasReReads = data.rows.some((r) => r.session === 2);
  const standard =
    view === 'reference'
      ? loadReference(db, actor, studyId)
      : view === 'consensus'
        ? loadConsensus(db, actor, studyId)
        : [];
  const split = onlyKey?.includes(':')
    ? { reader: onlyKey.slice(0, onlyKey.indexOf(':')), key: onlyKey.slice(onlyKey.indexOf(':') + 1) }
    : null;
  const unitOptions = {
    includeMissingness,
    ...(onlyKey === undefined ? {} : { onlyKey: split ? split.key : onlyKey }),
  };
  const perReader = (compute: (readerId: string) => FeatureAgreement[]) =>
    data.readers
      .filter((r) => !split || r.label === split.reader)
      .flatMap((r) =>
        compute(r.id).map((f) => ({ ...f, key: `${r.label}:${f.key}`, label: `${r.label}: ${f.label}` })),
      );
  const results =
    view === 'inter'
      ? studyAgreement(model, data.rows, {
          ...unitOptions,
          readerLabel: (rid) => labels.get(rid) ?? 'Reader',
        })
      : view === 'intra'
        ? hasReReads
          ? perReader((rid) => intraReaderAgreement(model, data.rows, rid, unitOptions))
          : []
        : standard.length
          ? perReader((rid) => readerVsStandard(model, data.rows, standard, rid, unitOptions))
          : [];
  return { data, model, results, hasStandard: standard.length > 0, hasReReads };
}

export type FeatureSummary = Omit<FeatureAgreement, 'confusion' | 'blandAltman'> & {
  detail: 'confusion' | 'bland-altman' | null;
};

/** A result without its plot data (confusion matrices, Bland–Altman points): the page loads those per feature. */
export function summarize(r: FeatureAgreement): FeatureSummary {
  const { confusion, blandAltman, ...rest } = r;
  return { ...rest, detail: blandAltman ? 'bland-altman' : confusion ? 'confusion' : null };
}
