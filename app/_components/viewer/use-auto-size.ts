import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { sizeFromMask } from '@/lib/imaging/diameters';
import { segmentLesion } from '@/lib/imaging/segment-lesion';
import { buildVolume, roiFromImagePoints, type SliceInput } from './build-volume';
import { TOOL } from './cornerstone.client';
import { describeLoadError } from './load-error';
import type { ViewerSession } from './session';
import type { SizeProposal, ViewerSeries } from './types';

export type AutoSizeState = {
  armed: boolean;
  /** Images loaded so far while building the volume, or null when idle. */
  progress: { done: number; total: number } | null;
  message: string | null;
};

type Plane = {
  imagePositionPatient?: number[];
  rowCosines?: number[];
  columnCosines?: number[];
  sliceThickness?: number;
};

function positionAlongNormal(plane: Plane | undefined): number | null {
  const [p, r, c] = [plane?.imagePositionPatient, plane?.rowCosines, plane?.columnCosines];
  if (!p || !r || !c || p.length < 3 || r.length < 3 || c.length < 3) return null;
  const n = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
  return p[0]! * n[0]! + p[1]! * n[1]! + p[2]! * n[2]!;
}

/**
 * Semi-automatic size: the reader draws a rough ellipse around a lesion; the whole series is
 * loaded into a volume, segmented from that ROI, and the diameters and volume are proposed to
 * the workspace. The rough ellipse is removed afterwards either way.
 */
export function useAutoSize(opts: {
  session: ViewerSession | null;
  series: ViewerSeries[];
  /** A form measurement is pending: its annotation is not a rough ROI. */
  blocked: boolean;
  onSizeProposal?: (p: SizeProposal) => void;
}) {
  const { session, series, blocked, onSizeProposal } = opts;
  const [state, setState] = useState<AutoSizeState>({ armed: false, progress: null, message: null });
  const run = useRef(0);

  const start = useEffectEvent(async (annotation: ToolTypes.Annotation) => {
    if (!session || blocked || !state.armed || state.progress) return;
    const { core, tools } = session.cs;
    const uid = annotation.annotationUID!;
    const ref = session.catalog.ref(annotation.metadata?.referencedImageId);
    const s = ref && series.find((x) => x.seriesInstanceUid === ref.seriesInstanceUid);
    if (!ref || !s) return;
    const token = ++run.current;
    const live = () => !session.disposed && run.current === token;
    const finish = (message: string | null) => {
      if (!session.disposed && tools.annotation.state.getAnnotation(uid)) {
        tools.annotation.state.removeAnnotation(uid);
      }
      if (live()) setState({ armed: false, progress: null, message });
    };
    try {
      const refs = await session.catalog.stack(s);
      const total = refs.length;
      let done = 0;
      setState((st) => ({ ...st, progress: { done, total }, message: null }));
      const images = await Promise.all(
        refs.map((r) =>
          session.catalog.load(r.imageId, 'interaction').then((image) => {
            done++;
            if (live()) setState((st) => ({ ...st, progress: { done, total } }));
            return image;
          }),
        ),
      );
      if (!live()) return finish(null);
      const slices: SliceInput[] = images.map((image, z) => {
        const plane = core.metaData.get('imagePlaneModule', refs[z]!.imageId) as Plane | undefined;
        const scaled = !!image.preScale?.scaled;
        return {
          rows: image.rows,
          columns: image.columns,
          columnSpacing: image.columnPixelSpacing,
          rowSpacing: image.rowPixelSpacing,
          pixels: image.getPixelData(),
          slope: scaled ? 1 : (image.slope ?? 1),
          intercept: scaled ? 0 : (image.intercept ?? 0),
          color: !!image.color,
          position: positionAlongNormal(plane),
          thickness: plane?.sliceThickness ?? null,
        };
      });
      const built = buildVolume(slices);
      if (!built.ok) return finish(built.message);
      const slice = refs.findIndex((r) => r.imageId === ref.imageId);
      const points = (annotation.data.handles?.points ?? []).map(
        (p) => core.utilities.worldToImageCoords(ref.imageId, p as Types.Point3) ?? [NaN, NaN],
      ) as [number, number][];
      const roi = roiFromImagePoints(points, slice);
      if (!roi) return finish('Draw a larger ellipse around the lesion');
      // Let the progress text paint before the synchronous segmentation.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!live()) return finish(null);
      const { volume } = built;
      const seg = segmentLesion(volume, roi);
      if (seg.voxels === 0) return finish('No lesion was found inside the ellipse');
      const size = sizeFromMask(seg.mask, volume);
      const at = refs[size.slice] ?? ref;
      onSizeProposal?.({
        longestMm: size.longestMm,
        perpendicularMm: size.perpendicularMm,
        volumeMm3: seg.volumeMm3,
        seriesInstanceUid: at.seriesInstanceUid,
        sopInstanceUid: at.sopInstanceUid,
        method: seg.method,
        clipped: seg.clipped,
      });
      finish(null);
    } catch (err) {
      finish(`Auto size failed: ${describeLoadError(err)}`);
    }
  });

  useEffect(() => {
    if (!session) return;
    const { Events } = session.cs.tools.Enums;
    return session.listen<CustomEvent<{ annotation?: ToolTypes.Annotation }>>(
      session.cs.core.eventTarget,
      Events.ANNOTATION_COMPLETED,
      (evt) => {
        const a = evt.detail?.annotation;
        if (a?.metadata?.toolName === TOOL.EllipticalROI) void start(a);
      },
    );
  }, [session]);

  return {
    state,
    arm: () => setState((st) => (st.progress ? st : { armed: !st.armed, progress: null, message: null })),
    /** Esc: disarm, or abandon a run in progress. */
    cancel: (): boolean => {
      if (!state.armed && !state.progress) return false;
      run.current++;
      setState({ armed: false, progress: null, message: null });
      return true;
    },
  };
}
