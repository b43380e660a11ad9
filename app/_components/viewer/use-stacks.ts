import { useEffect, useRef, useState } from 'react';
import { loadErrorMessage } from './load-error';
import type { ViewerSession } from './session';
import type { ViewerSeries } from './types';

/** What one viewport shows, as far as React needs to know (overlay text and test attributes). */
export type Pane = {
  seriesId: number | null;
  status: 'empty' | 'loading' | 'ready' | 'error';
  /** True after the first IMAGE_RENDERED of this series. */
  rendered: boolean;
  /** 0-based index of the current image, and the number of images. */
  index: number;
  total: number;
  ww: number | null;
  wc: number | null;
  frameOfReferenceUid: string | null;
  error: string | null;
};

const EMPTY: Pane = {
  seriesId: null,
  status: 'empty',
  rendered: false,
  index: 0,
  total: 0,
  ww: null,
  wc: null,
  frameOfReferenceUid: null,
  error: null,
};

function samePane(a: Pane | undefined, b: Pane): boolean {
  return !!a && (Object.keys(b) as (keyof Pane)[]).every((k) => a[k] === b[k]);
}

/**
 * Puts each viewport's assigned series on screen and mirrors the viewport's state (slice, window,
 * errors) into React from cornerstone's events. A pane whose series is still loading is derived,
 * not stored, so changing a series needs no state update inside an effect.
 */
export function useStacks(
  session: ViewerSession | null,
  seriesById: Map<number, ViewerSeries>,
  assignments: (number | null)[],
): Pane[] {
  const [panes, setPanes] = useState<Pane[]>([]);
  /** The series whose stack each viewport was last given (set just before setStack). */
  const stackSeries = useRef<(number | null)[]>([]);
  const requested = useRef<(number | null)[]>([]);

  useEffect(() => {
    if (!session) return;
    const { Events } = session.cs.core.Enums;
    const update = (i: number, patch: (prev: Pane) => Pane) => {
      const seriesId = stackSeries.current[i] ?? null;
      setPanes((all) => {
        const prev =
          all[i]?.seriesId === seriesId ? all[i]! : { ...EMPTY, seriesId, status: 'loading' as const };
        const next = patch(prev);
        if (samePane(all[i], next)) return all;
        const copy = [...all];
        copy[i] = next;
        return copy;
      });
    };
    const refresh = (i: number, type: string, index?: number) => {
      const vp = session.viewport(i);
      if (!vp) return;
      const voi = vp.getProperties().voiRange;
      update(i, (p) => ({
        ...p,
        status: p.status === 'loading' ? 'ready' : p.status,
        rendered: p.rendered || type === Events.IMAGE_RENDERED,
        index: index ?? vp.getCurrentImageIdIndex(),
        total: vp.getImageIds().length,
        ww: voi ? voi.upper - voi.lower : null,
        wc: voi ? (voi.upper + voi.lower) / 2 : null,
        frameOfReferenceUid: vp.getFrameOfReferenceUID() ?? p.frameOfReferenceUid,
        // A new image on screen replaces the failure of an earlier one.
        error: type === Events.STACK_NEW_IMAGE ? null : p.error,
      }));
    };
    const offs = session.viewportIds.flatMap((_, i) => {
      const element = session.viewport(i)?.element;
      if (!element) return [];
      return [Events.IMAGE_RENDERED, Events.VOI_MODIFIED, Events.STACK_NEW_IMAGE].map((type) =>
        session.listen<CustomEvent<{ imageIdIndex?: number }>>(element, type, (evt) =>
          refresh(i, type, type === Events.STACK_NEW_IMAGE ? evt.detail?.imageIdIndex : undefined),
        ),
      );
    });
    offs.push(
      session.listen<CustomEvent<{ imageId?: string; error?: unknown }>>(
        session.cs.core.eventTarget,
        Events.IMAGE_LOAD_ERROR,
        (evt) => {
          const { imageId, error } = evt.detail ?? {};
          if (!imageId) return;
          session.viewportIds.forEach((_, i) => {
            if (session.viewport(i)?.getImageIds().includes(imageId)) {
              update(i, (p) => ({ ...p, error: loadErrorMessage(error) }));
            }
          });
        },
      ),
    );
    return () => offs.forEach((off) => off());
  }, [session]);

  useEffect(() => {
    if (!session) return;
    assignments.forEach((seriesId, i) => {
      if (requested.current[i] === seriesId) return;
      requested.current[i] = seriesId;
      const series = seriesId === null ? undefined : seriesById.get(seriesId);
      const vp = session.viewport(i);
      if (!series || !vp) return;
      const stale = () => session.disposed || requested.current[i] !== seriesId;
      const fail = (err: unknown) => {
        if (stale()) return;
        stackSeries.current[i] = seriesId;
        setPanes((all) => {
          const copy = [...all];
          copy[i] = { ...EMPTY, seriesId, status: 'error', error: loadErrorMessage(err) };
          return copy;
        });
      };
      session.catalog
        .stack(series)
        .then((refs) => {
          if (stale()) return;
          stackSeries.current[i] = seriesId;
          // The middle slice: for cross-sectional series that is where the anatomy is.
          return vp.setStack(
            refs.map((r) => r.imageId),
            Math.floor((refs.length - 1) / 2),
          );
        })
        .catch(fail);
    });
  }, [session, seriesById, assignments]);

  return assignments.map((seriesId, i) => {
    if (seriesId === null) return EMPTY;
    const pane = panes[i];
    return pane?.seriesId === seriesId ? pane : { ...EMPTY, seriesId, status: 'loading' };
  });
}
