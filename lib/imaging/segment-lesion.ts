/**
 * Semi-automatic lesion segmentation from one rough ROI (an ellipse or box drawn on one slice), to
 * propose VASARI F29/F30 diameters and a volume of a FLAIR/T2 abnormality. SEGMENTATION.md
 * documents the method step by step; the constants here are its defaults.
 */

import type { Volume } from '@/lib/dicom/phantom/volume';

/** A Volume (z, y, x order, spacing [column, row, slice] mm) of any numeric array. */
export type ScalarVolume = Omit<Volume, 'data'> & { data: ArrayLike<number> };

export type LesionRoi = {
  slice: number;
  shape: 'ellipse' | 'box';
  /** Voxel x, y (pixel centres at integers). */
  center: [number, number];
  /** Semi-axes (ellipse) or half-widths (box), in voxels. */
  radii: [number, number];
};

export type SegmentOptions = {
  /** Whether the lesion is brighter (FLAIR/T2 abnormality, default) or darker than its surroundings. */
  polarity?: 'bright' | 'dark';
  /** A threshold in image units to use instead of the estimated one. */
  threshold?: number;
  /** In-plane search bound: ROI radii × searchMargin + 4 voxels (default 1.75). */
  searchMargin?: number;
  /** Slices searched each side: depthMargin × the ROI's largest radius in mm (default 2). */
  depthMargin?: number;
  /** A slice is rejected as a leak when its area exceeds areaGrowth × the previous slice's (default 1.5). */
  areaGrowth?: number;
  /** A voxel must pass on its own value and on its 3×3 in-plane mean (default true). */
  smooth?: boolean;
  /** Fill enclosed holes slice by slice, e.g. a necrotic core inside the FLAIR abnormality (default true). */
  fillHoles?: boolean;
};

export type LesionSegmentation = {
  /** 1 inside the lesion; same size and order as the volume's data. */
  mask: Uint8Array;
  voxels: number;
  /** First and last slice with lesion voxels ([-1, -1] when nothing was found). */
  slices: [number, number];
  volumeMm3: number;
  /** Voxels beyond this (above it for bright lesions, below for dark ones) may be lesion. */
  threshold: number;
  /** The region reached the search bound's edge or its end slices: it outgrew the bound or leaked. */
  clipped: boolean;
  /** Median of the background ring, and median of the ROI's clearly abnormal voxels, image units. */
  background: number;
  lesionLevel: number;
  method: string;
};

/** The ring sampled for background statistics, in units of the ROI's radii. */
const RING_INNER = 1.25;
const RING_OUTER = 2;
/** The ROI's core, whose abnormal voxels set the lesion level. */
const CORE = 0.6;
/** ROI voxels more than this many noise SDs beyond the background median inform the lesion level. */
const BACKGROUND_SDS = 3;
/** Slack for the area check, as a fraction of the ROI area, so small lesions can still grow. */
const AREA_SLACK = 0.1;
/** A slice whose region fills this much of the search bound is leaking into its surroundings. */
const MAX_BOUND_FILL = 0.9;
const RIM = 2;

