import { describe, expect, it } from 'vitest';
import { longestDiameter, sizeFromMask, type Point } from './diameters';

const W = 96;
const H = 80;

/** A 2D mask of the pixels whose centres satisfy `inside`. */
function draw(inside: (x: number, y: number) => boolean, columns = W, rows = H): Uint8Array {
  const m = new Uint8Array(columns * rows);
  for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) if (inside(x, y)) m[y * columns + x] = 1;
  return m;
}

/** Pixels inside an ellipse with semi-axes a, b (pixels) rotated by theta about (cx, cy). */
const ellipse = (cx: number, cy: number, a: number, b: number, theta = 0) =>
  draw((x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    const u = dx * Math.cos(theta) + dy * Math.sin(theta);
    const v = -dx * Math.sin(theta) + dy * Math.cos(theta);
    return (u / a) ** 2 + (v / b) ** 2 <= 1;
  });

const mmLength = ([p, q]: [Point, Point], s: [number, number]) =>
  Math.hypot((q[0] - p[0]) * s[0], (q[1] - p[1]) * s[1]);

describe('longestDiameter', () => {
  it('measures a line of pixels edge to edge, exactly', () => {
    const row = longestDiameter(
      draw((x, y) => x >= 10 && x < 40 && y === 20),
      W,
      H,
      [0.5, 0.8],
    );
    expect(row.longestMm).toBeCloseTo(30 * 0.5, 12);
    expect(row.perpendicularMm).toBeCloseTo(0.8, 12);
    expect(row.endpoints[0]).toEqual([9.5, 20]);
    expect(row.endpoints[1]).toEqual([39.5, 20]);
    const column = longestDiameter(
      draw((x, y) => x === 3 && y >= 5 && y < 50),
      W,
      H,
      [0.5, 0.8],
    );
    expect(column.longestMm).toBeCloseTo(45 * 0.8, 12);
    expect(column.perpendicularMm).toBeCloseTo(0.5, 12);
  });

  it('measures W × H rectangles within a pixel: the diagonal, and the caliper width across it', () => {
    for (const [w, h, s] of [
      [30, 12, [0.5, 0.8]],
      [20, 20, [1, 1]],
      [7, 40, [0.9, 0.9]],
    ] as const) {
      const mask = draw((x, y) => x >= 10 && x < 10 + w && y >= 20 && y < 20 + h);
      const d = longestDiameter(mask, W, H, [s[0], s[1]]);
      const diagonal = Math.hypot(w * s[0], h * s[1]);
      const pixel = Math.max(s[0], s[1]);
      expect(Math.abs(d.longestMm - diagonal)).toBeLessThanOrEqual(pixel);
      expect(Math.abs(d.perpendicularMm - (2 * w * s[0] * h * s[1]) / diagonal)).toBeLessThanOrEqual(pixel);
      // Endpoints sit near opposite corners, in voxel coordinates (pixel centres at integers).
      const xs = d.endpoints.map((p) => p[0]).sort((a, b) => a - b);
      const ys = d.endpoints.map((p) => p[1]).sort((a, b) => a - b);
      expect(Math.abs(xs[0]! - 9.5)).toBeLessThan(0.5);
      expect(Math.abs(xs[1]! - (9.5 + w))).toBeLessThan(0.5);
      expect(Math.abs(ys[0]! - 19.5)).toBeLessThan(0.5);
      expect(Math.abs(ys[1]! - (19.5 + h))).toBeLessThan(0.5);
      expect(mmLength(d.endpoints, [s[0], s[1]])).toBeCloseTo(d.longestMm, 10);
    }
  });

  it('gives a single pixel its longer side, and an empty mask zeros', () => {
    const one = longestDiameter(
      draw((x, y) => x === 5 && y === 7),
      W,
      H,
      [1, 2],
    );
    expect(one.longestMm).toBeCloseTo(2, 12);
    expect(one.perpendicularMm).toBeCloseTo(1, 12);
    const none = longestDiameter(new Uint8Array(W * H), W, H, [1, 1]);
    expect(none).toMatchObject({ longestMm: 0, perpendicularMm: 0 });
  });

  it('measures discs within a pixel of their diameter, at least their edge-to-edge extent', () => {
    for (const [r, cx, cy] of [
      [3, 20, 20],
      [7.5, 40.3, 30.6],
      [15.2, 47, 39.5],
      [30, 48, 40],
    ] as const) {
      const mask = ellipse(cx, cy, r, r);
      const d = longestDiameter(mask, W, H, [0.7, 0.7]);
      let minX = Infinity;
      let maxX = -Infinity;
      for (let i = 0; i < mask.length; i++) {
        if (!mask[i]) continue;
        minX = Math.min(minX, i % W);
        maxX = Math.max(maxX, i % W);
      }
      expect(Math.abs(d.longestMm - 2 * r * 0.7)).toBeLessThanOrEqual(0.7 + 1e-9);
      expect(Math.abs(d.perpendicularMm - 2 * r * 0.7)).toBeLessThanOrEqual(0.7 + 1e-9);
      // Never shorter than the edge-to-edge extent along x (the phantom truth's measure).
      expect(d.longestMm).toBeGreaterThanOrEqual((maxX - minX + 1) * 0.7 - 1e-9);
      expect(d.longestMm).toBeGreaterThanOrEqual(d.perpendicularMm);
    }
  });

  it('measures axis-aligned and oblique ellipses within a pixel of their digitised axes, along the major axis', () => {
    for (const [a, b] of [
      [29.6, 14.3],
      [30, 14],
      [20.3, 7.7],
      [12, 11],
    ] as const) {
      for (const theta of [0, 0.4, Math.PI / 6, Math.PI / 4, 2]) {
        const mask = ellipse(48, 40, a, b, theta);
        const d = longestDiameter(mask, W, H, [1, 1]);
        // Edge-to-edge extent of the pixels along each true axis: the phantom's measure, rotated.
        const extent = (angle: number) => {
          let lo = Infinity;
          let hi = -Infinity;
          mask.forEach((v, i) => {
            if (!v) return;
            const t = (i % W) * Math.cos(angle) + Math.floor(i / W) * Math.sin(angle);
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
          });
          return hi - lo + 1;
        };
        expect(Math.abs(d.longestMm - extent(theta))).toBeLessThanOrEqual(1);
        expect(Math.abs(d.perpendicularMm - extent(theta + Math.PI / 2))).toBeLessThanOrEqual(1);
        // Against the continuous ellipse, digitising adds up to a pixel and the diameter's tilt
        // across the stair-stepped ends a little more to the perpendicular.
        expect(Math.abs(d.longestMm - 2 * a)).toBeLessThanOrEqual(1);
        expect(Math.abs(d.perpendicularMm - 2 * b)).toBeLessThanOrEqual(1.5);
        if (a / b < 1.5) continue;
        const [p, q] = d.endpoints;
        const angle = Math.atan2(q[1] - p[1], q[0] - p[0]);
        const off = Math.abs(Math.atan2(Math.sin(2 * (angle - theta)), Math.cos(2 * (angle - theta)))) / 2;
        expect(off).toBeLessThan((8 * Math.PI) / 180);
      }
    }
  });

  it('measures anisotropic pixels in millimetres', () => {
    // 24 × 48 pixels of 1 × 0.5 mm: a 24 mm disc on screen.
    const mask = draw((x, y) => ((x + 0.5 - 36) / 12) ** 2 + ((y + 0.5 - 40) / 24) ** 2 <= 1);
    const d = longestDiameter(mask, W, H, [1, 0.5]);
    expect(Math.abs(d.longestMm - 24)).toBeLessThanOrEqual(1);
    expect(Math.abs(d.perpendicularMm - 24)).toBeLessThanOrEqual(1);
  });

  it('draws the perpendicular at 90° to the diameter, as long as the perpendicular extent, across the mask', () => {
    const s: [number, number] = [0.8, 0.8];
    const d = longestDiameter(ellipse(50, 38, 25, 12, 0.4), W, H, s);
    const [p, q] = d.endpoints;
    const [m, n] = d.perpendicularEndpoints;
    const dot = (q[0] - p[0]) * (n[0] - m[0]) * s[0] ** 2 + (q[1] - p[1]) * (n[1] - m[1]) * s[1] ** 2;
    expect(Math.abs(dot)).toBeLessThan(1e-9);
    expect(mmLength(d.perpendicularEndpoints, s)).toBeCloseTo(d.perpendicularMm, 9);
    // It crosses near the ellipse's centre.
    expect(Math.hypot((m[0] + n[0]) / 2 - 50, (m[1] + n[1]) / 2 - 38)).toBeLessThan(2);
  });

  it('measures separate components together', () => {
    const d = longestDiameter(
      draw((x, y) => (x >= 10 && x < 14 && y >= 10 && y < 14) || (x >= 50 && x < 54 && y >= 10 && y < 14)),
      W,
      H,
      [1, 1],
    );
    // Centres (10, 10) and (53, 13), plus a pixel along that direction.
    expect(d.longestMm).toBeCloseTo(Math.hypot(43, 3) + 1, 10);
  });
});

