import { cohenKappaAllPairs, type CohenKappaPair, type KappaWeights } from './cohen-kappa';
import type { CategoricalTable } from './ratings';
import { undefinedStat, type Undefined } from './result';

export type LightsKappaCases = 'pairwise' | 'complete';

export type LightsKappa = {
  /** Mean of the pairwise Cohen kappas. */
  value: number;
  pairs: CohenKappaPair[];
  cases: LightsKappaCases;
  method: string;
};

export type LightsKappaUndefined = Undefined & { pairs: CohenKappaPair[]; cases: LightsKappaCases };

/**
 * Light's kappa: the mean of the Cohen kappas of every reader pair. By default each pair uses
 * its own co-rated cases (Annolex convention); cases = 'complete' first keeps only the cases
 * every reader rated (R irr `kappam.light`, which applies na.omit to the whole table).
 */
export function lightsKappa(
  t: CategoricalTable,
  weights: KappaWeights = 'unweighted',
  cases: LightsKappaCases = 'pairwise',
): LightsKappa | LightsKappaUndefined {
  const table: CategoricalTable =
    cases === 'complete' ? { ...t, cells: t.cells.filter((row) => row.every((v) => v !== null)) } : t;
  const pairs = cohenKappaAllPairs(table, weights);
  if (pairs.length === 0)
    return { ...undefinedStat(`fewer than 2 readers (${t.readers.length})`), pairs, cases };
  const bad = pairs.find((p) => p.value === null);
  if (bad) {
    const reason = 'reason' in bad ? bad.reason : 'undefined';
    return {
      ...undefinedStat(
        `Cohen's kappa of readers ${bad.readers[0]} and ${bad.readers[1]} is undefined: ${reason}`,
      ),
      pairs,
      cases,
    };
  }
  const value = pairs.reduce((a, p) => a + (p.value as number), 0) / pairs.length;
  return {
    value,
    pairs,
    cases,
    method:
      cases === 'pairwise'
        ? "Light's kappa: mean of the Cohen kappas of every reader pair, each on the pair's co-rated cases."
        : "Light's kappa: mean of the Cohen kappas of every reader pair, on the cases every reader rated (as R irr kappam.light).",
  };
}