function median(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** ROI-normalised radius: ≤ 1 inside the ROI, 2 on a shape twice its size. */
function radius(roi: LesionRoi, x: number, y: number, scale = 1, pad = 0): number {
  const dx = Math.abs(x - roi.center[0]) / (roi.radii[0] * scale + pad);
  const dy = Math.abs(y - roi.center[1]) / (roi.radii[1] * scale + pad);
  return roi.shape === 'box' ? Math.max(dx, dy) : Math.sqrt(dx * dx + dy * dy);
}

export function segmentLesion(
  volume: ScalarVolume,
  roi: LesionRoi,
  options: SegmentOptions = {},
): LesionSegmentation {
  const { columns, rows, slices, spacing, data } = volume;
  const plane = columns * rows;
  if (data.length !== plane * slices) throw new RangeError('volume data does not match its dimensions');
  if (!Number.isInteger(roi.slice) || roi.slice < 0 || roi.slice >= slices) {
    throw new RangeError(`ROI slice ${roi.slice} is outside 0..${slices - 1}`);
  }
  if (!(roi.radii[0] > 0 && roi.radii[1] > 0)) throw new RangeError('ROI radii must be positive');
  const sign = options.polarity === 'dark' ? -1 : 1;
  const margin = options.searchMargin ?? 1.75;
  const depthMargin = options.depthMargin ?? 2;
  const growth = options.areaGrowth ?? 1.5;
  const smooth = options.smooth ?? true;
  const fill = options.fillHoles ?? true;
  const fixed = options.threshold;
  // Voxel window [x0, x1, y0, y1] holding the ROI scaled by `scale` and padded, clipped to the image.
  const crop = (scale: number, pad: number) => {
    const r = [roi.radii[0] * scale + pad, roi.radii[1] * scale + pad] as const;
    const lo = (i: 0 | 1) => Math.max(0, Math.floor(roi.center[i] - r[i]));
    const hi = (i: 0 | 1) => Math.min((i ? rows : columns) - 1, Math.ceil(roi.center[i] + r[i]));
    return [lo(0), hi(0), lo(1), hi(1)] as const;
  };

  // 1. Statistics on the ROI slice: background from a ring just outside the ROI, lesion level
  // from the ROI voxels that are clearly not background.
  const seedBase = roi.slice * plane;
  const ring: number[] = [];
  const steps: number[] = [];
  const inRoi: number[] = [];
  const inCore: number[] = [];
  const [sx0, sx1, sy0, sy1] = crop(RING_OUTER, 0);
  for (let y = sy0; y <= sy1; y++) {
    for (let x = sx0; x <= sx1; x++) {
      const r = radius(roi, x, y);
      const v = sign * data[seedBase + y * columns + x]!;
      if (r <= CORE) inCore.push(v);
      if (r <= 1) inRoi.push(v);
      else if (r > RING_INNER && r <= RING_OUTER) {
        ring.push(v);
        const next = radius(roi, x + 1, y);
        if (x < sx1 && next > RING_INNER && next <= RING_OUTER) {
          steps.push(Math.abs(sign * data[seedBase + y * columns + x + 1]! - v));
        }
      }
    }
  }
  if (inRoi.length === 0 || ring.length === 0) throw new RangeError('ROI or its ring lies outside the image');
  const background = median(ring);
  // Noise from differences of horizontal neighbours in the ring (MAD / √2): the ring mixes tissues
  // (brain, CSF, lesion spilling over an under-drawn ROI), and a plain MAD would measure that mix.
  const sd = steps.length > 0 ? (1.4826 * median(steps)) / Math.SQRT2 : 0;
  const gate = background + BACKGROUND_SDS * sd;
  // The ROI's core is lesion whether the ROI was drawn tight or generous; fall back to the whole
  // ROI when the core holds nothing abnormal (a large necrotic centre).
  const core = inCore.filter((v) => v > gate);
  const abnormal = core.length > 0 ? core : inRoi.filter((v) => v > gate);
  const lesionLevel = abnormal.length > 0 ? median(abnormal) : gate;
  // Midway between the two medians: a partial-volume voxel counts when it is more lesion than not.
  const t = fixed !== undefined ? sign * fixed : Math.max(gate, (background + lesionLevel) / 2);

  // 2. Search bound: the ROI dilated in-plane, over a stack of slices around the ROI slice.
  const [bx0, bx1, by0, by1] = crop(margin, 4);
  const bw = bx1 - bx0 + 1;
  const bh = by1 - by0 + 1;
  const area2d = bw * bh;
  // 1 inside the bound, RIM on its edge (a neighbour is outside the bound or the image).
  const inBound = new Uint8Array(area2d);
  const out = (x: number, y: number) =>
    x < bx0 || x > bx1 || y < by0 || y > by1 || radius(roi, x, y, margin, 4) > 1;
  const seeds: number[] = [];
  let boundArea = 0;
  let roiArea = 0;
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      const k = (y - by0) * bw + (x - bx0);
      if (!out(x, y)) {
        inBound[k] = out(x - 1, y) || out(x + 1, y) || out(x, y - 1) || out(x, y + 1) ? RIM : 1;
        boundArea++;
      }
      if (radius(roi, x, y) <= 1) {
        roiArea++;
        seeds.push(k);
      }
    }
  }
  const radiusMm = Math.max(roi.radii[0] * spacing[0], roi.radii[1] * spacing[1]);
  const depth = Math.ceil((depthMargin * radiusMm) / spacing[2]) + 1;
  const z0 = Math.max(0, roi.slice - depth);
  const z1 = Math.min(slices - 1, roi.slice + depth);

  // 3. Region growing, slice by slice outward from the ROI slice. Each slice is seeded through
  // its 6-connected z neighbours in the previous slice's region, then grown 4-connected in-plane,
  // so a leak shows as a jump in area at the slice where it happens and can be cut there.
  const region = new Uint8Array(area2d * (z1 - z0 + 1));
  const stack = new Int32Array(area2d);
  const outside = new Uint8Array(area2d);
  const pass = new Uint8Array(area2d);
  // Which bound voxels of slice z pass. With smoothing a voxel must also pass on its 3×3 in-plane
  // mean: lone noisy voxels would otherwise grow spurs that lengthen the measured diameter, and
  // requiring both (rather than the mean alone) keeps the mean from dilating a sharp edge.
  const markPassing = (z: number) => {
    for (let ly = 0; ly < bh; ly++) {
      const y = by0 + ly;
      for (let lx = 0; lx < bw; lx++) {
        const k = ly * bw + lx;
        if (!inBound[k]) continue;
        const x = bx0 + lx;
        pass[k] = sign * data[z * plane + y * columns + x]! > t ? 1 : 0;
        if (!smooth || !pass[k]) continue;
        let sum = 0;
        let n = 0;
        for (let yy = Math.max(0, y - 1); yy <= Math.min(rows - 1, y + 1); yy++) {
          for (let xx = Math.max(0, x - 1); xx <= Math.min(columns - 1, x + 1); xx++, n++) {
            sum += data[z * plane + yy * columns + xx]!;
          }
        }
        pass[k] = sign * (sum / n) > t ? 1 : 0;
      }
    }
  };

  const growSlice = (z: number, starts: Iterable<number>): number => {
    const base = (z - z0) * area2d;
    let top = 0;
    let area = 0;
    markPassing(z);
    const visit = (n: number) => {
      if (region[base + n] || !pass[n]) return;
      region[base + n] = 1;
      stack[top++] = n;
    };
    for (const k of starts) visit(k);
    while (top > 0) {
      const k = stack[--top]!;
      area++;
      const x = k % bw;
      if (x > 0) visit(k - 1);
      if (x < bw - 1) visit(k + 1);
      if (k >= bw) visit(k - bw);
      if (k < area2d - bw) visit(k + bw);
    }
    if (fill && area > 0) area += fillHoles(region, base, bw, outside, stack);
    return area;
  };

  const seedArea = growSlice(roi.slice, seeds);
  for (const step of [1, -1]) {
    let previous = seedArea;
    for (let z = roi.slice + step; previous > 0 && z >= z0 && z <= z1; z += step) {
      const below = (z - step - z0) * area2d;
      const starts: number[] = [];
      for (let k = 0; k < area2d; k++) if (region[below + k]) starts.push(k);
      const area = growSlice(z, starts);
      if (area > growth * previous + AREA_SLACK * roiArea || area > MAX_BOUND_FILL * boundArea) {
        region.fill(0, (z - z0) * area2d, (z - z0 + 1) * area2d);
        break;
      }
      previous = area;
    }
  }

  // 4. Copy the cropped region into a full-size mask.
  const mask = new Uint8Array(plane * slices);
  let voxels = 0;
  let first = -1;
  let last = -1;
  let clipped = false;
  for (let z = z0; z <= z1; z++) {
    for (let k = 0; k < area2d; k++) {
      if (!region[(z - z0) * area2d + k]) continue;
      if (inBound[k] === RIM) clipped = true;
      mask[z * plane + (by0 + Math.floor(k / bw)) * columns + bx0 + (k % bw)] = 1;
      voxels++;
      if (first < 0) first = z;
      last = z;
    }
  }
  // Reaching the first or last slice searched also means the lesion was cut off.
  if (voxels > 0 && (first === z0 || last === z1)) clipped = true;
  return {
    mask,
    voxels,
    slices: [first, last],
    volumeMm3: voxels * spacing[0] * spacing[1] * spacing[2],
    threshold: sign * t,
    clipped,
    background: sign * background,
    lesionLevel: sign * lesionLevel,
    method:
      `${fixed === undefined ? 'ring-median-midpoint' : 'fixed'}-threshold${smooth ? '+3x3-mean' : ''}` +
      `/slice-wise-6-connected-growth${fill ? '/2d-hole-fill' : ''}`,
  };
}

/** Adds to the region every pixel of one cropped slice the crop's border cannot reach (4-connected). */
function fillHoles(region: Uint8Array, base: number, bw: number, outside: Uint8Array, stack: Int32Array) {
  const bh = outside.length / bw;
  outside.fill(0);
  let top = 0;
  const visit = (k: number) => {
    if (region[base + k] || outside[k]) return;
    outside[k] = 1;
    stack[top++] = k;
  };
  for (let x = 0; x < bw; x++) {
    visit(x);
    visit((bh - 1) * bw + x);
  }
  for (let y = 0; y < bh; y++) {
    visit(y * bw);
    visit(y * bw + bw - 1);
  }
  while (top > 0) {
    const k = stack[--top]!;
    const x = k % bw;
    if (x > 0) visit(k - 1);
    if (x < bw - 1) visit(k + 1);
    if (k >= bw) visit(k - bw);
    if (k < (bh - 1) * bw) visit(k + bw);
  }
  let added = 0;
  for (let k = 0; k < bw * bh; k++) {
    if (!region[base + k] && !outside[k]) {
      region[base + k] = 1;
      added++;
    }
  }
  return added;
}
