'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import {
  Check,
  Circle,
  ClipboardCopy,
  Download,
  Hourglass,
  Minus,
  PencilLine,
  TriangleAlert,
  X,
  type LucideIcon,
} from 'lucide-react';
import { useRouter } from 'next/navigation';
import {
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { EmptyState } from '@/app/_components/empty-state';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import {
  CELL_STATES,
  CELL_STATE_LABEL,
  caseLines,
  cellLabel,
  cellRead,
  filterCases,
  formatDuration,
  indexProgress,
  isoDate,
  overdueReaders,
  readDueAt,
  readMatches,
  shortDate,
  type CellState,
  type ProgressData,
  type ProgressFilter,
  type ProgressIndex,
  type ProgressRead,
  type ProgressStudy,
} from '@/lib/study/progress';
import { cn } from '@/lib/ui/cn';

const ROW_H = 44;
const HEADER_H = 52;
const CASE_W = 200;
const SUMMARY_W = 96;
const VIEW_H = 560;
const PAGE_ROWS = 10;

const STATE_STYLE: Record<CellState, { icon: LucideIcon; short: string; className: string }> = {
  submitted: { icon: Check, short: 'Done', className: 'border-success/40 bg-success/15 text-success' },
  draft: { icon: PencilLine, short: 'Draft', className: 'border-amber-300 bg-amber-50 text-amber-800' },
  not_started: {
    icon: Circle,
    short: 'To do',
    className: 'border-input bg-background text-muted-foreground',
  },
  waiting: {
    icon: Hourglass,
    short: 'Waiting',
    className: 'border-dashed border-sky-300 bg-sky-50 text-sky-800',
  },
};

type Props = {
  data: ProgressData;
  study: ProgressStudy & { id: number };
  /** The server's clock when the page was rendered (ms), so server and browser agree on what is late. */
  now: number;
  csvHref: string;
};

type Cell = { caseIdx: number; readerIdx: number };

/**
 * The reader × case matrix: one row per case, one column per reader, each cell showing the state
 * of that reader's read(s) of the case. Rows are virtualised so a thousand cases stay fast; the
 * grid is keyboard navigable (arrows, Page Up/Down, Home/End) and Enter opens a cell's details.
 */
export function ProgressMatrix({ data, study, now, csvHref }: Props) {
  const ix = useMemo(() => indexProgress(data, study, now), [data, study, now]);
  const lines = useMemo(() => caseLines(ix), [ix]);
  const remindText = useMemo(() => overdueReaders(data, study, now), [data, study, now]);
  const [query, setQuery] = useState('');
  const [reader, setReader] = useState('');
  const [status, setStatus] = useState('');
  const [session, setSession] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [selected, setSelected] = useState<Cell | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const deferredQuery = useDeferredValue(query);

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
  const clearFilters = () => {
    setQuery('');
    setReader('');
    setStatus('');
    setSession('');
    setOverdueOnly(false);
  };
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

      <div className="mb-3 flex flex-wrap items-end gap-3" role="group" aria-label="Filter cases">
        <div className="grid w-64 gap-1.5">
          <Label htmlFor={`${ids}-search`}>Search cases</Label>
          <Input
            id={`${ids}-search`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Label, key or subject ID"
          />
        </div>
        <div className="grid w-48 gap-1.5">
          <Label htmlFor={`${ids}-reader`}>Reader</Label>
          <NativeSelect id={`${ids}-reader`} value={reader} onChange={(e) => setReader(e.target.value)}>
            <option value="">All readers</option>
            {data.readers.map((r, i) => (
              <option key={r.id} value={String(i)}>
                {r.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid w-48 gap-1.5">
          <Label htmlFor={`${ids}-status`}>Status</Label>
          <NativeSelect id={`${ids}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {CELL_STATES.filter((s) => s !== 'waiting' || ix.sessions > 1).map((s) => (
              <option key={s} value={s}>
                {CELL_STATE_LABEL[s]}
              </option>
            ))}
          </NativeSelect>
        </div>
        {ix.sessions > 1 ? (
          <div className="grid w-36 gap-1.5">
            <Label htmlFor={`${ids}-session`}>Session</Label>
            <NativeSelect id={`${ids}-session`} value={session} onChange={(e) => setSession(e.target.value)}>
              <option value="">Both sessions</option>
              {Array.from({ length: ix.sessions }, (_, s) => (
                <option key={s} value={String(s + 1)}>
                  Session {s + 1}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}
        <label className="flex h-9 items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            className="size-4 accent-primary"
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly(e.target.checked)}
          />
          Overdue only
        </label>
        {filtered ? (
          <Button type="button" variant="ghost" size="sm" className="h-9" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
        <p
          role="status"
          className="ml-auto h-9 content-center text-sm text-muted-foreground"
          data-testid="case-count"
        >
          {rows.length} of {data.cases.length} cases
        </p>
      </div>

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

function Grid({
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
                  aria-label={`${c.label}: ${line.submitted} of ${line.total} reads submitted`}
                  className={cn(
                    'flex items-center justify-end gap-1 px-3 text-sm tabular-nums',
                    line.done ? 'font-medium text-success' : 'text-muted-foreground',
                  )}
                >
                  {line.done ? <Check className="size-3.5" aria-hidden /> : null}
                  {line.submitted}/{line.total}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function MatrixCell({
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
      aria-label={label}
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

const LEGEND_TEXT: Record<CellState, string> = {
  submitted: 'Done: submitted',
  draft: 'Draft: started, not submitted',
  not_started: 'To do: not started',
  waiting: '“opens …”: waiting for wash-out',
};

function Legend({ sessions }: { sessions: number }) {
  const swatch = (className: string, Icon: LucideIcon, text: string) => (
    <li key={text} className="flex items-center gap-1.5">
      <span className={cn('inline-flex size-5 items-center justify-center rounded-sm border', className)}>
        <Icon className="size-3" aria-hidden />
      </span>
      {text}
    </li>
  );
  return (
    <div className="mt-3">
      <h3 className="sr-only">Legend</h3>
      <ul
        aria-label="Legend"
        className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground"
      >
        {CELL_STATES.filter((s) => s !== 'waiting' || sessions > 1).map((s) =>
          swatch(STATE_STYLE[s].className, STATE_STYLE[s].icon, LEGEND_TEXT[s]),
        )}
        {swatch(
          'border-destructive text-destructive ring-1 ring-inset ring-destructive',
          TriangleAlert,
          'Overdue',
        )}
        {swatch('border-transparent bg-muted/60 text-muted-foreground/70', Minus, 'Not assigned')}
        {sessions > 1 ? <li>S1, S2: first read and re-read after wash-out</li> : null}
      </ul>
    </div>
  );
}

/** Copies the overdue readers (names, emails, counts, due dates) for a reminder, and shows the text. */
function Remind({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  const [message, setMessage] = useState('');
  const id = useId();
  const copy = async () => {
    setShown(true);
    try {
      await navigator.clipboard.writeText(text);
      setMessage('Copied');
    } catch {
      setMessage('Copy the list below');
    }
  };
  return (
    <>
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={copy}
        disabled={!text}
        title={text ? undefined : 'No reads are overdue'}
      >
        <ClipboardCopy aria-hidden />
        Remind overdue readers
      </Button>
      <span role="status" aria-live="polite" className="text-xs font-medium text-success">
        {message}
      </span>
      {shown && text ? (
        <div className="grid w-full gap-1.5">
          <div className="flex items-center justify-between">
            <Label htmlFor={id}>Overdue readers</Label>
            <Button type="button" variant="ghost" size="sm" onClick={() => setShown(false)}>
              Hide
            </Button>
          </div>
          <textarea
            id={id}
            readOnly
            value={text}
            rows={Math.min(10, text.split('\n').length + 1)}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-input bg-muted/30 px-3 py-2 font-mono text-xs"
          />
        </div>
      ) : null}
    </>
  );
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (ms: number | null) => (ms === null ? '—' : DATE_TIME.format(ms));

/** The details of one reader's read(s) of one case, with what the coordinator can do about them. */
function ReadPanel({
  ix,
  cell,
  onClose,
  onDone,
}: {
  ix: ProgressIndex;
  cell: Cell;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const c = ix.data.cases[cell.caseIdx]!;
  const reader = ix.data.readers[cell.readerIdx]!;
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const sessions = Array.from({ length: ix.sessions }, (_, s) =>
    cellRead(ix, cell.caseIdx, cell.readerIdx, s + 1),
  );
  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="read-panel"
      className="fixed inset-y-0 right-0 z-50 w-full max-w-sm overflow-y-auto border-l bg-background p-5 shadow-xl"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="mb-4 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={titleId} ref={titleRef} tabIndex={-1} className="text-lg font-semibold outline-none">
            {c.label} · {reader.name}
          </h2>
          <p className="truncate text-xs text-muted-foreground">{reader.email}</p>
          <p className="text-xs text-muted-foreground">
            Key {c.caseKey}
            {c.subjectId ? ` · Subject ${c.subjectId}` : ''}
          </p>
        </div>
        <Button type="button" variant="ghost" size="sm" aria-label="Close" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </div>
      <div className="grid gap-4">
        {sessions.map((read, s) =>
          read ? (
            <ReadDetails key={s} ix={ix} read={read} onDone={onDone} />
          ) : (
            <section key={s} className="rounded-md border border-dashed p-3 text-sm text-muted-foreground">
              Session {s + 1}: not assigned
            </section>
          ),
        )}
      </div>
    </aside>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="text-right tabular-nums">{children}</dd>
    </>
  );
}

function ReadDetails({
  ix,
  read,
  onDone,
}: {
  ix: ProgressIndex;
  read: ProgressRead;
  onDone: (m: string) => void;
}) {
  const state = ix.state[read.index] ?? read.status;
  const overdue = ix.overdue[read.index];
  const due = readDueAt(read, ix.study);
  const style = STATE_STYLE[state];
  const Icon = style.icon;
  const [action, setAction] = useState<'reopen' | 'reassign' | null>(null);
  return (
    <section aria-label={`Session ${read.session}`} className="rounded-md border p-3">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Session {read.session}</h3>
        <span className="flex items-center gap-1.5">
          <span
            className={cn(
              'inline-flex items-center gap-1 rounded-md border px-2 py-0.5 text-xs font-medium',
              style.className,
            )}
          >
            <Icon className="size-3" aria-hidden />
            {CELL_STATE_LABEL[state]}
          </span>
          {overdue ? (
            <span className="inline-flex items-center gap-1 rounded-md bg-destructive px-2 py-0.5 text-xs font-medium text-destructive-foreground">
              <TriangleAlert className="size-3" aria-hidden />
              Overdue
            </span>
          ) : null}
        </span>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {read.availableAt !== null ? <Detail term="Opens">{when(read.availableAt)}</Detail> : null}
        <Detail term="Due">{due === null ? 'No due date' : isoDate(due)}</Detail>
        <Detail term="Started">{when(read.startedAt)}</Detail>
        <Detail term="Submitted">{when(read.submittedAt)}</Detail>
        {read.status !== 'not_started' ? <Detail term="Last saved">{when(read.updatedAt)}</Detail> : null}
        <Detail term="Reading time">{read.activeMs ? formatDuration(read.activeMs) : '—'}</Detail>
        <Detail term="Read">#{read.readId}</Detail>
      </dl>
      {read.status === 'submitted' || (read.status === 'not_started' && read.session === 1) ? (
        <div className="mt-3 border-t pt-3">
          {action === 'reopen' ? (
            <ReopenForm ix={ix} read={read} onCancel={() => setAction(null)} onDone={onDone} />
          ) : action === 'reassign' ? (
            <ReassignForm ix={ix} read={read} onCancel={() => setAction(null)} onDone={onDone} />
          ) : read.status === 'submitted' ? (
            <Button type="button" size="sm" variant="outline" onClick={() => setAction('reopen')}>
              Reopen…
            </Button>
          ) : (
            <Button type="button" size="sm" variant="outline" onClick={() => setAction('reassign')}>
              Reassign…
            </Button>
          )}
        </div>
      ) : null}
    </section>
  );
}

async function post(url: string, body: unknown): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.ok) return null;
    const data = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
    return data?.error?.message ?? `The request failed (${res.status})`;
  } catch {
    return 'Could not reach the server; try again';
  }
}

/** Reopen with a reason: the reason is required and goes to the audit. */
function ReopenForm({
  ix,
  read,
  onCancel,
  onDone,
}: {
  ix: ProgressIndex;
  read: ProgressRead;
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const c = ix.data.cases[read.caseIdx]!;
  const reader = ix.data.readers[read.readerIdx]!;
  return (
    <form
      className="grid gap-2"
      aria-label={`Reopen ${c.label} session ${read.session} for ${reader.name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const failed = await post(`/api/v1/reads/${read.readId}/reopen`, { reason });
        setBusy(false);
        if (failed) return setError(failed);
        router.refresh();
        onDone(`${c.label} reopened for ${reader.name}`);
      }}
    >
      <Label htmlFor={id}>Reason for reopening</Label>
      <Input
        id={id}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Required; recorded in the audit log"
        required
        minLength={3}
        maxLength={1000}
        autoFocus
        aria-invalid={error ? true : undefined}
      />
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy || reason.trim().length < 3}>
          Reopen
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Gives a not-started first read to another reader of the study who does not have the case yet. */
function ReassignForm({
  ix,
  read,
  onCancel,
  onDone,
}: {
  ix: ProgressIndex;
  read: ProgressRead;
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const candidates = ix.data.readers
    .map((r, i) => ({ ...r, i }))
    .filter((r) => r.member && !r.disabled && r.i !== read.readerIdx && !cellRead(ix, read.caseIdx, r.i, 1));
  const [target, setTarget] = useState(candidates[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const c = ix.data.cases[read.caseIdx]!;
  const reader = ix.data.readers[read.readerIdx]!;
  if (!candidates.length)
    return (
      <div className="grid gap-2 text-sm">
        <p className="text-muted-foreground">Every other reader of the study already has this case.</p>
        <Button type="button" size="sm" variant="ghost" className="justify-self-start" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    );
  return (
    <form
      className="grid gap-2"
      aria-label={`Reassign ${c.label} from ${reader.name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const failed = await post(`/api/v1/reads/${read.readId}/reassign`, { readerId: target });
        setBusy(false);
        if (failed) return setError(failed);
        router.refresh();
        const to = candidates.find((r) => r.id === target)?.name ?? 'the new reader';
        onDone(`${c.label} reassigned from ${reader.name} to ${to}`);
      }}
    >
      <Label htmlFor={id}>Give this read to</Label>
      <NativeSelect id={id} value={target} onChange={(e) => setTarget(e.target.value)} autoFocus>
        {candidates.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} ({r.email})
          </option>
        ))}
      </NativeSelect>
      <p className="text-xs text-muted-foreground">It goes to the end of their reading order.</p>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy || !target}>
          Reassign
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
