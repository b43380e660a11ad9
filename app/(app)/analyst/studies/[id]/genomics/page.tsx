import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Alert } from '@/app/_components/ui/alert';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';
import { isAppError } from '@/lib/errors';
import { AnalysisNav } from '../analysis-nav';
import { ColumnTypes } from './column-types';
import { DrillDown } from './drill-down';
import { describeParams, formatDateTime } from './format';
import type { GenomicsPageData } from './genomics-types';
import { Heatmap } from './heatmap';
import { JoinReport } from './join-report';
import { runCsvHref } from './links';
import { MethodNotes } from './method-notes';
import { genomicsPageData, type GenomicsSearch } from './page-data.server';
import { ResultsTable } from './results-table';
import { RunForm } from './run-form';
import { RunsList } from './runs-list';
import { TablesList } from './tables-list';
import { UploadForm } from './upload-form';
import { fileSafe } from '@/lib/export/filename';

export const metadata: Metadata = { title: 'Radiogenomics' };

function Section({
  id,
  title,
  level = 2,
  children,
}: {
  id: string;
  title: string;
  level?: 2 | 3;
  children: ReactNode;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`${id}-heading`} id={id} className="flex scroll-mt-4 flex-col gap-3">
      <Heading
        id={`${id}-heading`}
        className={level === 2 ? 'text-lg font-semibold' : 'text-base font-semibold'}
      >
        {title}
      </Heading>
      {children}
    </section>
  );
}

const safeName = (s: string) => fileSafe(s, '_').slice(0, 120);

