import { useEffect } from 'react';
import {
  countNextImageCached,
  countShownImageCached,
  resetNextImages,
  resetShownImages,
  setCacheProbe,
} from './debug';
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
    const stackOf = (series: ViewerSeries) => session.catalog.stack(series).catch(() => []);
    const load = (imageId: string, priority: number) => {
      const loading = session.catalog.load(imageId, 'prefetch', priority);
      loading.catch(() => undefined);
      return loading;
    };
    void (async () => {
      const shownIds: string[] = [];
      for (const s of shown) shownIds.push(...(await stackOf(s)).map((r) => r.imageId));
      if (stopped || session.disposed) return;
      const missing = shownIds.filter((id) => !session.cs.core.cache.isLoaded(id));
      resetShownImages(shownIds.length, shownIds.length - missing.length);
      setCacheProbe(() => session.cs.core.cache.getCacheSize());
      for (const id of missing)
        load(id, 0).then(
          () => !stopped && countShownImageCached(),
          () => undefined,
        );
      if (!next) return;
      const nextIds = (await stackOf(next)).map((r) => r.imageId);
      if (stopped || session.disposed) return;
      session.catalog.retain(nextIds);
      const nextMissing = nextIds.filter((id) => !session.cs.core.cache.isLoaded(id));
      resetNextImages(nextIds.length, nextIds.length - nextMissing.length);
      for (const id of nextMissing)
        load(id, 10).then(
          () => !stopped && countNextImageCached(),
          () => undefined,
        );
    })();
    return () => {
      stopped = true;
    };
  }, [session, ready, shown, next]);
}
