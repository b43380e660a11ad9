import type { JoinSummary } from '@/lib/genomics/analysis-types';

function IdList({ title, ids, testId }: { title: string; ids: string[]; testId: string }) {
  if (!ids.length) return <p className="text-sm text-muted-foreground">{title}: none.</p>;
  return (
    <details className="text-sm" data-testid={testId}>
      <summary className="cursor-pointer">
        {title}: {ids.length}
      </summary>
      <ul className="mt-2 max-h-48 columns-2 overflow-y-auto rounded-md border p-2 font-mono text-xs sm:columns-4">
        {ids.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </ul>
    </details>
  );
}

/** How the run matched imaging cases with genomic rows: counts, the rule, and who was left out. */
export function JoinReport({ join }: { join: JoinSummary }) {
  return (
    <div className="flex flex-col gap-3" data-testid="join-report">
      <dl className="grid max-w-xl grid-cols-3 gap-3 text-center">
        <div className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">Matched subjects</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid="join-matched">
            {join.matched}
          </dd>
        </div>
        <div className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">Imaging ids</dt>
          <dd className="text-2xl font-semibold tabular-nums">{join.imagingTotal}</dd>
        </div>
        <div className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">Genomic ids</dt>
          <dd className="text-2xl font-semibold tabular-nums">{join.genomicTotal}</dd>
        </div>
      </dl>
      <p className="text-sm">
        <span className="font-medium">Rule: </span>
        {join.rule}
      </p>
      <IdList
        title="Imaging ids without a genomic row"
        ids={join.unmatchedImaging}
        testId="join-unmatched-imaging"
      />
      <IdList
        title="Genomic ids without an imaging case"
        ids={join.unmatchedGenomic}
        testId="join-unmatched-genomic"
      />
      {join.notes.length ? (
        <ul className="list-disc pl-5 text-sm text-muted-foreground">
          {join.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {join.matched === 0 ? (
        <p className="text-sm text-destructive" role="note">
          No subject matched, so nothing could be tested. Check that the ids in the table are the study&apos;s
          subject ids or case keys, and try the other key in the run form.
        </p>
      ) : null}
    </div>
  );
}
