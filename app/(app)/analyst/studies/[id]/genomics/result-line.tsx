import { TriangleAlert } from 'lucide-react';
import type { AssociationResult } from '@/lib/genomics/types';
import { formatEffect, formatP, formatStatistic, TEST_LABELS } from './format';

/** One pair's test in a line: test, statistic, p, q, effect, n, then its cautions. */
export function ResultLine({ result, bonferroni }: { result: AssociationResult; bonferroni: boolean }) {
  if (!result.test || result.p === null)
    return (
      <p className="text-sm" data-testid="drill-result">
        Not tested{result.reason ? `: ${result.reason}` : ''} (n = {result.n}).
      </p>
    );
  const parts = [
    `${TEST_LABELS[result.test]}${result.method ? ` (${result.method})` : ''}`,
    formatStatistic(result),
    `p = ${formatP(result.p)}`,
    `q = ${formatP(result.q)}`,
    bonferroni ? `Bonferroni p = ${formatP(result.pBonferroni)}` : null,
    result.effect ? formatEffect(result.effect) : null,
    `n = ${result.n}`,
  ].filter(Boolean);
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="drill-result">
      <p className="tabular-nums">{parts.join(' · ')}</p>
      {result.groups.length ? (
        <p className="text-xs text-muted-foreground">
          Group sizes: {result.groups.map((g) => `${g.level} ${g.n}`).join(', ')}
        </p>
      ) : null}
      {result.cautions.length ? (
        <ul className="flex flex-col gap-0.5 text-xs">
          {result.cautions.map((c) => (
            <li key={c} className="inline-flex items-start gap-1">
              <TriangleAlert className="mt-0.5 size-3.5 shrink-0 text-amber-600" aria-hidden />
              <span>Caution: {c}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
