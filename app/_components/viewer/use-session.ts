import { type RefObject, useEffect, useState } from 'react';
import { applyRenderer, loadCornerstone } from './cornerstone.client';
import { countMount, countUnmount, markViewer, viewersMounted } from './debug';
import { describeLoadError } from './load-error';
import { ViewerSession } from './session';

let sequence = 0;

/**
 * Initialises cornerstone (once per page), then creates this mount's session over the viewport
 * elements and keeps the engine sized to the grid. Unmount disposes the session; a mount that
 * ends before cornerstone finished loading never creates one.
 */
export function useSession(
  renderer: 'auto' | 'cpu',
  gridRef: RefObject<HTMLDivElement | null>,
  elementsRef: RefObject<(HTMLDivElement | null)[]>,
  viewportCount: number,
) {
  const [session, setSession] = useState<ViewerSession | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    countMount();
    let cancelled = false;
    let created: ViewerSession | null = null;
    loadCornerstone()
      .then((cs) => {
        if (cancelled) return;
        const grid = gridRef.current;
        const elements = elementsRef.current.slice(0, viewportCount);
        if (!grid || elements.length !== viewportCount || elements.some((e) => !e)) {
          throw new Error('the viewport elements are not mounted');
        }
        const backend = applyRenderer(cs, renderer);
        const s = new ViewerSession(
          cs,
          `annolex-viewer-${++sequence}`,
          elements as HTMLDivElement[],
          backend,
        );
        created = s;
        markViewer('session');
        const observer = new ResizeObserver(() => {
          if (!s.disposed) s.engine.resize(true, true);
        });
        observer.observe(grid);
        s.own(() => observer.disconnect());
        setSession(s);
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(`The viewer could not start: ${describeLoadError(err)}`);
      });
    return () => {
      cancelled = true;
      created?.dispose();
      countUnmount();
      if (viewersMounted() === 0) delete document.documentElement.dataset.viewerBackend;
    };
  }, [renderer, gridRef, elementsRef, viewportCount]);

  return { session, error };
}
