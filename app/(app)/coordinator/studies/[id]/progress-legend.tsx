import { Minus, TriangleAlert, type LucideIcon } from 'lucide-react';
import { CELL_STATES, type CellState } from '@/lib/study/progress';
import { cn } from '@/lib/ui/cn';
import { STATE_STYLE } from './progress-cell';

const LEGEND_TEXT: Record<CellState, string> = {
  submitted: 'Done: submitted',
  draft: 'Draft: started, not submitted',
  not_started: 'To do: not started',
  waiting: '“opens …”: waiting for wash-out',
};

/** What the cell colours and icons mean. */
export function Legend({ sessions }: { sessions: number }) {
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
