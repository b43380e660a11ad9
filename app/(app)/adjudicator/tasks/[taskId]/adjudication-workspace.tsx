'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/app/_components/ui/badge';
import { Button } from '@/app/_components/ui/button';
import { Alert } from '@/app/_components/ui/alert';
import { Viewer } from '@/app/_components/viewer/viewer';
import type { SavedMeasurement, ViewerSeries } from '@/app/_components/viewer/types';
import type { AdjudicationTaskView } from '@/db/queries/adjudicator-tasks';
import type { HangingProtocol } from '@/lib/dicom/hanging-protocol';
import { CaseInfo } from '@/app/(app)/reader/reads/[readId]/case-info';
import { ConsensusForm, type Notice } from './consensus-form';
import { DecidedSummary } from './decided-summary';

type Props = {
  data: AdjudicationTaskView;
  series: ViewerSeries[];
  protocol: HangingProtocol;
  renderer: 'auto' | 'cpu';
};

// The adjudicator looks at the images; measurements are the readers' business.
const NO_MEASUREMENTS: SavedMeasurement[] = [];
const ignore = () => {};

/**
 * The adjudication page's client side: the case's images on the left, the features to settle
 * on the right. Save results are announced in live regions that outlast the switch to the
 * read-only view once the task is complete.
 */
export function AdjudicationWorkspace({ data, series, protocol, renderer }: Props) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const done = data.task.status === 'done';
  return (
    <div
      className="flex flex-col gap-4 lg:h-[calc(100vh-7rem)] lg:min-h-[36rem] lg:flex-row lg:gap-2"
      data-testid="adjudication-workspace"
    >
      <section aria-label="Images" className="h-[60vh] min-w-0 lg:h-auto lg:flex-1">
        {series.length ? (
          <Viewer
            series={series}
            protocol={protocol}
            renderer={renderer}
            measurements={NO_MEASUREMENTS}
            measureRequest={null}
            onMeasured={ignore}
            onMeasurementRemoved={ignore}
            onMeasureCancelled={ignore}
            onMeasureRefused={ignore}
          />
        ) : (
          <Alert>
            No images have been imported for this case, so there are none to show. Decide from the
            readers&apos; answers, or ask the study coordinator to import the images.
          </Alert>
        )}
      </section>
      <section
        aria-label="Adjudication"
        className="flex min-w-0 flex-col gap-3 lg:w-[30rem] lg:shrink-0 lg:overflow-y-auto lg:pr-2"
      >
        <header className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold">{data.kase.label}</h1>
          <Badge variant="outline">{data.study.name}</Badge>
          <Badge variant={done ? 'secondary' : 'default'} data-testid="adjudication-status">
            {done ? 'Done' : 'Open'}
          </Badge>
          <Link
            href="/adjudicator"
            className="ml-auto text-sm text-muted-foreground underline-offset-4 hover:underline"
          >
            All tasks
          </Link>
        </header>
        <p className="text-sm text-muted-foreground">
          {data.triggered.length} feature{data.triggered.length === 1 ? '' : 's'} to settle ·{' '}
          {data.readers.length} reader{data.readers.length === 1 ? '' : 's'}. Readers are shown under labels
          that change from task to task.
        </p>
        {data.readsPending ? (
          <p
            className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
            role="note"
          >
            {data.readsPending === 1
              ? 'One read of this case was'
              : `${data.readsPending} reads of this case were`}{' '}
            reopened by the coordinator and {data.readsPending === 1 ? 'is' : 'are'} not shown until submitted
            again.
          </p>
        ) : null}
        <div role="status" aria-live="polite" aria-atomic="true" data-testid="save-status">
          {notice?.kind === 'ok' ? (
            <div className="rounded-md border border-success/40 bg-success/5 px-4 py-3 text-sm text-success">
              {notice.text}
            </div>
          ) : null}
        </div>
        <div role="alert" aria-atomic="true" data-testid="save-error">
          {notice && notice.kind !== 'ok' ? (
            <div className="flex flex-col items-start gap-2 rounded-md border border-destructive/50 bg-destructive/5 px-4 py-3 text-sm text-destructive">
              <p>{notice.text}</p>
              {notice.kind === 'conflict' ? (
                <Button type="button" size="sm" variant="outline" onClick={() => window.location.reload()}>
                  Reload the task
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
        <CaseInfo metadata={data.caseMetadata} />
        {done ? <DecidedSummary data={data} /> : <ConsensusForm data={data} onNotice={setNotice} />}
      </section>
    </div>
  );
}
