import type { Types } from '@cornerstonejs/core';
import { releaseImages } from './cache-release';
import type { Cornerstone } from './cornerstone.client';
import {
  type DicomJsonInstance,
  dicomwebImageRefs,
  dicomwebMetadataUrl,
  type ImageRef,
  localImageRefs,
} from './image-ids';
import type { ViewerSeries } from './types';

export type RequestKind = 'interaction' | 'thumbnail' | 'prefetch' | 'compute';

/**
 * The image ids of each series for one viewer mount, built on first use: local series from their
 * instance list, DICOMweb series from the proxy's metadata (registered with the wadors loader).
 * Knows which series, instance and frame every image id stands for.
 *
 * It also owns those images in cornerstone's caches: when the mount ends, every image it knows
 * leaves them (the decoded pixels, and the file the loader keeps as metadata), except those
 * retained for the next read, so once a case closes the cache holds the next read's series only.
 */
export class ImageCatalog {
  private readonly stacks = new Map<number, Promise<ImageRef[]>>();
  private readonly refs = new Map<string, ImageRef>();
  private readonly wadors: string[] = [];
  private readonly abort = new AbortController();
  private retained = new Set<string>();
  private disposed = false;

  constructor(
    private readonly cs: Cornerstone,
    private readonly origin: string,
  ) {}

  stack(series: ViewerSeries): Promise<ImageRef[]> {
    let found = this.stacks.get(series.id);
    if (!found) {
      found = this.build(series);
      // A failed fetch is not remembered, so choosing the series again retries it.
      found.catch(() => this.stacks.delete(series.id));
      this.stacks.set(series.id, found);
    }
    return found;
  }

  ref(imageId: string | undefined): ImageRef | undefined {
    return imageId ? this.refs.get(imageId) : undefined;
  }

  imageIdFor(seriesInstanceUid: string, sopInstanceUid: string, frame: number): string | undefined {
    for (const ref of this.refs.values()) {
      if (
        ref.seriesInstanceUid === seriesInstanceUid &&
        ref.sopInstanceUid === sopInstanceUid &&
        ref.frame === frame
      ) {
        return ref.imageId;
      }
    }
    return undefined;
  }

  /**
   * Loads (and caches) one image through cornerstone's request pool, at the given priority. A
   * request still queued when the mount ends is dropped (rejected) instead of filling the cache.
   */
  load(imageId: string, kind: RequestKind, priority = 0): Promise<Types.IImage> {
    const { imageLoadPoolManager, imageLoader } = this.cs.core;
    return new Promise((resolve, reject) => {
      imageLoadPoolManager.addRequest(
        () => {
          if (this.disposed) {
            reject(new Error('the viewer closed before the image was requested'));
            return Promise.resolve();
          }
          return imageLoader
            .loadAndCacheImage(imageId, { priority, requestType: kind })
            .then(resolve, reject);
        },
        kind as Parameters<typeof imageLoadPoolManager.addRequest>[1],
        { imageId },
        priority,
      );
    });
  }

  /** Images to leave in the cache when this mount ends (the next read's prefetched series). */
  retain(imageIds: Iterable<string>) {
    this.retained = new Set(imageIds);
  }

  dispose() {
    this.disposed = true;
    this.abort.abort();
    const { imageLoadPoolManager } = this.cs.core;
    // Thumbnails and computations are for this mount only.
    imageLoadPoolManager.clearRequestStack('thumbnail');
    imageLoadPoolManager.clearRequestStack('compute');
    releaseImages(this.cs, this.refs.keys(), this.retained);
    for (const imageId of this.wadors) this.cs.loader.wadors.metaDataManager.remove(imageId);
    this.wadors.length = 0;
    this.refs.clear();
    this.stacks.clear();
  }

  private async build(series: ViewerSeries): Promise<ImageRef[]> {
    let refs: ImageRef[];
    if (series.source === 'local') {
      refs = localImageRefs(this.origin, series);
    } else {
      const res = await fetch(dicomwebMetadataUrl(series), {
        headers: { Accept: 'application/dicom+json' },
        signal: this.abort.signal,
      });
      if (!res.ok) throw new Error(`the series metadata answered HTTP ${res.status}`);
      const body: unknown = await res.json();
      if (!Array.isArray(body)) throw new Error('the series metadata is not a DICOM JSON array');
      const entries = dicomwebImageRefs(this.origin, series, body as DicomJsonInstance[]);
      for (const { ref, metadata } of entries) {
        this.cs.loader.wadors.metaDataManager.add(
          ref.imageId,
          metadata as Parameters<typeof this.cs.loader.wadors.metaDataManager.add>[1],
        );
        this.wadors.push(ref.imageId);
      }
      refs = entries.map((e) => e.ref);
    }
    if (refs.length === 0) throw new Error('the series has no images');
    for (const ref of refs) this.refs.set(ref.imageId, ref);
    return refs;
  }
}
