import { useEffect, useRef, useState } from 'react';
import { cn } from '@/lib/ui/cn';
import type { ViewerSession } from './session';
import type { ViewerSeries } from './types';

const THUMB_PX = 72;

/**
 * The series' middle image drawn into a small canvas by cornerstone's CPU renderer (no extra
 * WebGL context), loaded at thumbnail priority; a text tile stands in until then or on failure.
 */
function Thumbnail({ session, series }: { session: ViewerSession | null; series: ViewerSeries }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    if (!session) return;
    let live = true;
    void (async () => {
      try {
        const refs = await session.catalog.stack(series);
        const middle = refs[Math.floor((refs.length - 1) / 2)];
        if (!middle) return;
        const image = await session.catalog.load(middle.imageId, 'thumbnail', -5);
        const canvas = canvasRef.current;
        if (!live || !canvas || session.disposed) return;
        const px = Math.round(THUMB_PX * (window.devicePixelRatio || 1));
        canvas.width = px;
        canvas.height = px;
        await session.cs.core.utilities.renderToCanvasCPU(canvas, image, series.modality ?? undefined);
        if (live) setDrawn(true);
      } catch {
        // The text tile stays; the viewport showing this series reports the failure itself.
      }
    })();
    return () => {
      live = false;
    };
  }, [session, series]);

  return (
    <div className="relative size-[72px] shrink-0 overflow-hidden rounded-sm bg-black text-white">
      <canvas ref={canvasRef} className={cn('size-full', !drawn && 'invisible')} aria-hidden />
      {!drawn && (
        <span className="absolute inset-0 flex items-center justify-center text-xs font-medium opacity-80">
          {series.modality ?? '—'}
        </span>
      )}
    </div>
  );
}

/**
 * The case's series. Choosing one arms it; the next click on a viewport shows it there (each
 * viewport's own select does the same from the keyboard).
 */
export function SeriesList(props: {
  session: ViewerSession | null;
  series: ViewerSeries[];
  /** Viewport labels showing each series id. */
  shownIn: Map<number, string[]>;
  placing: number | null;
  onPlace: (seriesId: number | null) => void;
}) {
  return (
    <nav aria-label="Series" className="flex min-h-0 flex-col gap-1 overflow-y-auto p-1">
      {props.series.map((s) => {
        const armed = props.placing === s.id;
        const where = props.shownIn.get(s.id) ?? [];
        const images = s.instances.reduce((n, i) => n + Math.max(1, i.frames || 1), 0);
        return (
          <button
            key={s.id}
            type="button"
            aria-pressed={armed}
            title={
              armed
                ? 'Now click a viewport to show this series'
                : 'Click, then click a viewport to show it there'
            }
            onClick={() => props.onPlace(armed ? null : s.id)}
            className={cn(
              'flex w-full items-center gap-2 rounded-md border p-1 text-left text-xs transition-colors hover:bg-accent',
              armed ? 'border-primary bg-accent ring-1 ring-primary' : 'border-transparent',
            )}
          >
            <Thumbnail session={props.session} series={s} />
            <span className="min-w-0">
              <span className="block truncate font-medium">
                {s.description || `Series ${s.seriesNumber ?? s.id}`}
              </span>
              <span className="block text-muted-foreground">
                {[
                  s.modality,
                  s.seriesNumber !== null ? `#${s.seriesNumber}` : null,
                  images ? `${images} img` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              {where.length > 0 && <span className="block text-muted-foreground">In {where.join(', ')}</span>}
            </span>
          </button>
        );
      })}
    </nav>
  );
}