describe('sizeFromMask', () => {
  const columns = 64;
  const rows = 64;
  const slices = 9;
  const spacing: [number, number, number] = [0.9, 0.9, 3];
  const radii = [0, 5, 9, 14, 17, 14, 9, 5, 0];

  it('measures on the slice with the largest longest diameter and sums the volume of all slices', () => {
    const mask = new Uint8Array(columns * rows * slices);
    let voxels = 0;
    radii.forEach((r, z) => {
      if (r === 0) return;
      const plane = draw((x, y) => (x - 32) ** 2 + ((y - 30) * 1.4) ** 2 <= r * r, columns, rows);
      plane.forEach((v, i) => {
        mask[z * columns * rows + i] = v;
        voxels += v;
      });
    });
    const size = sizeFromMask(mask, { columns, rows, slices, spacing });
    const plane4 = longestDiameter(
      mask.subarray(4 * columns * rows, 5 * columns * rows),
      columns,
      rows,
      [0.9, 0.9],
    );
    expect(size.slice).toBe(4);
    expect(size.longestMm).toBe(plane4.longestMm);
    expect(size.perpendicularMm).toBe(plane4.perpendicularMm);
    expect(Math.abs(size.longestMm - 2 * 17 * 0.9)).toBeLessThanOrEqual(0.9);
    expect(size.volumeMm3).toBeCloseTo(voxels * 0.9 * 0.9 * 3, 9);
  });

  it('reports slice −1 for an empty mask and rejects a mask of the wrong size', () => {
    const empty = sizeFromMask(new Uint8Array(columns * rows * slices), { columns, rows, slices, spacing });
    expect(empty).toMatchObject({ slice: -1, longestMm: 0, perpendicularMm: 0, volumeMm3: 0 });
    expect(() => sizeFromMask(new Uint8Array(10), { columns, rows, slices, spacing })).toThrow(RangeError);
  });
});
