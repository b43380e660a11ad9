import { flattenAnswers } from '@/lib/lexicon/answer-paths';
import type { FormModel } from '@/lib/lexicon/form-model';
import type { FeatureAgreement } from '@/lib/stats/feature-agreement';
import type { AnswerRow } from '@/lib/stats/feature-units';
import { studyAgreement } from '@/lib/stats/study-agreement';
import { demoRead, demoTruth } from '@/lib/study/demo-reads';
import { seededRandom } from '@/lib/study/seeded-random';
import { summarize, timeIt } from './stats';

/** A deterministic synthetic study: cases × readers, every reader scoring every case with the lexicon. */
export function syntheticRows(model: FormModel, cases: number, readers: number, seed: number): AnswerRow[] {
  const random = seededRandom(seed);
  const rows: AnswerRow[] = [];
  for (let c = 0; c < cases; c++) {
    const truth = demoTruth(model, random);
    for (let r = 0; r < readers; r++) {
      for (const [path, value] of flattenAnswers(demoRead(model, truth, random)))
        rows.push({ caseKey: `c${c}`, readerId: `r${r}`, session: 1, path, value });
    }
  }
  return rows;
}

/**
 * The floor: one pass over the same answers that groups them by feature and case and counts
 * agreeing reader pairs: the least any agreement computation has to do with this input.
 */
function floor(rows: AnswerRow[]): number {
  const groups = new Map<string, Map<string, Map<string, number>>>();
  for (const r of rows) {
    const byCase = groups.get(r.path) ?? new Map<string, Map<string, number>>();
    groups.set(r.path, byCase);
    const counts = byCase.get(r.caseKey) ?? new Map<string, number>();
    byCase.set(r.caseKey, counts);
    const key = JSON.stringify(r.value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let agreeing = 0;
  for (const byCase of groups.values())
    for (const counts of byCase.values()) for (const n of counts.values()) agreeing += (n * (n - 1)) / 2;
  return agreeing;
}

export function benchAgreement(model: FormModel, cases: number, readers: number, repeats: number) {
  const rows = syntheticRows(model, cases, readers, 42);
  let results: FeatureAgreement[] = [];
  const measured = summarize(timeIt(() => (results = studyAgreement(model, rows)), repeats));
  const floorMs = summarize(timeIt(() => floor(rows), repeats));
  return {
    rows: rows.length,
    features: new Set(rows.map((r) => r.path)).size,
    units: results.length,
    measured,
    floor: floorMs,
  };
}