export default async function GenomicsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ run?: string | string[]; table?: string | string[]; pair?: string | string[] }>;
}) {
  const { id } = await params;
  const raw = await searchParams;
  const actor = await requirePage('analyst.view', `/analyst/studies/${id}/genomics`);
  const studyId = Number(id);
  if (!Number.isInteger(studyId) || !can(actor, 'genomics.manage', { studyId })) notFound();

  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const search: GenomicsSearch = { run: first(raw.run), table: first(raw.table), pair: first(raw.pair) };
  let data: GenomicsPageData;
  try {
    data = genomicsPageData(getDb(), actor, studyId, search);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }

  const { study, tables, selectedTable, runs, run, pair } = data;
  const selectedPair = pair ? `${pair.result.imaging}~${pair.result.genomic}` : null;
  return (
    <>
      <PageHeader
        title={`Radiogenomics: ${study.name}`}
        description={`${tables.length} genomic table${tables.length === 1 ? '' : 's'} · ${runs.length} association run${runs.length === 1 ? '' : 's'} · imaging features tested against genomic and clinical variables, one value per case`}
      />
      <AnalysisNav actor={actor} studyId={study.id} current="genomics" />
      {data.notices.map((n) => (
        <Alert key={n} className="mb-4">
          {n}
        </Alert>
      ))}
      <div className="flex flex-col gap-10">
        <Section id="upload" title="Upload a genomic table">
          <UploadForm studyId={studyId} />
        </Section>

        <Section id="tables" title="Genomic tables">
          {tables.length ? (
            <TablesList
              studyId={studyId}
              tables={tables}
              selectedId={selectedTable?.id ?? null}
              runId={run?.id ?? null}
              runTableId={run?.tableId ?? null}
            />
          ) : (
            <EmptyState title="No genomic tables yet">
              Upload a CSV or TSV keyed by patient or sample id, a cBioPortal clinical file or a MAF above.
            </EmptyState>
          )}
        </Section>

        <Section
          id="column-types"
          title={selectedTable ? `Column types: ${selectedTable.name}` : 'Column types'}
        >
          {selectedTable ? (
            <>
              <p className="text-sm text-muted-foreground">
                How each column is analysed: continuous columns as numbers (Spearman against numeric features,
                compared across the levels of categorical ones), categorical and binary columns as levels
                (Fisher or chi-square against categorical features; numeric features compared across their
                levels). Change a type where the inference is wrong (a grade coded 1–4 to be ranked as a
                number, a code that only looks numeric), then run the tests again.
              </p>
              <ColumnTypes key={selectedTable.id} studyId={studyId} table={selectedTable} />
            </>
          ) : (
            <EmptyState title="No table to type">
              The columns of a table appear here once it is uploaded.
            </EmptyState>
          )}
        </Section>

        <Section id="run" title="Run the tests">
          {tables.length ? (
            <RunForm
              studyId={studyId}
              tables={tables}
              defaultTableId={selectedTable?.id ?? null}
              readSessions={study.readSessions}
              lastParams={run?.params ?? null}
            />
          ) : (
            <EmptyState title="Nothing to test yet">Upload a genomic table first.</EmptyState>
          )}
        </Section>

        <Section id="results" title={run ? `Results: run ${run.id}` : 'Results'}>
          {run ? (
            <>
              <p className="text-sm text-muted-foreground" data-testid="association-run-summary">
                {run.tableName} · {describeParams(run.params)} ·{' '}
                <time dateTime={run.createdAt}>{formatDateTime(run.createdAt)}</time>
              </p>
              {run.stale ? (
                <Alert>
                  The column types of {run.tableName} changed after this run; its results use the old types.
                  Run the tests again for current results.
                </Alert>
              ) : null}
              <RunsList studyId={studyId} runs={runs} currentId={run.id} />

              <Section level={3} id="join" title="How subjects were matched">
                <JoinReport join={run.join} />
              </Section>

              <Section level={3} id="associations" title="Associations">
                {run.results.length ? (
                  <ResultsTable
                    key={run.id}
                    studyId={studyId}
                    runId={run.id}
                    tableId={selectedTable?.id ?? null}
                    results={run.results}
                    imaging={run.imaging}
                    genomic={run.genomic}
                    bonferroni={run.params.bonferroni}
                    selectedPair={selectedPair}
                  />
                ) : (
                  <EmptyState title="No pairs in this run">
                    The run had no imaging feature or no genomic column to test.
                  </EmptyState>
                )}
              </Section>

              <Section level={3} id="heatmap" title="Heatmap">
                <Heatmap
                  results={run.results}
                  imaging={run.imaging}
                  genomic={run.genomic}
                  filename={safeName(`${study.slug}-run${run.id}-heatmap`)}
                />
              </Section>

              <Section
                level={3}
                id="drill-down"
                title={pair ? `Drill-down: ${pair.imaging.label} by ${pair.genomic.label}` : 'Drill-down'}
              >
                {pair ? (
                  <DrillDown
                    key={selectedPair}
                    pair={pair}
                    bonferroni={run.params.bonferroni}
                    filename={safeName(`${study.slug}-run${run.id}-${pair.imaging.id}-${pair.genomic.id}`)}
                  />
                ) : (
                  <p className="text-sm text-muted-foreground">
                    No pair could be tested in this run; choose one in the results table to plot it anyway.
                  </p>
                )}
              </Section>

              <Section level={3} id="download" title="Download and methods">
                <p className="text-sm">
                  <a
                    href={runCsvHref(studyId, run.id)}
                    className="text-primary underline underline-offset-4"
                    data-testid="association-csv-link"
                    download
                  >
                    Download results (CSV)
                  </a>{' '}
                  <span className="text-muted-foreground">
                    every pair with its test, statistic, p, q, effect, n and cautions, and the run&apos;s
                    parameters
                  </span>
                </p>
                <MethodNotes />
              </Section>
            </>
          ) : (
            <EmptyState title="No association run yet">
              {tables.length
                ? 'Run the tests above to see every imaging feature tested against every genomic column.'
                : 'Upload a genomic table, check its column types, then run the tests.'}
            </EmptyState>
          )}
        </Section>
      </div>
    </>
  );
}
