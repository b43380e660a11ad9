'use client';

import { Minus, TriangleAlert } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import {
  cellLabel,
  cellRead,
  readMatches,
  shortDate,
  type ProgressFilter,
  type ProgressIndex,
  type ProgressRead,
} from '@/lib/study/progress';
import { cn } from '@/lib/ui/cn';
import { STATE_STYLE, type Cell } from './progress-cell';

/** One reader's read(s) of one case in the grid: a focusable cell with a half per session. */
export function MatrixCell({
  ix,
  caseIdx,
  readerIdx,
  row,
  filter,
  tabbable,
  onFocus,
  onOpen,
  onKeyDown,
}: {
  ix: ProgressIndex;
  caseIdx: number;
  readerIdx: number;
  row: number;
  filter: ProgressFilter | null;
  tabbable: boolean;
  onFocus: () => void;
  onOpen: (cell: Cell, from: HTMLElement) => void;
  onKeyDown: (e: KeyboardEvent<HTMLElement>, row: number, col: number, cell: Cell | null) => void;
}) {
  const sessions = Array.from({ length: ix.sessions }, (_, s) => cellRead(ix, caseIdx, readerIdx, s + 1));
  const assigned = sessions.some((r) => r !== null);
  const label = cellLabel(ix, caseIdx, readerIdx);
  const cell = assigned ? { caseIdx, readerIdx } : null;
  return (
    <div
      role="gridcell"
      aria-colindex={readerIdx + 2}
      title={label}
      tabIndex={tabbable ? 0 : -1}
      data-cell={`${row}:${readerIdx}`}
      data-reader-id={ix.data.readers[readerIdx]?.id}
      data-state={sessions.map((r) => (r ? ix.state[r.index] : 'none')).join(' ')}
      data-overdue={sessions.some((r) => r && ix.overdue[r.index]) ? 'true' : undefined}
      onFocus={onFocus}
      onClick={(e) => cell && onOpen(cell, e.currentTarget)}
      onKeyDown={(e) => onKeyDown(e, row, readerIdx, cell)}
      className={cn(
        'flex gap-1 border-r p-1 outline-none focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset',
        assigned ? 'cursor-pointer hover:bg-accent' : 'bg-muted/40',
      )}
    >
      {/* The cell's name: what the halves below show only as pictures and short words. */}
      <span className="sr-only">{label}</span>
      {assigned
        ? sessions.map((read, s) => (
            <Half
              key={s}
              ix={ix}
              read={read}
              session={s + 1}
              dim={!!filter && (!read || !readMatches(ix, read.index, filter))}
            />
          ))
        : null}
    </div>
  );
}

/** One session of a cell. Its meaning is in the cell's label; this is the picture of it. */
function Half({
  ix,
  read,
  session,
  dim,
}: {
  ix: ProgressIndex;
  read: ProgressRead | null;
  session: number;
  dim: boolean;
}) {
  const tag = ix.sessions > 1 ? <span className="font-semibold">S{session}</span> : null;
  if (!read)
    return (
      <div
        aria-hidden
        className={cn(
          'flex flex-1 flex-col items-center justify-center rounded-sm bg-muted/50 text-[10px] text-muted-foreground/70',
          dim && 'opacity-40',
        )}
      >
        {tag}
        <Minus className="size-3" />
      </div>
    );
  const state = ix.state[read.index] ?? read.status;
  const overdue = ix.overdue[read.index];
  const style = STATE_STYLE[state];
  const Icon = overdue ? TriangleAlert : style.icon;
  return (
    <div
      aria-hidden
      className={cn(
        'flex min-w-0 flex-1 flex-col items-center justify-center rounded-sm border text-[10px] leading-tight',
        style.className,
        overdue && 'border-destructive text-destructive ring-1 ring-inset ring-destructive',
        dim && 'opacity-35',
      )}
    >
      <span className="flex items-center gap-1">
        {tag}
        <Icon className="size-3" />
      </span>
      <span className="truncate">
        {state === 'waiting' && read.availableAt !== null
          ? `opens ${shortDate(read.availableAt)}`
          : style.short}
      </span>
    </div>
  );
}
