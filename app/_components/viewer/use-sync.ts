import { useEffect } from 'react';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { Pane } from './use-stacks';
import type { ViewerSession } from './session';

/**
 * Viewports to scroll together: ready ones grouped by frame of reference, as a stable string key
 * ("FOR|0,2;FOR2|1,3") so the synchronizers are rebuilt only when the grouping changes.
 */
export function syncGroupsKey(panes: Pane[], seriesFor: (seriesId: number) => string | null): string {
  const groups = new Map<string, number[]>();
  panes.forEach((p, i) => {
    if (p.status !== 'ready' || p.seriesId === null) return;
    const frame = p.frameOfReferenceUid ?? seriesFor(p.seriesId);
    if (!frame) return;
    groups.set(frame, [...(groups.get(frame) ?? []), i]);
  });
  return [...groups]
    .filter(([, members]) => members.length > 1)
    .map(([frame, members]) => `${frame}|${members.join(',')}`)
    .sort()
    .join(';');
}

/**
 * Image-slice synchronizers over viewports that share a frame of reference. Cornerstone's
 * callback reads the plane metadata of every image in the target stack; Part 10 images have it
 * only once loaded, so the callback is skipped until the target's images are in (the viewer
 * loads the hung series in the background).
 */
export function useSync(session: ViewerSession | null, enabled: boolean, groupsKey: string) {
  useEffect(() => {
    if (!session || !enabled || !groupsKey) return;
    const { core, tools } = session.cs;
    const hasPlanes = (imageIds: string[]) =>
      imageIds.every((id) => !!core.metaData.get('imagePlaneModule', id)?.imagePositionPatient);
    const callback: ToolTypes.ISynchronizerEventHandler = (sync, source, target) => {
      const src = session.viewport(session.indexOf(source.viewportId));
      const tgt = session.viewport(session.indexOf(target.viewportId));
      if (!src || !tgt || !hasPlanes([src.getCurrentImageId()]) || !hasPlanes(tgt.getImageIds())) return;
      return tools.synchronizers.imageSliceSyncCallback(sync, source, target);
    };
    const ids = groupsKey.split(';').map((group, n) => {
      const id = `${session.id}-slice-sync-${n}`;
      const sync = tools.SynchronizerManager.createSynchronizer(
        id,
        core.Enums.Events.STACK_NEW_IMAGE,
        callback,
      );
      for (const i of group
        .slice(group.lastIndexOf('|') + 1)
        .split(',')
        .map(Number)) {
        const viewportId = session.viewportIds[i];
        if (viewportId) sync.add({ renderingEngineId: session.id, viewportId });
      }
      return id;
    });
    return session.own(() => ids.forEach((id) => tools.SynchronizerManager.destroySynchronizer(id)));
  }, [session, enabled, groupsKey]);
}
