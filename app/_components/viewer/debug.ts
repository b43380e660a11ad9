/**
 * Lifecycle counters for tests and bug reports: every viewer mount must be matched by an
 * unmount, and every listener the viewer adds by a removal. Exposed as window.__annolexViewer.
 */
/** Images of some series in the cache; `atStart`: cached already when counting began (prefetched). */
export type ImageCount = { total: number; cached: number; atStart: number };

export type ViewerDebug = {
  mounts: number;
  unmounts: number;
  listeners: { added: number; removed: number };
  /** Images of the shown series in the cache: what the benchmarks wait for (B2). */
  shownImages: ImageCount;
  /** Images of the next read's prefetched series in the cache (B9 submits once they all are). */
  nextImages: ImageCount;
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
  nextImages: { total: 0, cached: 0, atStart: 0 },
  cacheBytes: () => 0,
};

/** Starts counting the shown series' (a new case, or other series shown) or the next read's images anew. */
export function resetImages(which: 'shownImages' | 'nextImages', total: number, cached: number) {
  counters[which] = { total, cached, atStart: cached };
  expose();
}

/** One more of those images is in the cache. */
export function countImageCached(which: 'shownImages' | 'nextImages') {
  counters[which].cached++;
}

/** Where the cache size comes from (cornerstone's cache, once it is loaded). */
export function setCacheProbe(probe: () => number) {
  counters.cacheBytes = probe;
  expose();
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
  counters.nextImages = { total: 0, cached: 0, atStart: 0 };
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
