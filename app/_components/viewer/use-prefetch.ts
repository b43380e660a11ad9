import { useEffect } from 'react';
import type { ViewerSession } from './session';
import type { ViewerSeries } from './types';

/**
 * Once the hung viewports rendered, loads the rest of their stacks in the background (smooth
 * scrolling, and the plane metadata slice sync needs), then the next read's series at a lower
 * priority. Both use cornerstone's prefetch queue, which yields to interaction requests; the
 * cache cap keeps the total bounded.
 */
export function usePrefetch(
  session: ViewerSession | null,
  ready: boolean,
  shown: ViewerSeries[],
  next: ViewerSeries | null | undefined,
) {
  useEffect(() => {
    if (!session || !ready) return;
    let stopped = false;
    const queue = async (series: ViewerSeries, priority: number) => {
      const refs = await session.catalog.stack(series).catch(() => []);
      if (stopped || session.disposed) return;
      for (const { imageId } of refs) {
        if (!session.cs.core.cache.isLoaded(imageId)) {
          session.catalog.load(imageId, 'prefetch', priority).catch(() => undefined);
        }
      }
    };
    void (async () => {
      for (const s of shown) await queue(s, 0);
      if (next) await queue(next, 10);
    })();
    return () => {
      stopped = true;
    };
  }, [session, ready, shown, next]);
}
