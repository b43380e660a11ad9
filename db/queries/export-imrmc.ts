import { and, eq } from 'drizzle-orm';
import type { ExportFeature } from '@/lib/export/features';
import type { ImrmcInput, ImrmcScore, ImrmcTruth } from '@/lib/export/imrmc';
import {
  invalidParam as invalid,
  scoreFeatureOf,
  truthFeatureOf,
  truthValue,
} from '@/lib/export/imrmc-features';
import type { ExportParams } from '@/lib/export/params';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import type { Db } from '../client';
import { referenceAnswers } from '../schema';
import {
  caseBundles,
  inOwnSnapshot,
  readSessions,
  type Counter,
  type ExportPlan,
  type ExportRowsOptions,
} from './export-data';

export type ImrmcExport = ImrmcInput & {
  rows: ImrmcScore[];
  truth?: ImrmcTruth[];
  /** Submitted reads without a scored answer (unanswered, or an option without a score). */
  unscored: number;
};

/**
 * The iMRMC input of an export, from one snapshot: one score per submitted read of the chosen
 * sessions — reader `reader_03`, case key, modality `session_<n>`, and the lexicon score of the
 * option chosen for `scoreFeature` (reads left unanswered or answered with an option that has no
 * score, such as "indeterminate", give no score). With `truthFeature`, each scored case's truth
 * comes from the study's reference standard: a yes/no feature gives 1 for yes and 0 for no; a
 * choice of two options gives 0 for the first declared option and 1 for the second. A scored
 * case without a reference value for that feature is refused, since iMRMC needs the truth of
 * every scored case, and so is an export without any score. The scores are read whole (iMRMC
 * writes its counts before its rows).
 */
export function imrmcInput(
  file: string,
  plan: ExportPlan,
  params: ExportParams,
  options: ExportRowsOptions = {},
): ImrmcExport {
  const scoreFeature = scoreFeatureOf(plan.model, params.scoreFeature ?? '');
  const truthFeature = params.truthFeature ? truthFeatureOf(plan.model, params.truthFeature) : null;
  const scoreOf = new Map(scoreFeature.options.map((o) => [o.code, o.score]));
  const { rows, truth, unscored } = inOwnSnapshot(file, (q) => {
    const rows: ImrmcScore[] = [];
    let unscored = 0;
    // Progress counts score rows.
    const counter: Counter = {
      get rows() {
        return rows.length;
      },
    };
    for (const bundle of caseBundles(q, plan, params, counter, options)) {
      for (const { read, answers: list } of bundle.reads) {
        const value = list.find((a) => a.path === scoreFeature.id)?.value;
        const score = typeof value === 'string' ? scoreOf.get(value) : undefined;
        if (score === undefined || score === null) {
          unscored++;
          continue;
        }
        rows.push({
          readerId: read.readerLabel,
          caseId: read.caseKey,
          modalityId: `session_${read.session}`,
          score,
        });
      }
    }
    if (!rows.length)
      invalid(
        'scoreFeature',
        `No submitted read of session ${readSessions(plan, params).join(' or ')} has a scored answer to ${scoreFeature.id} yet`,
      );
    return { rows, unscored, truth: truthFeature ? caseTruth(q, plan, truthFeature, rows) : undefined };
  });
  const lines = [
    `Annolex export of study ${plan.study.name} (${plan.study.slug})`,
    `Lexicon ${plan.lexicon.key} ${plan.lexicon.version}; score: ${scoreFeature.id} ${scoreFeature.label}`,
    truthFeature ? `Truth: ${truthFeature.id} from the study's reference standard` : 'No truth: scores only',
    `Modalities: reading sessions (session_1, session_2); readers are pseudonymous`,
    `Exported ${plan.createdAt.toISOString()}`,
  ];
  return { studyDescription: lines.join('\n'), rows, truth, unscored };
}

function caseTruth(q: Db, plan: ExportPlan, feature: ExportFeature, scores: ImrmcScore[]): ImrmcTruth[] {
  const reference = new Map(
    q
      .select({ caseKey: referenceAnswers.caseKey, value: referenceAnswers.value })
      .from(referenceAnswers)
      .where(and(eq(referenceAnswers.studyId, plan.study.id), eq(referenceAnswers.featurePath, feature.id)))
      .all()
      .map((r) => [r.caseKey, r.value as AnswerValue]),
  );
  const scored = [...new Set(scores.map((s) => s.caseId))];
  const missing = scored.filter((k) => !reference.has(k));
  if (missing.length)
    invalid(
      'truthFeature',
      `The reference standard has no ${feature.id} for ${missing.length} scored case${missing.length > 1 ? 's' : ''} (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`,
    );
  return scored.map((caseId) => {
    const value = reference.get(caseId);
    const truth = truthValue(feature, value);
    if (truth === null)
      invalid(
        'truthFeature',
        `Case ${caseId}: the reference value ${JSON.stringify(value)} of ${feature.id} is not one of its two answers`,
      );
    return { caseId, truth };
  });
}
