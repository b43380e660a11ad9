import { Check, Circle, Hourglass, PencilLine, type LucideIcon } from 'lucide-react';
import type { CellState } from '@/lib/study/progress';

/** One cell of the progress matrix: a case (row) and a reader (column), by index. */
export type Cell = { caseIdx: number; readerIdx: number };

/** How each cell state looks wherever the progress page shows it: icon, short text and colours. */
export const STATE_STYLE: Record<CellState, { icon: LucideIcon; short: string; className: string }> = {
  submitted: { icon: Check, short: 'Done', className: 'border-emerald-300 bg-emerald-50 text-emerald-900' },
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
