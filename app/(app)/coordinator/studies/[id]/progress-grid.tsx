'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { Check } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { caseLines, ProgressFilter, ProgressIndex } from '@/lib/study/progress';
import { cn } from '@/lib/ui/cn';
import { MatrixCell } from './matrix-cell';
import type { Cell } from './progress-cell';

const ROW_H = 44;
const HEADER_H = 52;
const CASE_W = 200;
const SUMMARY_W = 96;
const VIEW_H = 560;
const PAGE_ROWS = 10;

/**
 * The virtualised grid itself: a header row of readers, then one row per case. Arrows, Page Up/Down
 * and Home/End move between cells; Enter or Space opens one.
 */
export function Grid({
  ix,
  rows,
  lines,
  filter,
  onOpen,
}: {
  ix: ProgressIndex;
  rows: number[];
  lines: ReturnType<typeof caseLines>;
  /** Read criteria in force: cells whose reads miss them are dimmed. */
  filter: ProgressFilter | null;
  onOpen: (cell: Cell, from: HTMLElement) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const readers = ix.data.readers;
  const cellW = ix.sessions > 1 ? 68 * ix.sessions : 88;
  const columns = `${CASE_W}px repeat(${readers.length}, minmax(${cellW}px, 1fr)) ${SUMMARY_W}px`;
  const width = CASE_W + readers.length * cellW + SUMMARY_W;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's own hook; its values are read in render only
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 6,
    scrollMargin: HEADER_H,
    scrollPaddingStart: HEADER_H,
    initialRect: { width: 0, height: VIEW_H },
  });
  const items = virtualizer.getVirtualItems();

  const [active, setActive] = useState({ row: 0, col: 0 });
  const focusPending = useRef(false);
  const activeRow = Math.min(active.row, rows.length - 1);
  const activeCol = Math.min(active.col, Math.max(0, readers.length - 1));
  const tabRow = items.some((v) => v.index === activeRow) ? activeRow : (items[0]?.index ?? 0);

  useEffect(() => {
    if (!focusPending.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${activeRow}:${activeCol}"]`);
    if (el) {
      focusPending.current = false;
      el.focus();
    }
  });

  const move = (row: number, col: number) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(readers.length - 1, col));
    setActive({ row: r, col: c });
    focusPending.current = true;
    virtualizer.scrollToIndex(r, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>, row: number, col: number, cell: Cell | null) => {
    const last = rows.length - 1;
    switch (e.key) {
      case 'ArrowDown':
        move(row + 1, col);
        break;
      case 'ArrowUp':
        move(row - 1, col);
        break;
      case 'ArrowRight':
        move(row, col + 1);
        break;
      case 'ArrowLeft':
        move(row, col - 1);
        break;
      case 'PageDown':
        move(row + PAGE_ROWS, col);
        break;
      case 'PageUp':
        move(row - PAGE_ROWS, col);
        break;
      case 'Home':
        move(e.ctrlKey ? 0 : row, 0);
        break;
      case 'End':
        move(e.ctrlKey ? last : row, readers.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (cell) onOpen(cell, e.currentTarget);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Reads by case and reader"
      aria-rowcount={rows.length + 1}
      aria-colcount={readers.length + 2}
      data-testid="progress-matrix"
      data-rendered-rows={items.length}
      data-total-rows={rows.length}
      className="relative overflow-auto rounded-md border"
      style={{ height: Math.min(VIEW_H, HEADER_H + rows.length * ROW_H + 2) }}
    >
      <div style={{ width, minWidth: '100%' }}>
        <div role="rowgroup" className="sticky top-0 z-20">
          <div
            role="row"
            aria-rowindex={1}
            className="grid border-b bg-muted text-xs font-medium text-muted-foreground"
            style={{ gridTemplateColumns: columns, height: HEADER_H }}
          >
            <div
              role="columnheader"
              aria-colindex={1}
              className="sticky left-0 z-10 flex items-center border-r bg-muted px-3"
            >
              Case
            </div>
            {readers.map((r, i) => (
              <div
                key={r.id}
                role="columnheader"
                aria-colindex={i + 2}
                title={`${r.name} <${r.email}>`}
                data-reader-id={r.id}
                className="flex min-w-0 flex-col justify-center gap-1 border-r px-1.5 text-center"
              >
                <span className={cn('truncate text-foreground', !r.member && 'italic')}>
                  {r.name}
                  {!r.member ? <span className="sr-only"> (former reader)</span> : null}
                </span>
                {ix.sessions > 1 ? (
                  <span className="flex justify-around text-[10px] font-normal" aria-hidden>
                    {Array.from({ length: ix.sessions }, (_, s) => (
                      <span key={s}>S{s + 1}</span>
                    ))}
                  </span>
                ) : null}
              </div>
            ))}
            <div
              role="columnheader"
              aria-colindex={readers.length + 2}
              className="flex items-center justify-end px-3"
            >
              Reads done
            </div>
          </div>
        </div>
        <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const caseIdx = rows[v.index]!;
            const c = ix.data.cases[caseIdx]!;
            const line = lines[caseIdx]!;
            return (
              <div
                key={caseIdx}
                role="row"
                aria-rowindex={v.index + 2}
                data-case-key={c.caseKey}
                className="absolute left-0 top-0 grid w-full border-b bg-background"
                style={{
                  gridTemplateColumns: columns,
                  height: ROW_H,
                  transform: `translateY(${v.start - HEADER_H}px)`,
                }}
              >
                <div
                  role="rowheader"
                  aria-colindex={1}
                  className="sticky left-0 z-10 flex min-w-0 flex-col justify-center border-r bg-background px-3"
                >
                  <span className="truncate text-sm font-medium" title={c.label}>
                    {c.label}
                  </span>
                  <span
                    className="truncate text-[11px] text-muted-foreground"
                    title={c.subjectId ?? c.caseKey}
                  >
                    {c.subjectId ?? c.caseKey}
                  </span>
                </div>
                {readers.map((r, readerIdx) => (
                  <MatrixCell
                    key={r.id}
                    ix={ix}
                    caseIdx={caseIdx}
                    readerIdx={readerIdx}
                    row={v.index}
                    filter={filter}
                    tabbable={v.index === tabRow && readerIdx === activeCol}
                    onFocus={() => setActive({ row: v.index, col: readerIdx })}
                    onOpen={onOpen}
                    onKeyDown={onKeyDown}
                  />
                ))}
                <div
                  role="gridcell"
                  aria-colindex={readers.length + 2}
                  className={cn(
                    'flex items-center justify-end gap-1 px-3 text-sm tabular-nums',
                    line.done ? 'font-medium text-success' : 'text-muted-foreground',
                  )}
                >
                  <span className="sr-only">{`${c.label}: ${line.submitted} of ${line.total} reads submitted`}</span>
                  <span aria-hidden className="flex items-center gap-1">
                    {line.done ? <Check className="size-3.5" /> : null}
                    {line.submitted}/{line.total}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
