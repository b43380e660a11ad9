import Link from 'next/link';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';
import type { AdjudicationTaskView } from '@/db/queries/adjudicator-tasks';
import { AllAnswers } from './all-answers';
import { featureCode, formatValue } from './format-value';
import { ReaderAnswers } from './reader-answers';

/** A completed task, read-only: each feature's readers' answers beside the consensus that was set. */
export function DecidedSummary({ data }: { data: AdjudicationTaskView }) {
  const decidedAt = data.task.decidedAt;
  return (
    <div className="flex flex-col gap-3" data-testid="adjudication-decided">
      <div className="rounded-md border border-success/40 bg-success/5 px-4 py-3 text-sm text-success">
        Adjudication complete
        {decidedAt ? (
          <>
            {' '}
            on <time dateTime={decidedAt.toISOString()}>{decidedAt.toISOString().slice(0, 10)}</time>
          </>
        ) : null}
        . The consensus values are locked.
      </div>
      {data.triggered.map((t, i) => {
        const feature = data.features[t.featureId];
        const code = featureCode(feature);
        const heading = `decided-${i}-heading`;
        return (
          <Card
            key={t.path}
            aria-labelledby={heading}
            className="flex flex-col gap-3 p-4"
            data-testid="consensus-card"
            data-path={t.path}
          >
            <header className="flex flex-col gap-1">
              <h2 id={heading} className="text-base font-semibold">
                {code ? <span className="text-muted-foreground">{code} </span> : null}
                {t.label}
              </h2>
              <p className="text-sm">
                <span className="font-medium">Why it needed a consensus: </span>
                {t.reason}
              </p>
            </header>
            <ReaderAnswers
              label={t.label}
              readers={data.readers}
              answers={t.answers}
              feature={feature}
              current={t.consensus?.value}
            />
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="font-medium">Consensus</dt>
              <dd data-testid="consensus-value">{formatValue(feature, t.consensus?.value ?? null)}</dd>
              {t.consensus?.comment ? (
                <>
                  <dt className="font-medium">Comment</dt>
                  <dd className="whitespace-pre-wrap">{t.consensus.comment}</dd>
                </>
              ) : null}
            </dl>
          </Card>
        );
      })}
      <AllAnswers data={data} />
      <div>
        <Button asChild variant="outline">
          <Link href="/adjudicator">Back to tasks</Link>
        </Button>
      </div>
    </div>
  );
}
