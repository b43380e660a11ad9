import { mulberry32 } from '@/lib/stats/bootstrap';
import { normal } from '@/lib/study/seeded-random';

export const MAMMO_VIEWS = ['CC', 'MLO'] as const;
export type MammoView = (typeof MAMMO_VIEWS)[number];

/** Per-pixel classes the generator assigned; mass and spicule are kept apart so sizes exclude spicules. */
export const BREAST_LABEL = { air: 0, tissue: 1, pectoral: 2, mass: 3, spicule: 4 } as const;

export type MammoImage = {
  columns: number;
  rows: number;
  /** Millimetres per pixel, square, at the object (no magnification). */
  pixelMm: number;
  /** 12-bit presentation values: air dark, dense tissue bright (MONOCHROME2). */
  data: Uint16Array;
  /** BREAST_LABEL per pixel, in the same orientation as data. */
  labels: Uint8Array;
};

export type BreastTruth = {
  seed: number;
  laterality: 'L' | 'R';
  shape: 'oval' | 'round' | 'irregular';
  margin: 'circumscribed' | 'spiculated';
  /** Longest diameter of the CC mass core (spicules excluded), measured on its labelled pixels. */
  longestDiameterMm: number;
  /** Where the mass was placed in each view: [column, row] in pixels. */
  centers: Record<MammoView, [number, number]>;
};

/** Defaults: 640×800 pixels of 0.3 mm, an 18×24 cm detector field, so a view builds in about 0.1 s. */
export type BreastPhantomOptions = { columns?: number; rows?: number; pixelMm?: number; noise?: number };

const AIR = 40;
const FAT = 1150;
const GLAND = 850;
const PECTORAL = 1850;
const MASS = 2600;

/**
 * A synthetic screening mammogram of one breast, deterministic by seed: CC and MLO views of a
 * breast against air with the chest wall at one edge (the pectoral muscle in the MLO corner),
 * fibroglandular texture from smoothed seeded noise, and one mass seen in both views. The mass is
 * either oval/round and circumscribed, or irregular with spicules radiating from it.
 */
