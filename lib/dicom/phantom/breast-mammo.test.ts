import { describe, expect, it } from 'vitest';
import {
  BREAST_LABEL,
  breastMammoPhantom,
  longestDiameterPx,
  MAMMO_VIEWS,
  type MammoImage,
} from './breast-mammo';

const small = { columns: 320, rows: 400, pixelMm: 0.6 };

/** Caliper width of a label over 180 directions, counting whole pixels: an independent Feret diameter. */
function feretPx(image: MammoImage, label: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  image.labels.forEach((l, i) => {
    if (l !== label) return;
    xs.push(i % image.columns);
    ys.push(Math.floor(i / image.columns));
  });
  let best = 0;
  for (let a = 0; a < 180; a++) {
    const [c, s] = [Math.cos((a * Math.PI) / 180), Math.sin((a * Math.PI) / 180)];
    let lo = Infinity;
    let hi = -Infinity;
    xs.forEach((x, k) => {
      const p = x * c + ys[k]! * s;
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    });
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

// Element-wise deep equality on half a million samples is slow; compare directly.
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

const meanWhere = (image: MammoImage, keep: (i: number) => boolean) => {
  let sum = 0;
  let n = 0;
  image.data.forEach((v, i) => {
    if (!keep(i)) return;
    sum += v;
    n++;
  });
  return sum / n;
};

describe('breastMammoPhantom', () => {
  it('is deterministic by seed and varies between seeds', () => {
    const a = breastMammoPhantom(4, small);
    const b = breastMammoPhantom(4, small);
    const c = breastMammoPhantom(5, small);
    expect(a.truth).toEqual(b.truth);
    for (const view of MAMMO_VIEWS) {
      expect(same(a.views[view].data, b.views[view].data)).toBe(true);
      expect(same(a.views[view].labels, b.views[view].labels)).toBe(true);
    }
    expect(same(c.views.CC.data, a.views.CC.data)).toBe(false);
  });

  it('gives 12-bit views of the default size, chest wall on the side of the laterality', () => {
    const lateralities = new Set<string>();
    for (const seed of [1, 7]) {
      const { views, truth } = breastMammoPhantom(seed);
      lateralities.add(truth.laterality);
      for (const view of MAMMO_VIEWS) {
        const image = views[view];
        expect(image).toMatchObject({ columns: 640, rows: 800, pixelMm: 0.3 });
        expect(image.data).toHaveLength(640 * 800);
        expect(image.data.every((v) => v <= 4095)).toBe(true);
        const mid = 400 * 640;
        const [wall, nippleSide] = truth.laterality === 'L' ? [mid, mid + 639] : [mid + 639, mid];
        expect(image.labels[wall]).not.toBe(BREAST_LABEL.air);
        expect(image.labels[nippleSide]).toBe(BREAST_LABEL.air);
        // The pectoral muscle sits in the upper corner at the chest wall, in the MLO only.
        const corner = truth.laterality === 'L' ? 0 : 639;
        expect(image.labels[corner]).toBe(view === 'MLO' ? BREAST_LABEL.pectoral : BREAST_LABEL.air);
      }
    }
    expect([...lateralities].sort()).toEqual(['L', 'R']);
  });

  it('draws circumscribed and spiculated masses over seeds 1..12, consistently labelled', () => {
    const margins = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const { views, truth } = breastMammoPhantom(seed, small);
      margins.add(truth.margin);
      expect(truth.shape === 'irregular').toBe(truth.margin === 'spiculated');
      for (const view of MAMMO_VIEWS) {
        const image = views[view];
        const [cx, cy] = truth.centers[view].map(Math.round) as [number, number];
        expect(image.labels[cy * image.columns + cx]).toBe(BREAST_LABEL.mass);
        expect(image.labels.includes(BREAST_LABEL.spicule)).toBe(truth.margin === 'spiculated');
      }
    }
    expect([...margins].sort()).toEqual(['circumscribed', 'spiculated']);
  });

  it('makes the mass brighter than the tissue around it', () => {
    for (const seed of [1, 5, 7, 10]) {
      const { views, truth } = breastMammoPhantom(seed);
      for (const view of MAMMO_VIEWS) {
        const image = views[view];
        const area = image.labels.filter((l) => l === BREAST_LABEL.mass).length;
        const r = Math.sqrt(area / Math.PI);
        const [cx, cy] = truth.centers[view];
        const ring = (i: number) => {
          const d = Math.hypot((i % image.columns) - cx, Math.floor(i / image.columns) - cy);
          return d > 2 * r && d < 4 * r && image.labels[i] === BREAST_LABEL.tissue;
        };
        const mass = meanWhere(image, (i) => image.labels[i] === BREAST_LABEL.mass);
        expect(mass - meanWhere(image, ring)).toBeGreaterThan(400);
      }
    }
  });

  it('reports a longest diameter within two pixels of a caliper measurement of the CC core', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { views, truth } = breastMammoPhantom(seed);
      const measured = feretPx(views.CC, BREAST_LABEL.mass) * views.CC.pixelMm;
      expect(Math.abs(truth.longestDiameterMm - measured)).toBeLessThanOrEqual(2 * views.CC.pixelMm);
      expect(truth.longestDiameterMm).toBeGreaterThan(5);
      expect(truth.longestDiameterMm).toBeLessThan(40);
    }
  });
});

describe('longestDiameterPx', () => {
  it('measures a known rectangle corner to corner', () => {
    const labels = new Uint8Array(20 * 10);
    for (let y = 2; y < 6; y++) for (let x = 3; x < 11; x++) labels[y * 20 + x] = 3;
    expect(longestDiameterPx(labels, 20, 10, 3)).toBeCloseTo(Math.hypot(7, 3) + 1, 10);
    expect(longestDiameterPx(labels, 20, 10, 4)).toBe(0);
  });
});
