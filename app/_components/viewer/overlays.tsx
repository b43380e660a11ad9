import { Loader2, TriangleAlert } from 'lucide-react';
import type { Pane } from './use-stacks';

const corner =
  'pointer-events-none absolute px-2 py-1 text-xs leading-tight text-white [text-shadow:0_0_3px_black]';

/**
 * Text over a viewport: its label, the series description, the slice and the window. Nothing that
 * identifies the patient is ever read, so nothing can be shown.
 */
export function ViewportOverlay({
  label,
  description,
  pane,
}: {
  label: string;
  description: string | null;
  pane: Pane;
}) {
  return (
    <>
      <div className={`${corner} top-0 left-0 max-w-[55%]`}>
        <div className="font-semibold">{label}</div>
        {description && <div className="truncate opacity-90">{description}</div>}
      </div>
      {pane.total > 0 && (
        <div className={`${corner} bottom-0 left-0 tabular-nums`}>
          {pane.index + 1} / {pane.total}
        </div>
      )}
      {pane.ww !== null && pane.wc !== null && (
        <div className={`${corner} right-0 bottom-0 tabular-nums`}>
          W {Math.round(pane.ww)} L {Math.round(pane.wc)}
        </div>
      )}
      {pane.status === 'loading' && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-white/80">
          <Loader2 className="size-6 animate-spin" aria-hidden />
          <span className="sr-only">Loading {label}</span>
        </div>
      )}
      {pane.status === 'empty' && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-xs text-white/60">
          No series for {label}
        </div>
      )}
      {pane.error && (
        <div
          role="alert"
          className="absolute inset-x-4 top-1/2 flex -translate-y-1/2 items-start gap-2 rounded-md bg-black/80 p-3 text-sm text-white"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-400" aria-hidden />
          <span>{pane.error}</span>
        </div>
      )}
    </>
  );
}
