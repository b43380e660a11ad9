'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { hangSeries } from '@/lib/dicom/hanging-protocol';
import { TOOL_LABELS } from '@/lib/dicom/measurement';
import { TOOL, type ToolName } from './cornerstone.client';
import { SeriesList } from './series-list';
import { AUTO_SIZE_KEY, TOOLBAR_TOOLS, Toolbar } from './toolbar';
import type { MeasureRequest, ViewerProps } from './types';
import { useAutoSize } from './use-auto-size';
import { markViewer } from './debug';
import { useKeyboard } from './use-keyboard';
import { useMeasurements } from './use-measurements';
import { usePrefetch } from './use-prefetch';
import { useSession } from './use-session';
import { useStacks } from './use-stacks';
import { syncGroupsKey, useSync } from './use-sync';
import { applyPreset, fit, reset, scrollForKey } from './viewport-actions';
import { ViewportPane } from './viewport-pane';
import { presetsFor } from './voi-presets';

const requestKey = (r: MeasureRequest | null) =>
  r ? `${r.featurePath}\u0000${r.tool}\u0000${r.unit}` : null;

/**
 * The reading viewer: stack viewports hung by the protocol, a toolbar, and the series list. It
 * owns no answers; measurements go to the form through the callbacks. Loaded on the client only.
 */
