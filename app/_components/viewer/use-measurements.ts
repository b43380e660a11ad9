import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { type MeasurementTool, type SavedMeasurement, toMeasurement } from '@/lib/dicom/measurement';
import { hydrateAnnotation } from './hydrate';
import type { ViewerSession } from './session';
import type { MeasureRequest, ViewerProps, ViewerSeries } from './types';

type Annotation = ToolTypes.Annotation;
type Binding = { featurePath: string; unit: string };
type Callbacks = Pick<
  ViewerProps,
  'onMeasured' | 'onMeasurementRemoved' | 'onMeasureRefused' | 'onMeasureCancelled'
>;
type Pending = { request: MeasureRequest; uid: string | null; timer?: ReturnType<typeof setTimeout> };

/**
 * Length stats are recomputed through a 100 ms throttle and arrive in a StatsUpdated event after
 * ANNOTATION_COMPLETED. When the last recomputation ran before the mouse was released, no such
 * event follows; by this delay the cached stats are final, so they are read then.
 */
const STATS_FALLBACK_MS = 300;

const keyOf = (m: Pick<SavedMeasurement, 'value' | 'perpendicular' | 'points'>) =>
  JSON.stringify([m.value, m.perpendicular ?? null, m.points]);

/** Which annotation stands for which field, what was last reported, and removals to keep quiet. */
type Links = { bound: Map<string, Binding>; reported: Map<string, string>; quiet: Set<string> };

/** Removes an annotation without telling the form (it replaced or dropped the value itself). */
function removeQuietly(session: ViewerSession | null, links: Links, uid: string) {
  links.bound.delete(uid);
  links.reported.delete(uid);
  if (!session || session.disposed) return;
  const state = session.cs.tools.annotation.state;
  if (!state.getAnnotation(uid)) return;
  links.quiet.add(uid);
  state.removeAnnotation(uid);
}

/**
 * Connects annotations to the form. The next annotation of the requested tool becomes the
 * requested measurement once its stats are current; later edits report again and deleting it
 * clears the field. Saved measurements are drawn again (same annotation UIDs) when they appear in
 * `measurements`, and removed when the form drops them: the form is the source of truth.
 */