export function breastMammoPhantom(
  seed: number,
  options: BreastPhantomOptions = {},
): { views: Record<MammoView, MammoImage>; truth: BreastTruth } {
  const columns = options.columns ?? 640;
  const rows = options.rows ?? 800;
  const pixelMm = options.pixelMm ?? 0.3;
  const noise = options.noise ?? 18;
  const random = mulberry32(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();

  const laterality = random() < 0.5 ? 'L' : 'R';
  const spiculated = random() < 0.5;
  const round = !spiculated && random() < 0.35;
  const shape = spiculated ? 'irregular' : round ? 'round' : 'oval';
  const radiusPx = between(spiculated ? 4 : 5, spiculated ? 10 : 12) / pixelMm;
  const mass: MassShape = {
    rx: radiusPx,
    ry: radiusPx * (round ? between(0.92, 1) : spiculated ? between(0.75, 1) : between(0.55, 0.8)),
    angle: between(0, Math.PI),
    lobes: spiculated
      ? [2, 3, 4, 5, 7].map((k) => ({ k, amplitude: between(0.03, 0.1), phase: between(0, 2 * Math.PI) }))
      : [],
    spicules: spiculated
      ? Array.from({ length: Math.floor(between(8, 17)) }, () => ({
          angle: between(0, 2 * Math.PI),
          length: between(1.2, 2.6),
          width: between(1.5, 3),
        }))
      : [],
  };
  const density = between(-0.6, 0.6);
  const depthFraction = between(0.3, 0.6);
  const breast = {
    CC: { depth: columns * between(0.58, 0.8), centre: rows / 2, half: rows * between(0.34, 0.44) },
    MLO: { depth: 0, centre: rows * between(0.5, 0.58), half: rows * between(0.4, 0.46) },
  };
  breast.MLO.depth = Math.min(columns * 0.92, breast.CC.depth * between(1, 1.1));
  const power = between(1.6, 2.4);
  const pectoral = { width: columns * between(0.22, 0.32), height: rows * between(0.45, 0.6) };
  const offsets = { CC: between(-0.4, 0.4), MLO: between(-0.3, 0.3) };
  const tilt = between(-0.35, 0.35);

  const views = {} as Record<MammoView, MammoImage>;
  const centers = {} as Record<MammoView, [number, number]>;
  MAMMO_VIEWS.forEach((view, v) => {
    const { depth, centre, half } = breast[view];
    const mlo = view === 'MLO';
    const pectoralEdge = (y: number) => (mlo ? Math.max(0, pectoral.width * (1 - y / pectoral.height)) : 0);
    // Skin edge per row, measured from the chest wall; the MLO keeps the axillary tail over the muscle.
    const edge = new Float32Array(rows);
    const labels = new Uint8Array(columns * rows);
    for (let y = 0; y < rows; y++) {
      const u = (y - centre) / half;
      const p = pectoralEdge(y);
      let e = Math.abs(u) < 1 ? depth * Math.pow(1 - u * u, 1 / power) : 0;
      if (mlo && y < pectoral.height) e = Math.max(e, p + 15 / pixelMm);
      edge[y] = e;
      for (let x = 0; x < e && x < columns; x++) {
        labels[y * columns + x] = x < p ? BREAST_LABEL.pectoral : BREAST_LABEL.tissue;
      }
    }
    const cy = centre + offsets[view] * half;
    let cx = depthFraction * edge[Math.round(cy)]!;
    if (mlo) cx = Math.max(cx, pectoralEdge(cy) + radiusPx + 10 / pixelMm);

    const field = new Float32Array(columns * rows);
    const texture = mulberry32((seed * 977 + v + 1) >>> 0);
    for (let i = 0; i < field.length; i++) field[i] = texture() * 2 - 1;
    const fine = field.slice();
    smooth(field, columns, rows, 6 / pixelMm, 3 / pixelMm);
    smooth(fine, columns, rows, 0.8 / pixelMm, 0.8 / pixelMm);
    const coarseScale = 1 / rms(field);
    const fineScale = 1 / rms(fine);
    const skin = chamferDistance(labels, columns, rows);

    const value = new Float32Array(columns * rows);
    const quantum = mulberry32((seed * 7919 + v + 1) >>> 0);
    const fall = 12 / pixelMm;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const i = y * columns + x;
        const label = labels[i]!;
        if (label === BREAST_LABEL.air) {
          value[i] = AIR;
          continue;
        }
        const f = fine[i]! * fineScale;
        if (label === BREAST_LABEL.pectoral) {
          value[i] = PECTORAL + 60 * f + normal(quantum, 0, noise);
          continue;
        }
        // Glandular tissue gathers behind the nipple and thins toward the skin and chest wall.
        const gx = (x - 0.4 * depth) / depth;
        const gy = (y - centre) / half;
        const g = 0.75 * field[i]! * coarseScale + 0.35 * f + density - 2.2 * (gx * gx + gy * gy);
        const gland = 1 / (1 + Math.exp(-1.8 * g));
        const d = skin[i]!;
        value[i] =
          FAT * (0.75 + 0.25 * Math.min(1, d / fall)) +
          GLAND * gland * Math.min(1, d / fall) +
          (d < 2 ? 150 : 0) +
          normal(quantum, 0, noise);
      }
    }
    const angle = mass.angle + (mlo ? tilt : 0);
    drawMass({ value, labels, columns, rows }, { ...mass, angle }, cx, cy);

    const data = new Uint16Array(columns * rows);
    const flip = laterality === 'R';
    for (let y = 0; y < rows; y++) {
      const row = y * columns;
      for (let x = 0; x < columns; x++) {
        const s = Math.round(value[row + x]!);
        data[row + (flip ? columns - 1 - x : x)] = s < 0 ? 0 : s > 4095 ? 4095 : s;
      }
      if (flip) labels.subarray(row, row + columns).reverse();
    }
    views[view] = { columns, rows, pixelMm, data, labels };
    centers[view] = [flip ? columns - 1 - cx : cx, cy];
  });

  return {
    views,
    truth: {
      seed,
      laterality,
      shape,
      margin: spiculated ? 'spiculated' : 'circumscribed',
      longestDiameterMm: longestDiameterPx(views.CC.labels, columns, rows, BREAST_LABEL.mass) * pixelMm,
      centers,
    },
  };
}

type PaintImage = { value: Float32Array; labels: Uint8Array; columns: number; rows: number };
type MassShape = {
  rx: number;
  ry: number;
  angle: number;
  lobes: { k: number; amplitude: number; phase: number }[];
  spicules: { angle: number; length: number; width: number }[];
};