export default function ViewerImpl(props: ViewerProps) {
  const { series, protocol } = props;
  const count = protocol.viewports.length;
  const seriesById = useMemo(() => new Map(series.map((s) => [s.id, s])), [series]);
  const [assignments, setAssignments] = useState(() => hangSeries(protocol, series));
  const rootRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const elementsRef = useRef<(HTMLDivElement | null)[]>([]);
  const { session, error } = useSession(props.renderer, gridRef, elementsRef, count);
  const panes = useStacks(session, seriesById, assignments);

  const [active, setActive] = useState(0);
  const [placing, setPlacing] = useState<number | null>(null);
  const [chosenTool, setChosenTool] = useState<ToolName>(TOOL.WindowLevel);
  const [sync, setSync] = useState(protocol.syncScroll);

  // A request is answered once; a new one (a different field, or the same after a null) re-arms.
  const currentKey = requestKey(props.measureRequest);
  const [seenKey, setSeenKey] = useState(currentKey);
  const [doneKey, setDoneKey] = useState<string | null>(null);
  if (currentKey !== seenKey) {
    setSeenKey(currentKey);
    setDoneKey(null);
  }
  const request = currentKey !== null && currentKey !== doneKey ? props.measureRequest : null;

  const measurements = useMeasurements({
    session,
    series,
    measurements: props.measurements,
    request,
    onRequestDone: (r) => setDoneKey(requestKey(r)),
    callbacks: props,
  });
  const autoSize = useAutoSize({ session, series, blocked: !!request, onSizeProposal: props.onSizeProposal });
  const effectiveTool: ToolName = autoSize.state.armed ? TOOL.EllipticalROI : (request?.tool ?? chosenTool);

  useEffect(() => {
    session?.setPrimaryTool(effectiveTool);
  }, [session, effectiveTool]);

  const groupsKey = syncGroupsKey(panes, (id) => seriesById.get(id)?.frameOfReferenceUid ?? null);
  useSync(session, sync, groupsKey);

  const hung = assignments.flatMap((id, i) => (id === null ? [] : [i]));
  const ready = !!session && hung.every((i) => panes[i]?.rendered);
  const settled = hung.every((i) => panes[i]?.rendered || panes[i]?.status === 'error');
  const shownKey = [...new Set(assignments)].join(',');
  const shown = useMemo(
    () => shownKey.split(',').flatMap((id) => seriesById.get(Number(id)) ?? []),
    [shownKey, seriesById],
  );
  usePrefetch(session, ready, shown, props.prefetch);
  useEffect(() => {
    if (ready) markViewer('ready');
  }, [ready]);

  const activeSeries = seriesById.get(assignments[active] ?? -1);
  const presets = presetsFor(activeSeries?.modality);
  const activeViewport = () => (panes[active]?.status === 'ready' ? session?.viewport(active) : undefined);

  const chooseTool = (name: ToolName) => {
    if (request) measurements.cancel();
    autoSize.cancel();
    setChosenTool(name);
  };
  const toggleAutoSize = () => {
    if (props.onSizeProposal && !request) autoSize.arm();
  };
  const place = (index: number, seriesId: number) =>
    setAssignments((a) => a.map((id, i) => (i === index ? seriesId : id)));

  useKeyboard(session, rootRef, {
    shortcut: (key) => {
      const tool = TOOLBAR_TOOLS.find((t) => t.key === key);
      if (tool) chooseTool(tool.name);
      else if (key === AUTO_SIZE_KEY && props.onSizeProposal) toggleAutoSize();
      else return false;
      return true;
    },
    escape: () => {
      if (measurements.cancel() || autoSize.cancel()) return true;
      if (placing === null) return false;
      setPlacing(null);
      return true;
    },
    remove: () => measurements.removeSelected(),
  });

  const placingSeries = placing === null ? undefined : seriesById.get(placing);
  const { progress } = autoSize.state;
  const status = request
    ? `Measuring ${request.label}: draw a ${TOOL_LABELS[request.tool]} (Esc to cancel)`
    : progress
      ? progress.done < progress.total
        ? `Auto size: loading images ${progress.done} / ${progress.total}`
        : 'Auto size: segmenting…'
      : autoSize.state.armed
        ? "Auto size: drag from the lesion's centre to draw an ellipse around it (Esc to cancel)"
        : (autoSize.state.message ??
          (placingSeries ? `Click a viewport to show ${placingSeries.description ?? 'the series'}` : null));

  const shownIn = new Map<number, string[]>();
  assignments.forEach((id, i) => {
    if (id !== null)
      shownIn.set(id, [...(shownIn.get(id) ?? []), protocol.viewports[i]?.label ?? `${i + 1}`]);
  });

  return (
    <div
      ref={rootRef}
      className="flex h-full min-h-[420px] flex-col overflow-hidden rounded-md border bg-card"
      data-viewer-ready={ready ? 'true' : 'false'}
      data-viewer-state={error ? 'error' : ready ? 'ready' : settled && session ? 'error' : 'loading'}
      data-viewer-backend={session?.backend}
      data-annotations={measurements.count}
    >
      <Toolbar
        disabled={!session}
        activeTool={effectiveTool}
        onTool={chooseTool}
        presets={presets}
        onPreset={(id) => {
          const vp = activeViewport();
          const preset = presets.find((p) => p.id === id);
          if (vp && preset) applyPreset(vp, preset);
        }}
        onFit={() => {
          const vp = activeViewport();
          if (vp) fit(vp);
        }}
        onReset={() => {
          const vp = activeViewport();
          if (vp) reset(vp);
        }}
        sync={sync}
        syncAvailable={groupsKey !== ''}
        onSync={() => setSync((s) => !s)}
        autoSize={props.onSizeProposal ? autoSize.state : null}
        onAutoSize={toggleAutoSize}
        status={status}
      />
      <div className="flex min-h-0 flex-1">
        <div className="w-52 shrink-0 border-r">
          <SeriesList
            session={session}
            series={series}
            shownIn={shownIn}
            placing={placing}
            onPlace={setPlacing}
          />
        </div>
        <div className="relative min-h-0 min-w-0 flex-1 bg-black">
          <div
            ref={gridRef}
            className="grid h-full w-full gap-px"
            style={{
              gridTemplateColumns: `repeat(${protocol.layout.columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${Math.max(protocol.layout.rows, Math.ceil(count / protocol.layout.columns))}, minmax(0, 1fr))`,
            }}
          >
            {protocol.viewports.map((rule, i) => (
              <ViewportPane
                key={i}
                index={i}
                label={rule.label}
                series={series}
                shown={seriesById.get(assignments[i] ?? -1)}
                pane={panes[i]!}
                active={i === active}
                placing={placing !== null}
                elementRef={(el) => {
                  elementsRef.current[i] = el;
                }}
                onActivate={setActive}
                onPlace={(index) => {
                  if (placing !== null) place(index, placing);
                  setPlacing(null);
                }}
                onChooseSeries={place}
                onScrollKey={(index, key) => {
                  const vp = panes[index]?.status === 'ready' ? session?.viewport(index) : undefined;
                  return vp ? scrollForKey(vp, key) : false;
                }}
              />
            ))}
          </div>
          {error && (
            <div
              role="alert"
              className="absolute inset-x-6 top-6 rounded-md bg-destructive p-3 text-sm text-destructive-foreground"
            >
              {error}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
