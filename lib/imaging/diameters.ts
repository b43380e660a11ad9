/**
 * Bidimensional lesion size (longest diameter and its perpendicular) from a binary mask.
 *
 * Convention: diameters are measured on the convex hull of the mask's pixel centres, then one
 * pixel's width in that direction is added (half at each end). Along x and y that is the
 * edge-to-edge extent, (maxX − minX + 1) × pixel size, which is how the brain glioma phantom's
 * truth measures. The hull of pixel corners would agree along the axes but run up to √2 pixels
 * long obliquely: it overshoots a digitised disc's diameter by more than a pixel and tilts an
 * ellipse's longest diameter off its major axis across the stair-stepped ends.
 *
 * Returned points are in voxel coordinates (pixel (i, j) is centred at (i, j)).
 */

export type Point = [number, number];

export type Diameters = {
  /** Greatest distance between two points of the mask's convex hull (maximum Feret diameter), mm. */
  longestMm: number;
  /** Extent of the mask at 90° to the longest diameter (caliper width in that direction), mm. */
  perpendicularMm: number;
  endpoints: [Point, Point];
  /** A segment of length perpendicularMm at 90° to the longest diameter, placed across the mask. */
  perpendicularEndpoints: [Point, Point];
};

export type MaskSize = Diameters & {
  /** The slice whose longest diameter is greatest (−1 for an empty mask). */
  slice: number;
  volumeMm3: number;
};

const empty = (): Diameters => ({
  longestMm: 0,
  perpendicularMm: 0,
  endpoints: [
    [0, 0],
    [0, 0],
  ],
  perpendicularEndpoints: [
    [0, 0],
    [0, 0],
  ],
});

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Andrew's monotone chain; returns the hull counter-clockwise without repeating the first point. */
function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Longest in-plane diameter of a 2D mask (row-major, `columns` × `rows`, non-zero = inside) and
 * the extent perpendicular to it. pixelSpacing is [column spacing (x), row spacing (y)] in mm, the
 * order of Volume.spacing (DICOM PixelSpacing lists the row spacing first).
 *
 * Only each row's leftmost and rightmost pixels can be hull vertices, so only those are collected.
 * Separate components are measured together, as a reader measuring "the abnormality" across them
 * would. `offset` is where the plane starts in mask2d (a slice of a 3D mask).
 */
export function longestDiameter(
  mask2d: ArrayLike<number>,
  columns: number,
  rows: number,
  pixelSpacing: [number, number],
  offset = 0,
): Diameters {
  const [sx, sy] = pixelSpacing;
  const centres: Point[] = [];
  for (let y = 0; y < rows; y++) {
    const row = offset + y * columns;
    let first = -1;
    let last = -1;
    for (let x = 0; x < columns; x++) {
      if (mask2d[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    centres.push([first * sx, y * sy], [last * sx, y * sy]);
  }
  if (centres.length === 0) return empty();

  const hull = convexHull(centres);
  // Hulls of lesion masks have at most a few hundred vertices, so all pairs is fast enough.
  let best = 0;
  let a: Point = hull[0]!;
  let b: Point = hull[0]!;
  for (let i = 0; i < hull.length; i++) {
    const p = hull[i]!;
    for (let j = i + 1; j < hull.length; j++) {
      const q = hull[j]!;
      const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
      if (d > best) {
        best = d;
        a = p;
        b = q;
      }
    }
  }
  const span = Math.sqrt(best);
  // A single pixel has no direction of its own: take the pixel's longer side.
  const u: Point = span > 0 ? [(b[0] - a[0]) / span, (b[1] - a[1]) / span] : sx >= sy ? [1, 0] : [0, 1];
  const n: Point = [-u[1], u[0]];
  // Width of one pixel along a direction, modelled as the ellipse inscribed in it (sx along x, sy along y).
  const pixel = (d: Point) => Math.hypot(d[0] * sx, d[1] * sy);
  const longestMm = span + pixel(u);
  let lo = Infinity;
  let hi = -Infinity;
  let alongLo = 0;
  let alongHi = 0;
  for (const p of hull) {
    const across = (p[0] - a[0]) * n[0] + (p[1] - a[1]) * n[1];
    const along = (p[0] - a[0]) * u[0] + (p[1] - a[1]) * u[1];
    if (across < lo) [lo, alongLo] = [across, along];
    if (across > hi) [hi, alongHi] = [across, along];
  }
  // Draw the perpendicular halfway between the two points that bound it, so for an ellipse it
  // crosses the centre; its length is the caliper width whatever the position.
  const along = Math.min(Math.max((alongLo + alongHi) / 2, 0), span);
  const at = (s: number, t: number): Point => [
    (a[0] + s * u[0] + t * n[0]) / sx,
    (a[1] + s * u[1] + t * n[1]) / sy,
  ];
  const halfU = pixel(u) / 2;
  const halfN = pixel(n) / 2;
  return {
    longestMm,
    perpendicularMm: hi - lo + 2 * halfN,
    endpoints: [at(-halfU, 0), at(span + halfU, 0)],
    perpendicularEndpoints: [at(along, lo - halfN), at(along, hi + halfN)],
  };
}

/**
 * Size of a 3D mask (z, y, x order): diameters on the slice with the greatest longest diameter
 * (ties go to the larger perpendicular, the slice a reader would pick for a bidimensional
 * product), and the volume of all its voxels.
 */
export function sizeFromMask(
  mask3d: ArrayLike<number>,
  geometry: { columns: number; rows: number; slices: number; spacing: [number, number, number] },
): MaskSize {
  const { columns, rows, slices, spacing } = geometry;
  const plane = columns * rows;
  if (mask3d.length !== plane * slices) {
    throw new RangeError(`mask has ${mask3d.length} voxels, expected ${plane * slices}`);
  }
  let best: MaskSize = { ...empty(), slice: -1, volumeMm3: 0 };
  let voxels = 0;
  for (let z = 0; z < slices; z++) {
    let count = 0;
    for (let i = z * plane, end = i + plane; i < end; i++) if (mask3d[i]) count++;
    if (count === 0) continue;
    voxels += count;
    const d = longestDiameter(mask3d, columns, rows, [spacing[0], spacing[1]], z * plane);
    const tol = 1e-9;
    if (
      d.longestMm > best.longestMm + tol ||
      (Math.abs(d.longestMm - best.longestMm) <= tol && d.perpendicularMm > best.perpendicularMm + tol)
    ) {
      best = { ...d, slice: z, volumeMm3: 0 };
    }
  }
  return { ...best, volumeMm3: voxels * spacing[0] * spacing[1] * spacing[2] };
}
