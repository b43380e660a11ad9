import type { LesionRoi, ScalarVolume } from '@/lib/imaging/segment-lesion';

/** One image of a stack, reduced to what a scalar volume needs. */
export type SliceInput = {
  rows: number;
  columns: number;
  /** mm between columns (x) and between rows (y). */
  columnSpacing: number | undefined;
  rowSpacing: number | undefined;
  pixels: ArrayLike<number>;
  /** Applied unless the loader already rescaled the pixels. */
  slope: number;
  intercept: number;
  color: boolean;
  /** Position along the slice normal, mm. */
  position: number | null;
  thickness: number | null;
};

export type VolumeResult = { ok: true; volume: ScalarVolume } | { ok: false; message: string };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A scalar volume from a stack's images in display order. Slice spacing is the median gap between
 * slice positions (robust to one missing slice), else the slice thickness, else 1 mm for a
 * single image, where it only scales the reported volume.
 */
export function buildVolume(slices: SliceInput[]): VolumeResult {
  const first = slices[0];
  if (!first) return { ok: false, message: 'The series has no images' };
  const { rows, columns, columnSpacing, rowSpacing } = first;
  if (slices.some((s) => s.color)) return { ok: false, message: 'Auto size works on greyscale images only' };
  if (slices.some((s) => s.rows !== rows || s.columns !== columns)) {
    return { ok: false, message: 'The series mixes image sizes; auto size needs a regular stack' };
  }
  if (!(columnSpacing! > 0 && rowSpacing! > 0)) {
    return {
      ok: false,
      message: 'This series is not calibrated in physical mm; auto size needs pixel spacing',
    };
  }
  const positions = slices.map((s) => s.position);
  const gaps: number[] = [];
  for (let z = 1; z < positions.length; z++) {
    const [a, b] = [positions[z - 1], positions[z]];
    if (a != null && b != null && Math.abs(b - a) > 1e-6) gaps.push(Math.abs(b - a));
  }
  const sliceMm = gaps.length ? median(gaps) : (first.thickness ?? 0) > 0 ? first.thickness! : 1;
  const plane = rows * columns;
  const data = new Float32Array(plane * slices.length);
  slices.forEach((s, z) => {
    const n = Math.min(plane, s.pixels.length);
    const offset = z * plane;
    for (let i = 0; i < n; i++) data[offset + i] = s.pixels[i]! * s.slope + s.intercept;
  });
  return {
    ok: true,
    volume: { columns, rows, slices: slices.length, spacing: [columnSpacing!, rowSpacing!, sliceMm], data },
  };
}

/**
 * The ROI of a rough ellipse from its handle points in image coordinates (pixel edges at
 * integers, as cornerstone's worldToImageCoords gives them): the box around the handles, with
 * voxel centres at integers as the segmentation expects.
 */
export function roiFromImagePoints(points: [number, number][], slice: number): LesionRoi | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => p[0] - 0.5);
  const ys = points.map((p) => p[1] - 0.5);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const radii: [number, number] = [(x1 - x0) / 2, (y1 - y0) / 2];
  if (!(radii[0] >= 1 && radii[1] >= 1)) return null;
  return { slice, shape: 'ellipse', center: [(x0 + x1) / 2, (y0 + y1) / 2], radii };
}