export function useMeasurements(opts: {
  session: ViewerSession | null;
  series: ViewerSeries[];
  measurements: SavedMeasurement[];
  /** The request still waiting for an annotation, or null. */
  request: MeasureRequest | null;
  /** The request was answered, refused or cancelled. */
  onRequestDone: (request: MeasureRequest) => void;
  callbacks: Callbacks;
}) {
  const { session, series, measurements, request, onRequestDone, callbacks } = opts;
  const [count, setCount] = useState(0);
  const links = useRef<Links>({ bound: new Map(), reported: new Map(), quiet: new Set() });
  const pending = useRef<Pending | null>(null);
  const previous = useRef<SavedMeasurement[]>([]);
  const latest = useRef(measurements);

  useEffect(() => {
    latest.current = measurements;
  }, [measurements]);

  useEffect(() => {
    const p = pending.current;
    // The same request re-rendered (e.g. rebuilt inline by the parent) keeps its drawn annotation.
    if (p && request && p.request.featurePath === request.featurePath && p.request.tool === request.tool) {
      p.request = request;
      return;
    }
    if (p?.timer) clearTimeout(p.timer);
    pending.current = request ? { request, uid: null } : null;
  }, [request]);

  const report = useEffectEvent((uid: string, fromRequest: boolean) => {
    if (!session || session.disposed) return;
    const annotation = session.cs.tools.annotation.state.getAnnotation(uid);
    const binding = links.current.bound.get(uid);
    const done = fromRequest ? pending.current : null;
    if (done) {
      if (done.timer) clearTimeout(done.timer);
      pending.current = null;
      onRequestDone(done.request);
    }
    if (!annotation || !binding) return;
    const ref = session.catalog.ref(annotation.metadata?.referencedImageId);
    if (!ref) return;
    const result = toMeasurement(annotation, {
      featurePath: binding.featurePath,
      tool: annotation.metadata?.toolName as MeasurementTool,
      expectedUnit: binding.unit,
      sopInstanceUid: ref.sopInstanceUid,
      seriesInstanceUid: ref.seriesInstanceUid,
      frame: ref.frame,
      targetId: `imageId:${ref.imageId}`,
    });
    if (!result.ok) {
      // A refused drawing stays on screen but no longer stands for the field.
      if (fromRequest) links.current.bound.delete(uid);
      callbacks.onMeasureRefused(binding.featurePath, result.message);
      return;
    }
    const key = keyOf(result.measurement);
    if (links.current.reported.get(uid) === key) return;
    links.current.reported.set(uid, key);
    callbacks.onMeasured(result.measurement);
  });

  const onCompleted = useEffectEvent((annotation: Annotation) => {
    const wait = pending.current;
    const uid = annotation.annotationUID;
    if (!session || !wait || wait.uid || !uid) return;
    if (annotation.metadata?.toolName !== wait.request.tool) return;
    if (!session.catalog.ref(annotation.metadata?.referencedImageId)) return;
    // A new measurement of a field replaces the drawing behind its earlier value.
    for (const [other, b] of links.current.bound) {
      if (b.featurePath === wait.request.featurePath && other !== uid)
        removeQuietly(session, links.current, other);
    }
    links.current.bound.set(uid, { featurePath: wait.request.featurePath, unit: wait.request.unit });
    wait.uid = uid;
    wait.timer = setTimeout(() => report(uid, true), STATS_FALLBACK_MS);
  });

  const onStatsUpdated = useEffectEvent((annotation: Annotation) => {
    const uid = annotation.annotationUID;
    if (!uid) return;
    if (pending.current?.uid === uid) report(uid, true);
    else if (links.current.bound.has(uid)) report(uid, false);
  });

  const onRemoved = useEffectEvent((annotation: Annotation) => {
    const uid = annotation.annotationUID;
    if (!uid) return;
    if (links.current.quiet.delete(uid)) return;
    if (pending.current?.uid === uid) {
      // Removed before its stats came in (e.g. dropped outside the image): wait for the next one.
      clearTimeout(pending.current.timer);
      pending.current = { request: pending.current.request, uid: null };
    }
    const binding = links.current.bound.get(uid);
    links.current.bound.delete(uid);
    links.current.reported.delete(uid);
    if (binding) callbacks.onMeasurementRemoved(binding.featurePath);
  });

  const recount = useEffectEvent(() => {
    if (session && !session.disposed) setCount(session.annotations().length);
  });

  useEffect(() => {
    if (!session) return;
    const { Events, ChangeTypes } = session.cs.tools.Enums;
    const target = session.cs.core.eventTarget;
    type Detail = CustomEvent<{ annotation?: Annotation; changeType?: string }>;
    const offs = [
      session.listen<Detail>(target, Events.ANNOTATION_ADDED, () => recount()),
      session.listen<Detail>(target, Events.ANNOTATION_COMPLETED, (evt) => {
        if (evt.detail?.annotation) onCompleted(evt.detail.annotation);
        recount();
      }),
      session.listen<Detail>(target, Events.ANNOTATION_MODIFIED, (evt) => {
        const a = evt.detail?.annotation;
        if (a && evt.detail.changeType === ChangeTypes.StatsUpdated) onStatsUpdated(a);
      }),
      session.listen<Detail>(target, Events.ANNOTATION_REMOVED, (evt) => {
        if (evt.detail?.annotation) onRemoved(evt.detail.annotation);
        recount();
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      if (pending.current?.timer) clearTimeout(pending.current.timer);
    };
  }, [session]);

  // Reconcile with the form: draw measurements that are new to the viewer, drop those it removed.
  useEffect(() => {
    if (!session) return;
    const state = session.cs.tools.annotation.state;
    const before = new Map(previous.current.map((m) => [m.featurePath, m]));
    const now = new Map(measurements.map((m) => [m.featurePath, m]));
    previous.current = measurements;
    for (const [path, m] of before) {
      if (now.get(path)?.annotationUid !== m.annotationUid)
        removeQuietly(session, links.current, m.annotationUid);
    }
    for (const m of measurements) {
      if (before.get(m.featurePath)?.annotationUid === m.annotationUid) continue;
      links.current.bound.set(m.annotationUid, { featurePath: m.featurePath, unit: m.unit });
      links.current.reported.set(m.annotationUid, keyOf(m));
      if (state.getAnnotation(m.annotationUid)) continue;
      const s = series.find((x) => x.seriesInstanceUid === m.seriesInstanceUid);
      if (!s) continue;
      const stillWanted = () =>
        latest.current.some((x) => x.annotationUid === m.annotationUid && x.featurePath === m.featurePath);
      void hydrateAnnotation(session, s, m, stillWanted);
    }
  }, [session, series, measurements]);

  /** Esc: give up on the pending request. */
  const cancel = (): boolean => {
    const wait = pending.current;
    if (!wait) return false;
    if (wait.timer) clearTimeout(wait.timer);
    if (wait.uid) links.current.bound.delete(wait.uid);
    pending.current = null;
    onRequestDone(wait.request);
    callbacks.onMeasureCancelled();
    return true;
  };

  /** Delete/Backspace: remove the selected annotations of this viewer (the form hears of bound ones). */
  const removeSelected = (): boolean => {
    if (!session || session.disposed) return false;
    const { annotation } = session.cs.tools;
    const mine = new Set(session.annotations().map((a) => a.annotationUID));
    const selected = annotation.selection.getAnnotationsSelected().filter((uid) => mine.has(uid));
    for (const uid of selected) annotation.state.removeAnnotation(uid);
    if (selected.length)
      session.cs.tools.utilities.triggerAnnotationRenderForViewportIds(session.viewportIds);
    return selected.length > 0;
  };

  return { count, cancel, removeSelected };
}
