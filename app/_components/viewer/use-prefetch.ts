import { useEffect } from 'react';
import { countImageCached, resetImages } from './debug';
import type { ViewerSession } from './session';
import type { ViewerSeries } from './types';

/**
 * Once the hung viewports rendered, loads the rest of their stacks in the background (smooth
 * scrolling, and the plane metadata slice sync needs), then the next read's series at a lower
 * priority. Both use cornerstone's prefetch queue, which yields to interaction requests. The next
 * read's series is retained when the viewer closes; the rest of this case leaves the cache.
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
    const stackOf = async (series: ViewerSeries) =>
      (await session.catalog.stack(series).catch(() => [])).map((r) => r.imageId);
    /** Queues the images not cached yet, counting them for the benchmarks as they arrive. */
    const prefetch = (ids: string[], priority: number, which: 'shownImages' | 'nextImages') => {
      const missing = ids.filter((id) => !session.cs.core.cache.isLoaded(id));
      resetImages(which, ids.length, ids.length - missing.length);
      for (const id of missing)
        session.catalog.load(id, 'prefetch', priority).then(
          () => !stopped && countImageCached(which),
          () => undefined,
        );
    };
    void (async () => {
      const shownIds: string[] = [];
      for (const s of shown) shownIds.push(...(await stackOf(s)));
      if (stopped || session.disposed) return;
      prefetch(shownIds, 0, 'shownImages');
      if (!next) return;
      const nextIds = await stackOf(next);
      if (stopped || session.disposed) return;
      session.catalog.retain(nextIds);
      prefetch(nextIds, 10, 'nextImages');
    })();
    return () => {
      stopped = true;
    };
  }, [session, ready, shown, next]);
}
