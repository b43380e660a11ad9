import { describe, expect, it } from 'vitest';
import {
  brainGliomaPhantom,
  type GliomaPhantom,
  type GliomaTruth,
  type PhantomOptions,
} from '@/lib/dicom/phantom/brain-glioma';
import { mulberry32 } from '@/lib/stats/bootstrap';
import { normal } from '@/lib/study/seeded-random';
import { sizeFromMask } from './diameters';
import { segmentLesion, type LesionRoi, type ScalarVolume } from './segment-lesion';

const N = 96;
const SLICES = 40;
const SPACING: [number, number, number] = [1, 1, 2];
const C = [48, 46, 20] as const;

/** A noisy synthetic volume: `level(x, y, z)` plus Gaussian noise, and how many voxels `isLesion` holds. */
function synthetic(level: (dx: number, dy: number, dz: number) => number, noise = 15) {
  const random = mulberry32(7);
  const data = new Int16Array(N * N * SLICES);
  for (let z = 0, i = 0; z < SLICES; z++) {
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++, i++)
        data[i] = Math.round(level(x - C[0], y - C[1], z - C[2]) + normal(random, 0, noise));
    }
  }
  return { columns: N, rows: N, slices: SLICES, spacing: SPACING, data } satisfies ScalarVolume;
}

/** Inside an ellipsoid with semi-axes in mm, centred on C. */
const within = (dx: number, dy: number, dz: number, r: [number, number, number]) =>
  (dx / r[0]) ** 2 + (dy / r[1]) ** 2 + ((dz * SPACING[2]) / r[2]) ** 2 <= 1;
const LESION: [number, number, number] = [20, 14, 16];
const CORE: [number, number, number] = [6, 5, 5];
const count = (test: (dx: number, dy: number, dz: number) => boolean) => {
  let n = 0;
  for (let z = 0; z < SLICES; z++)
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) if (test(x - C[0], y - C[1], z - C[2])) n++;
  return n;
};
const roiOn = (radii: [number, number], shape: LesionRoi['shape'] = 'ellipse'): LesionRoi => ({
  slice: C[2],
  shape,
  center: [C[0] + 2, C[1] - 1],
  radii,
});

describe('segmentLesion on synthetic volumes', () => {
  // A bright lesion with a dark necrotic core, and a dark CSF-like blob beside it.
  const volume = synthetic((dx, dy, dz) => {
    if (within(dx, dy, dz, CORE)) return 350;
    if (within(dx, dy, dz, LESION)) return 1200;
    if (within(dx - 30, dy, dz, [6, 10, 20])) return 150;
    return 620;
  });
  const truth = count((dx, dy, dz) => within(dx, dy, dz, LESION));

  it('finds a bright lesion, fills its necrotic core, and puts the threshold between the tissues', () => {
    for (const shape of ['ellipse', 'box'] as const) {
      const seg = segmentLesion(volume, roiOn([18, 13], shape));
      expect(Math.abs(seg.voxels - truth) / truth).toBeLessThan(0.03);
      expect(seg.volumeMm3).toBeCloseTo(seg.voxels * 2, 9);
      expect(seg.slices).toEqual([C[2] - 7, C[2] + 7]);
      expect(seg.threshold).toBeGreaterThan(700);
      expect(seg.threshold).toBeLessThan(1100);
      expect(seg.background).toBeCloseTo(620, -1);
      expect(seg.lesionLevel).toBeCloseTo(1200, -1);
      expect(seg.clipped).toBe(false);
      expect(seg.method).toBe(
        'ring-median-midpoint-threshold+3x3-mean/slice-wise-6-connected-growth/2d-hole-fill',
      );
      // Every core voxel is lesion, and nothing lies far outside the ellipsoid.
      let coreMissed = 0;
      let strays = 0;
      for (let z = 0, i = 0; z < SLICES; z++) {
        for (let y = 0; y < N; y++) {
          for (let x = 0; x < N; x++, i++) {
            const [dx, dy, dz] = [x - C[0], y - C[1], z - C[2]];
            if (within(dx, dy, dz, CORE) && !seg.mask[i]) coreMissed++;
            if (seg.mask[i] && !within(dx, dy, dz, [LESION[0] + 2, LESION[1] + 2, LESION[2] + 2])) strays++;
          }
        }
      }
      expect([coreMissed, strays]).toEqual([0, 0]);
    }
  });

  it('leaves the core out when hole filling is off, and honours a fixed threshold', () => {
    const open = segmentLesion(volume, roiOn([18, 13]), { fillHoles: false });
    const core = count((dx, dy, dz) => within(dx, dy, dz, CORE));
    expect(Math.abs(open.voxels - (truth - core)) / truth).toBeLessThan(0.03);
    expect(open.method.endsWith('2d-hole-fill')).toBe(false);
    const fixed = segmentLesion(volume, roiOn([18, 13]), { threshold: 900 });
    expect(fixed.threshold).toBe(900);
    expect(fixed.method.startsWith('fixed-threshold')).toBe(true);
  });

  it('segments a dark lesion with polarity "dark"', () => {
    const dark = synthetic((dx, dy, dz) => (within(dx, dy, dz, LESION) ? 250 : 620));
    const seg = segmentLesion(dark, roiOn([22, 12]), { polarity: 'dark' });
    expect(Math.abs(seg.voxels - truth) / truth).toBeLessThan(0.03);
    expect(seg.threshold).toBeGreaterThan(300);
    expect(seg.threshold).toBeLessThan(570);
  });

  it('stops growing at a slice whose area jumps, as when the lesion touches a bright slab', () => {
    const top = C[2] + 7;
    const slab = synthetic((dx, dy, dz) => (dz > 7 || within(dx, dy, dz, LESION) ? 1200 : 620));
    const seg = segmentLesion(slab, roiOn([18, 13]));
    expect(seg.slices[1]).toBe(top);
    expect(Math.abs(seg.voxels - truth) / truth).toBeLessThan(0.03);
  });

  it('flags a region cut off by a search bound smaller than the lesion', () => {
    const seg = segmentLesion(volume, roiOn([14, 10]), { searchMargin: 1 });
    expect(seg.clipped).toBe(true);
    expect(seg.voxels).toBeLessThan(truth);
  });

  it('rejects ROIs off the volume', () => {
    expect(() => segmentLesion(volume, { ...roiOn([10, 10]), slice: SLICES })).toThrow(RangeError);
    expect(() => segmentLesion(volume, roiOn([0, 10]))).toThrow(RangeError);
    expect(() => segmentLesion(volume, { ...roiOn([5, 5]), center: [500, 500] })).toThrow(RangeError);
  });
});

