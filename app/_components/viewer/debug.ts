/**
 * Lifecycle counters for tests and bug reports: every viewer mount must be matched by an
 * unmount, and every listener the viewer adds by a removal. Exposed as window.__annolexViewer.
 */
export type ViewerDebug = {
  mounts: number;
  unmounts: number;
  listeners: { added: number; removed: number };
  /**
   * Images of the shown series in the cache: what the benchmarks wait for (B2). `atStart` is how
   * many were cached already when the viewer first showed the case (prefetched before).
   */
  shownImages: { total: number; cached: number; atStart: number };
  /** Images of the next read's prefetched series in the cache (B9 submits once they all are). */
  nextImages: { total: number; cached: number };
  /** Bytes in cornerstone's image cache (decoded pixels), read when asked (B5). */
  cacheBytes: () => number;
};

declare global {
  interface Window {
    __annolexViewer?: ViewerDebug;
  }
}

const counters: ViewerDebug = {
  mounts: 0,
  unmounts: 0,
  listeners: { added: 0, removed: 0 },
  shownImages: { total: 0, cached: 0, atStart: 0 },
  nextImages: { total: 0, cached: 0 },
  cacheBytes: () => 0,
};

/** Starts counting the shown series' images anew (a new case, or other series shown). */
export function resetShownImages(total: number, cached: number) {
  counters.shownImages = { total, cached, atStart: cached };
  expose();
}

/** Where the cache size comes from (the viewer's cornerstone cache). */
export function setCacheProbe(probe: () => number) {
  counters.cacheBytes = probe;
  expose();
}

/** One more image of the shown series is in the cache. */
export function countShownImageCached() {
  counters.shownImages.cached++;
}

/** Starts counting the next read's prefetched images anew. */
export function resetNextImages(total: number, cached: number) {
  counters.nextImages = { total, cached };
  expose();
}

/** One more image of the next read's series is in the cache. */
export function countNextImageCached() {
  counters.nextImages.cached++;
}

function expose() {
  if (typeof window !== 'undefined') window.__annolexViewer = counters;
}

/**
 * A User Timing mark (`annolex:viewer-…`), so a trace or the benchmarks can split the time to
 * first image into the page, cornerstone's session and the first render.
 */
export function markViewer(step: 'mount' | 'session' | 'ready') {
  if (typeof performance !== 'undefined') performance.mark(`annolex:viewer-${step}`);
}

export function countMount() {
  markViewer('mount');
  counters.mounts++;
  // A new viewer: the previous case's images no longer count as shown.
  counters.shownImages = { total: 0, cached: 0, atStart: 0 };
  counters.nextImages = { total: 0, cached: 0 };
  expose();
}

export function countUnmount() {
  counters.unmounts++;
  expose();
}

/** Whether a viewer is still mounted (StrictMode mounts twice before the first unmount lands). */
export function viewersMounted(): number {
  return counters.mounts - counters.unmounts;
}

type Listenable = {
  addEventListener(type: string, handler: (evt: Event) => void): void;
  removeEventListener(type: string, handler: (evt: Event) => void): void;
};

/** Adds a counted listener; the returned function removes it once, however often it is called. */
export function listen<E extends Event = CustomEvent>(
  target: Listenable,
  type: string,
  handler: (evt: E) => void,
): () => void {
  const fn = handler as (evt: Event) => void;
  target.addEventListener(type, fn);
  counters.listeners.added++;
  expose();
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    target.removeEventListener(type, fn);
    counters.listeners.removed++;
  };
}
