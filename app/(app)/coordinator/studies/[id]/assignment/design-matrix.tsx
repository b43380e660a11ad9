'use client';

import { useMemo, useState } from 'react';
import { cn } from '@/lib/ui/cn';
import { CELL, type PreviewView } from './preview-view';

/** Above this many cases only the rows in view are drawn. */
const WINDOW_ABOVE = 200;
const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 480;
const OVERSCAN = 10;

export const CELL_STYLE = {
  [CELL.existing]: {
    symbol: '●',
    text: 'existing read',
    className: 'bg-sky-100 text-sky-800',
  },
  [CELL.added]: {
    symbol: '+',
    text: 'new read',
    className: 'bg-emerald-100 font-bold text-emerald-800',
  },
  [CELL.none]: { symbol: '·', text: 'not assigned', className: 'text-muted-foreground' },
} as const;

export const ANCHOR_SYMBOL = '◆';

export function MatrixLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
      {[CELL.existing, CELL.added, CELL.none].map((code) => (
        <li key={code} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className={cn(
              'inline-flex size-5 items-center justify-center rounded-sm border',
              CELL_STYLE[code].className,
            )}
          >
            {CELL_STYLE[code].symbol}
          </span>
          {code === CELL.existing
            ? 'Existing read (kept as it is)'
            : code === CELL.added
              ? 'New read (created on confirmation)'
              : 'Not assigned'}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden
          className="inline-flex size-5 items-center justify-center rounded-sm border border-amber-300 bg-amber-50 text-amber-700"
        >
          {ANCHOR_SYMBOL}
        </span>
        Anchor case (read by every reader)
      </li>
    </ul>
  );
}

/**
 * The reader × case matrix of a plan: cases as rows, readers as columns. Large studies draw
 * only the rows in view of the scroll container, so 1000 cases × 20 readers stay responsive.
 */
export function DesignMatrix({
  view,
  caseLabels,
  readerNames,
}: {
  view: PreviewView;
  caseLabels: ReadonlyMap<number, string>;
  readerNames: ReadonlyMap<string, string>;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const anchors = useMemo(() => new Set(view.anchorCaseIds), [view.anchorCaseIds]);
  const n = view.caseIds.length;
  const windowed = n > WINDOW_ABOVE;
  const first = windowed ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN) : 0;
  const last = windowed ? Math.min(n, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN) : n;
  const columns = view.readerIds.length + 1;

  return (
    <div
      className="relative overflow-auto rounded-md border"
      style={{ maxHeight: VIEW_HEIGHT }}
      onScroll={windowed ? (e) => setScrollTop(e.currentTarget.scrollTop) : undefined}
      tabIndex={0}
      role="region"
      aria-label="Assignment matrix, scrollable"
    >
      <table
        className="border-separate border-spacing-0 text-xs"
        aria-rowcount={windowed ? n + 1 : undefined}
        data-testid="design-matrix"
      >
        <caption className="sr-only">
          Reader × case assignment: one row per case, one column per reader; each cell says whether the reader
          has an existing read, gets a new read or is not assigned.
        </caption>
        <thead className="sticky top-0 z-20 bg-card">
          <tr aria-rowindex={windowed ? 1 : undefined} style={{ height: ROW_HEIGHT }}>
            <th
              scope="col"
              className="sticky left-0 z-30 border-b bg-card px-2 text-left font-medium text-muted-foreground"
            >
              Case
            </th>
            {view.readerIds.map((id, i) => (
              <th
                key={id}
                scope="col"
                title={readerNames.get(id)}
                className="min-w-8 border-b px-1 text-center font-medium"
              >
                <span aria-hidden>R{i + 1}</span>
                <span className="sr-only">{readerNames.get(id) ?? `Reader ${i + 1}`}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 ? (
            <tr aria-hidden style={{ height: first * ROW_HEIGHT }}>
              <td colSpan={columns} />
            </tr>
          ) : null}
          {view.caseIds.slice(first, last).map((caseId, offset) => {
            const i = first + offset;
            const anchor = anchors.has(caseId);
            const row = view.rows[i] ?? '';
            return (
              <tr
                key={caseId}
                aria-rowindex={windowed ? i + 2 : undefined}
                style={{ height: ROW_HEIGHT }}
                className={cn(anchor && 'bg-amber-50')}
              >
                <th
                  scope="row"
                  className={cn(
                    'sticky left-0 z-10 whitespace-nowrap border-b px-2 text-left font-normal',
                    anchor ? 'bg-amber-50' : 'bg-card',
                  )}
                >
                  {anchor ? (
                    <span className="mr-1 text-amber-700" aria-hidden>
                      {ANCHOR_SYMBOL}
                    </span>
                  ) : null}
                  {caseLabels.get(caseId) ?? `Case ${caseId}`}
                  {anchor ? <span className="sr-only"> (anchor case)</span> : null}
                </th>
                {view.readerIds.map((readerId, r) => {
                  const code = (row[r] ?? CELL.none) as keyof typeof CELL_STYLE;
                  const style = CELL_STYLE[code] ?? CELL_STYLE[CELL.none];
                  return (
                    <td
                      key={readerId}
                      className={cn('border-b border-l border-border/60 p-0 text-center', style.className)}
                      data-cell={code}
                    >
                      <span aria-hidden>{style.symbol}</span>
                      <span className="sr-only">{style.text}</span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {last < n ? (
            <tr aria-hidden style={{ height: (n - last) * ROW_HEIGHT }}>
              <td colSpan={columns} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