/** Paints the mass core (lobulated for irregular masses) and its spicules over breast tissue only. */
function drawMass(image: PaintImage, mass: MassShape, cx: number, cy: number): void {
  const { value, labels, columns, rows } = image;
  const cos = Math.cos(mass.angle);
  const sin = Math.sin(mass.angle);
  const reach = Math.ceil(mass.rx * 1.5);
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(rows - 1, cy + reach); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(columns - 1, cx + reach); x++) {
      const i = y * columns + x;
      if (labels[i] !== BREAST_LABEL.tissue) continue;
      const u = ((x - cx) * cos + (y - cy) * sin) / mass.rx;
      const w = (-(x - cx) * sin + (y - cy) * cos) / mass.ry;
      const theta = Math.atan2(w, u);
      let boundary = 1;
      for (const lobe of mass.lobes) boundary += lobe.amplitude * Math.cos(lobe.k * theta + lobe.phase);
      const rho = Math.sqrt(u * u + w * w) / boundary;
      if (rho > 1) continue;
      labels[i] = BREAST_LABEL.mass;
      value[i] = MASS - 250 * rho * rho + 0.2 * (value[i]! - FAT);
    }
  }
  for (const spicule of mass.spicules) {
    const length = spicule.length * mass.rx * 1.6;
    const dx = Math.cos(spicule.angle + mass.angle);
    const dy = Math.sin(spicule.angle + mass.angle);
    for (let s = 0; s <= length; s += 0.5) {
      const t = s / length;
      const r = (spicule.width * (1 - 0.7 * t)) / 2;
      const px = cx + dx * s;
      const py = cy + dy * s;
      for (let y = Math.floor(py - r); y <= Math.ceil(py + r); y++) {
        for (let x = Math.floor(px - r); x <= Math.ceil(px + r); x++) {
          if (x < 0 || y < 0 || x >= columns || y >= rows || (x - px) ** 2 + (y - py) ** 2 > r * r) continue;
          const i = y * columns + x;
          if (labels[i] !== BREAST_LABEL.tissue && labels[i] !== BREAST_LABEL.spicule) continue;
          labels[i] = BREAST_LABEL.spicule;
          value[i] = Math.max(value[i]!, Math.min(2450, FAT + GLAND + 400 * (1 - 0.6 * t)));
        }
      }
    }
  }
}

/** Longest distance between two pixels of a label, in pixels, counting each pixel's full width. */
export function longestDiameterPx(labels: Uint8Array, columns: number, rows: number, label: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  const is = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < columns && y < rows && labels[y * columns + x] === label;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      // Only boundary pixels can be the ends of the longest chord.
      if (!is(x, y) || (is(x - 1, y) && is(x + 1, y) && is(x, y - 1) && is(x, y + 1))) continue;
      xs.push(x);
      ys.push(y);
    }
  }
  let best = 0;
  for (let a = 0; a < xs.length; a++) {
    for (let b = a + 1; b < xs.length; b++) {
      const d = (xs[a]! - xs[b]!) ** 2 + (ys[a]! - ys[b]!) ** 2;
      if (d > best) best = d;
    }
  }
  return xs.length === 0 ? 0 : Math.sqrt(best) + 1;
}

/** Three box passes per axis approximate a Gaussian; running sums keep it linear in the pixel count. */
function smooth(field: Float32Array, columns: number, rows: number, radiusX: number, radiusY: number): void {
  const tmp = new Float32Array(field.length);
  for (let pass = 0; pass < 3; pass++) {
    boxLines(field, tmp, rows, columns, columns, 1, Math.max(1, Math.round(radiusX / 1.7)));
    boxLines(tmp, field, columns, rows, 1, columns, Math.max(1, Math.round(radiusY / 1.7)));
  }
}

function boxLines(
  src: Float32Array,
  dst: Float32Array,
  lines: number,
  length: number,
  lineStride: number,
  step: number,
  r: number,
): void {
  const scale = 1 / (2 * r + 1);
  const at = (base: number, k: number) => src[base + Math.min(length - 1, Math.max(0, k)) * step]!;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStride;
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += at(base, k);
    for (let k = 0; k < length; k++) {
      dst[base + k * step] = sum * scale;
      sum += at(base, k + r + 1) - at(base, k - r);
    }
  }
}

/** Smoothed zero-mean noise: its root mean square is its standard deviation. */
function rms(values: Float32Array): number {
  let squares = 0;
  for (const v of values) squares += v * v;
  return Math.sqrt(squares / values.length) || 1;
}

/** Chamfer distance (pixels) from each pixel to the nearest air pixel; the image border is not skin. */
function chamferDistance(labels: Uint8Array, columns: number, rows: number): Float32Array {
  const d = new Float32Array(columns * rows);
  for (let i = 0; i < d.length; i++) d[i] = labels[i] === BREAST_LABEL.air ? 0 : 1e9;
  // Forward pass looks at the already visited neighbours above and left; the backward pass mirrors it.
  for (const dir of [1, -1]) {
    for (let n = 0; n < d.length; n++) {
      const i = dir === 1 ? n : d.length - 1 - n;
      const x = i % columns;
      const y = (i - x) / columns;
      const up = y - dir >= 0 && y - dir < rows;
      let best = d[i]!;
      if (x - dir >= 0 && x - dir < columns) best = Math.min(best, d[i - dir]! + 1);
      if (up) best = Math.min(best, d[i - dir * columns]! + 1);
      if (up && x > 0) best = Math.min(best, d[i - dir * columns - 1]! + Math.SQRT2);
      if (up && x < columns - 1) best = Math.min(best, d[i - dir * columns + 1]! + Math.SQRT2);
      d[i] = best;
    }
  }
  return d;
}
