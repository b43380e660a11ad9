import type { Cornerstone } from './cornerstone.client';

/**
 * Images an ended mount retained for the next read. The next mount to end releases those it did
 * not take over, so a next read that was never opened does not stay cached for the whole session.
 */
const leftover = new Set<string>();

/**
 * When a viewer mount ends: every image it owned (and any left over from an earlier mount) leaves
 * cornerstone's caches, the decoded pixels and the file the wadouri loader keeps as metadata,
 * except `retained`, which stays for the next mount.
 */
export function releaseImages(cs: Cornerstone, owned: Iterable<string>, retained: Set<string>) {
  const { cache } = cs.core;
  const { utilities, Enums } = cs.metadata;
  const evict = (imageId: string) => {
    if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
    // The loader keeps each file, pixel data included, as the instance's naturalized metadata
    // (under the id without its frame); it would outlive the decoded image.
    for (const query of new Set([imageId, imageId.replace(/[?&]frame=\d+$/, '')]))
      utilities.clearTypedCacheData(Enums.MetadataModules.NATURALIZED, query);
  };
  const released = new Set([...owned, ...leftover]);
  leftover.clear();
  for (const imageId of retained) leftover.add(imageId);
  for (const imageId of released) {
    if (retained.has(imageId)) continue;
    const loading = cache.getImageLoadObject(imageId);
    // An image still in flight leaves once it arrives: removed earlier, the loader's copy of its
    // file would stay behind (its release is attached only when the file has been parsed).
    if (loading && !cache.isLoaded(imageId))
      loading.promise.then(
        () => evict(imageId),
        () => undefined,
      );
    else evict(imageId);
  }
}