/** The rough ROI a reader might draw: truth's centre slice, radii ±30%, centre a few voxels off. */
function roughRoi(truth: GliomaTruth, spacing: [number, number, number]): LesionRoi {
  const random = mulberry32(truth.seed * 7919);
  const off = () => Math.round(-3 + 6 * random());
  const scale = () => 0.7 + 0.6 * random();
  const center: [number, number] = [Math.round(truth.center[0]) + off(), Math.round(truth.center[1]) + off()];
  return {
    slice: Math.round(truth.center[2]),
    shape: 'ellipse',
    center,
    radii: [(truth.edemaRadiiMm[0] / spacing[0]) * scale(), (truth.edemaRadiiMm[1] / spacing[1]) * scale()],
  };
}

const fullSize = new Map<number, GliomaPhantom>();
/** Full-size phantoms take most of a second to build, so the timing test reuses one. */
const phantom = (seed: number, options: PhantomOptions): GliomaPhantom => {
  if (Object.keys(options).length > 0) return brainGliomaPhantom(seed, options);
  if (!fullSize.has(seed)) fullSize.set(seed, brainGliomaPhantom(seed));
  return fullSize.get(seed)!;
};

type Errors = { longestMm: number; perpendicularMm: number; volumePct: number };

/** Segments the FLAIR phantom from a rough ROI, asserts the sizing bounds and returns the errors. */
function sizeAgainstTruth(seed: number, options: PhantomOptions): Errors {
  const { series, truth } = phantom(seed, options);
  const flair = series.FLAIR;
  const seg = segmentLesion(flair, roughRoi(truth, flair.spacing));
  const size = sizeFromMask(seg.mask, flair);
  const v = truth.voxels;
  const trueVolume =
    (v.edema + v.ncet + v.enhancing + v.necrosis) * flair.spacing[0] * flair.spacing[1] * flair.spacing[2];
  const errors = {
    longestMm: size.longestMm - truth.longestDiameterMm,
    perpendicularMm: size.perpendicularMm - truth.perpendicularDiameterMm,
    volumePct: (100 * (seg.volumeMm3 - trueVolume)) / trueVolume,
  };
  expect(seg.clipped).toBe(false);
  expect(Math.abs(errors.longestMm)).toBeLessThanOrEqual(Math.max(0.1 * truth.longestDiameterMm, 3));
  expect(Math.abs(errors.perpendicularMm)).toBeLessThanOrEqual(
    Math.max(0.15 * truth.perpendicularDiameterMm, 3),
  );
  expect(Math.abs(errors.volumePct)).toBeLessThanOrEqual(20);
  return errors;
}

function summary(errors: Errors[]) {
  const of = (key: keyof Errors) => {
    const abs = errors.map((e) => Math.abs(e[key]));
    return { mae: abs.reduce((a, b) => a + b, 0) / abs.length, max: Math.max(...abs) };
  };
  return { longestMm: of('longestMm'), perpendicularMm: of('perpendicularMm'), volumePct: of('volumePct') };
}

describe('segmentLesion + sizeFromMask on the brain glioma phantom', () => {
  it('sizes the FLAIR abnormality of seeds 1..12 (coarse phantom) from a rough ROI', () => {
    const coarse = { size: 128, slices: 24, pixelMm: 1.875, sliceMm: 6 };
    const errors = Array.from({ length: 12 }, (_, i) => sizeAgainstTruth(i + 1, coarse));
    const s = summary(errors);
    // Pixels are 1.875 mm here: the errors are a pixel or so, and the volume is nearly exact.
    expect(s.longestMm.mae).toBeLessThan(1.5);
    expect(s.perpendicularMm.mae).toBeLessThan(3);
    expect(s.volumePct.mae).toBeLessThan(2);
  });

  it('sizes seeds 2, 7 and 12 at full size (256 × 256 × 48) within a pixel or two', () => {
    const errors = [2, 7, 12].map((seed) => sizeAgainstTruth(seed, {}));
    const s = summary(errors);
    expect(s.longestMm.max).toBeLessThan(1.5);
    expect(s.perpendicularMm.max).toBeLessThan(2.5);
    expect(s.volumePct.max).toBeLessThan(2);
  });

  it('segments a 256 × 256 × 48 volume in well under 200 ms', () => {
    const { series, truth } = phantom(12, {});
    const roi = roughRoi(truth, series.FLAIR.spacing);
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      segmentLesion(series.FLAIR, roi);
      best = Math.min(best, performance.now() - start);
    }
    expect(best).toBeLessThan(200);
  });
});
