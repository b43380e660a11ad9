import Link from 'next/link';
import { describeParams, formatDateTime } from './format';
import type { RunItem } from './genomics-types';
import { genomicsHref } from './links';

/** Earlier runs of the study, newest first, each opening its results. */
export function RunsList({
  studyId,
  runs,
  currentId,
}: {
  studyId: number;
  runs: RunItem[];
  currentId: number | null;
}) {
  if (runs.length < 2) return null;
  return (
    <details className="text-sm" data-testid="association-runs">
      <summary className="cursor-pointer">All runs ({runs.length})</summary>
      <ol className="mt-2 flex flex-col gap-1">
        {runs.map((r) => (
          <li key={r.id}>
            <Link
              href={genomicsHref(studyId, { run: r.id, table: r.tableId }, 'results')}
              aria-current={r.id === currentId ? 'true' : undefined}
              className={`underline underline-offset-4 ${r.id === currentId ? 'font-semibold' : 'text-primary'}`}
            >
              Run {r.id}
            </Link>{' '}
            <span className="text-muted-foreground">
              · {r.tableName} · {describeParams(r.params)} ·{' '}
              <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              {r.id === currentId ? ' (shown)' : ''}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}
