'use client';

import { Download } from 'lucide-react';
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { EmptyState } from '@/app/_components/empty-state';
import { Button } from '@/app/_components/ui/button';
import {
  caseLines,
  filterCases,
  indexProgress,
  overdueReaders,
  type CellState,
  type ProgressData,
  type ProgressFilter,
  type ProgressStudy,
} from '@/lib/study/progress';
import type { Cell } from './progress-cell';
import { NO_FILTERS, ProgressFilters, type FilterFields } from './progress-filters';
import { Grid } from './progress-grid';
import { Legend } from './progress-legend';
import { ReadPanel } from './read-panel';
import { Remind } from './remind-overdue';

type Props = {
  data: ProgressData;
  study: ProgressStudy & { id: number };
  /** The server's clock when the page was rendered (ms), so server and browser agree on what is late. */
  now: number;
  csvHref: string;
};

/**
 * The reader × case matrix: one row per case, one column per reader, each cell showing the state
 * of that reader's read(s) of the case. Rows are virtualised so a thousand cases stay fast; the
 * grid is keyboard navigable (arrows, Page Up/Down, Home/End) and Enter opens a cell's details.
 */
export function ProgressMatrix({ data, study, now, csvHref }: Props) {
  const ix = useMemo(() => indexProgress(data, study, now), [data, study, now]);
  const lines = useMemo(() => caseLines(ix), [ix]);
  const remindText = useMemo(() => overdueReaders(data, study, now), [data, study, now]);
  const [fields, setFields] = useState<FilterFields>(NO_FILTERS);
  const [selected, setSelected] = useState<Cell | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const deferredQuery = useDeferredValue(fields.query);
  const { reader, status, session, overdueOnly } = fields;

  const filter: ProgressFilter = useMemo(
    () => ({
      query: deferredQuery,
      readerIdx: reader === '' ? null : Number(reader),
      status: status === '' ? null : (status as CellState),
      session: session === '' ? null : Number(session),
      overdueOnly,
    }),
    [deferredQuery, reader, status, session, overdueOnly],
  );
  const rows = useMemo(() => filterCases(ix, filter), [ix, filter]);
  const byRead =
    filter.readerIdx !== null || filter.status !== null || filter.session !== null || overdueOnly;
  const filtered = byRead || deferredQuery.trim() !== '';
  const clearFilters = () => setFields(NO_FILTERS);
  const returnFocus = useRef<HTMLElement | null>(null);
  const closePanel = () => {
    setSelected(null);
    returnFocus.current?.focus();
  };

  const ids = useId();
  return (
    <section aria-labelledby={`${ids}-title`} className="mb-6 rounded-lg border bg-card p-4 shadow-sm">
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={`${ids}-title`} className="text-base font-semibold">
            Reads by case and reader
          </h2>
          <p className="text-sm text-muted-foreground">
            Open a cell for the read’s details, to reopen or reassign it.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button asChild variant="outline" size="sm">
            <a href={csvHref} download>
              <Download aria-hidden />
              Download CSV
            </a>
          </Button>
          <Remind text={remindText} />
        </div>
      </div>

      <ProgressFilters
        idPrefix={ids}
        ix={ix}
        fields={fields}
        onChange={(change) => setFields((f) => ({ ...f, ...change }))}
        filtered={filtered}
        onClear={clearFilters}
        shown={rows.length}
      />

      {rows.length ? (
        <Grid
          ix={ix}
          rows={rows}
          lines={lines}
          filter={byRead ? filter : null}
          onOpen={(cell, from) => {
            returnFocus.current = from;
            setSelected(cell);
          }}
        />
      ) : (
        <EmptyState title="No cases match these filters">
          <Button type="button" variant="outline" size="sm" onClick={clearFilters}>
            Clear filters
          </Button>
        </EmptyState>
      )}
      <Legend sessions={ix.sessions} />
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {selected ? (
        <ReadPanel
          key={`${selected.caseIdx}:${selected.readerIdx}`}
          ix={ix}
          cell={selected}
          onClose={closePanel}
          onDone={(message) => {
            setAnnouncement(message);
            closePanel();
          }}
        />
      ) : null}
    </section>
  );
}
