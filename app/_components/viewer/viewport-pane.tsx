import type { KeyboardEvent, MouseEvent, Ref } from 'react';
import { cn } from '@/lib/ui/cn';
import { ViewportOverlay } from './overlays';
import type { ViewerSeries } from './types';
import type { Pane } from './use-stacks';

/**
 * One viewport: the element cornerstone renders into (a leaf React never fills), the overlay,
 * and a select to change its series. Focusable, so the arrow and Page keys scroll it.
 */
export function ViewportPane(props: {
  index: number;
  label: string;
  series: ViewerSeries[];
  shown: ViewerSeries | undefined;
  pane: Pane;
  active: boolean;
  /** A series is waiting to be placed: the next click on a viewport places it. */
  placing: boolean;
  elementRef: Ref<HTMLDivElement>;
  onActivate: (index: number) => void;
  onPlace: (index: number) => void;
  onChooseSeries: (index: number, seriesId: number) => void;
  onScrollKey: (index: number, key: string) => boolean;
}) {
  const { index, label, series, shown, pane, active, placing, elementRef } = props;
  const { onActivate, onPlace, onChooseSeries, onScrollKey } = props;
  const onMouseDownCapture = (e: MouseEvent<HTMLDivElement>) => {
    onActivate(index);
    const element = e.currentTarget.querySelector<HTMLElement>('[data-viewport-index]');
    // Cornerstone may prevent the default, which would also stop the focus moving here.
    if (e.target instanceof Node && element?.contains(e.target)) element.focus({ preventScroll: true });
    if (placing) {
      // Placing a series is the whole click: the active tool must not see it.
      e.stopPropagation();
      e.preventDefault();
      onPlace(index);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (onScrollKey(index, e.key)) e.preventDefault();
  };
  return (
    <div
      className={cn(
        'relative min-h-0 min-w-0 overflow-hidden rounded-sm bg-black',
        active ? 'ring-2 ring-primary ring-inset' : 'ring-1 ring-border ring-inset',
        placing && 'cursor-copy',
      )}
      onMouseDownCapture={onMouseDownCapture}
      onKeyDownCapture={(e) => {
        // Cornerstone's key listener prevents every default, Tab included, which would trap focus.
        if (e.key === 'Tab') e.stopPropagation();
      }}
    >
      <div
        ref={elementRef}
        role="group"
        aria-roledescription="image viewport"
        aria-label={`${label}: ${shown?.description ?? 'no series'}. Arrow and Page keys scroll the images.`}
        tabIndex={0}
        className="absolute inset-0 outline-none focus-visible:ring-2 focus-visible:ring-ring"
        data-viewport-index={index}
        data-viewport-label={label}
        data-series-uid={shown?.seriesInstanceUid}
        data-rendered={pane.rendered ? 'true' : 'false'}
        data-slice={pane.total > 0 ? pane.index : undefined}
        data-error={pane.error ? 'true' : undefined}
        onFocus={() => onActivate(index)}
        onKeyDown={onKeyDown}
      />
      <ViewportOverlay label={label} description={shown?.description ?? null} pane={pane} />
      {series.length > 1 && (
        <select
          aria-label={`Series shown in ${label}`}
          className="absolute top-1 right-1 max-w-[40%] rounded-sm border border-white/20 bg-black/60 px-1 py-0.5 text-xs text-white"
          value={shown?.id ?? ''}
          onChange={(e) => onChooseSeries(index, Number(e.target.value))}
        >
          {!shown && <option value="">—</option>}
          {series.map((s) => (
            <option key={s.id} value={s.id}>
              {s.description || `Series ${s.seriesNumber ?? s.id}`}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
