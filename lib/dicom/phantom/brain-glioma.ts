import { normal } from '@/lib/study/seeded-random';
import { mulberry32 } from '@/lib/stats/bootstrap';
import { emptyVolume, voxelIndex, type Volume } from './volume';

export const SEQUENCES = ['T1', 'T1C', 'T2', 'FLAIR'] as const;
export type Sequence = (typeof SEQUENCES)[number];

/** Tissue classes of the phantom, in the order a voxel is assigned (later wins). */
const TISSUES = ['air', 'scalp', 'brain', 'csf', 'edema', 'ncet', 'enhancing', 'necrosis'] as const;
type Tissue = (typeof TISSUES)[number];

/** Signal of each tissue per sequence: contrasts as radiologists expect them (arbitrary units). */
const SIGNAL: Record<Sequence, Record<Tissue, number>> = {
  T1: { air: 0, scalp: 900, brain: 620, csf: 220, edema: 520, ncet: 470, enhancing: 480, necrosis: 300 },
  T1C: { air: 0, scalp: 950, brain: 640, csf: 230, edema: 540, ncet: 490, enhancing: 1350, necrosis: 310 },
  T2: { air: 0, scalp: 700, brain: 720, csf: 1800, edema: 1350, ncet: 1150, enhancing: 1050, necrosis: 1650 },
  FLAIR: { air: 0, scalp: 650, brain: 620, csf: 140, edema: 1250, ncet: 1100, enhancing: 950, necrosis: 520 },
};

export type GliomaTruth = {
  seed: number;
  /** Centre of the lesion in voxel coordinates (x, y, z). */
  center: [number, number, number];
  /** Semi-axes (mm) of the enhancing tumour's outer surface, necrotic core and edema. */
  tumourRadiiMm: [number, number, number];
  necrosisRadiiMm: [number, number, number];
  edemaRadiiMm: [number, number, number];
  /** Longest in-plane diameter of the T2/FLAIR abnormality, and its perpendicular (VASARI F29/F30), mm. */
  longestDiameterMm: number;
  perpendicularDiameterMm: number;
  /** Voxel counts and the VASARI proportions of the whole abnormality (enhancing + nCET + necrosis + edema). */
  voxels: Record<'enhancing' | 'ncet' | 'necrosis' | 'edema', number>;
  proportions: Record<'enhancing' | 'ncet' | 'necrosis' | 'edema', number>;
};

export type GliomaPhantom = { series: Record<Sequence, Volume>; truth: GliomaTruth };

export type PhantomOptions = {
  size?: number;
  slices?: number;
  pixelMm?: number;
  sliceMm?: number;
  noise?: number;
};

/**
 * A synthetic brain MR glioma, deterministic by seed: co-registered T1, T1 post-contrast, T2
 * and FLAIR volumes with an enhancing rim, a necrotic core, non-enhancing tumour on one side
 * and surrounding edema. Sizes and proportions vary with the seed; diameters and proportions
 * in the truth are measured on the voxels the generator actually labelled.
 */
export function brainGliomaPhantom(seed: number, options: PhantomOptions = {}): GliomaPhantom {
  const size = options.size ?? 256;
  const slices = options.slices ?? 48;
  const pixelMm = options.pixelMm ?? 0.9375;
  const sliceMm = options.sliceMm ?? 3;
  const random = mulberry32(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();

  const c: [number, number, number] = [
    size / 2 + between(-25, 25),
    size / 2 + between(-20, 20),
    slices / 2 + between(-4, 4),
  ];
  const tumour: [number, number, number] = [between(12, 24), between(10, 20), between(9, 18)];
  const necrosisScale = between(0.2, 0.7);
  const necrosis: [number, number, number] = [
    tumour[0] * necrosisScale,
    tumour[1] * necrosisScale,
    tumour[2] * necrosisScale,
  ];
  const edemaMargin = between(5, 18);
  const edema: [number, number, number] = [
    tumour[0] + edemaMargin,
    tumour[1] + edemaMargin * between(0.7, 1),
    tumour[2] + edemaMargin * 0.6,
  ];
  const ncetSide = between(0, 1) < 0.5 ? -1 : 1;
  const ncetExtent = between(0, 0.6);

  const labels = new Uint8Array(size * size * slices);
  const dims = { columns: size, rows: size };
  const inside = (
    x: number,
    y: number,
    z: number,
    centre: [number, number, number],
    r: [number, number, number],
  ) => {
    const dx = ((x - centre[0]) * pixelMm) / r[0];
    const dy = ((y - centre[1]) * pixelMm) / r[1];
    const dz = ((z - centre[2]) * sliceMm) / r[2];
    return dx * dx + dy * dy + dz * dz <= 1;
  };
  const head: [number, number, number] = [
    size * pixelMm * 0.42,
    size * pixelMm * 0.47,
    slices * sliceMm * 0.55,
  ];
  const brain: [number, number, number] = [head[0] - 7, head[1] - 7, head[2] - 6];
  const ventricle: [number, number, number] = [9, 22, 14];
  const mid: [number, number, number] = [size / 2, size / 2, slices / 2];
  const leftVentricle: [number, number, number] = [mid[0] - 12 / pixelMm, mid[1], mid[2]];
  const rightVentricle: [number, number, number] = [mid[0] + 12 / pixelMm, mid[1], mid[2]];
  const labelOf = Object.fromEntries(TISSUES.map((t, i) => [t, i])) as Record<Tissue, number>;
  const counts = { enhancing: 0, ncet: 0, necrosis: 0, edema: 0 };
  // Per slice, the extent of the abnormality (the lesion is axis-aligned, so its widest chords lie along x and y).
  const extent = Array.from({ length: slices }, () => ({
    minX: Infinity,
    maxX: -Infinity,
    minY: Infinity,
    maxY: -Infinity,
  }));
  for (let z = 0; z < slices; z++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let t: Tissue = 'air';
        if (inside(x, y, z, mid, head)) t = 'scalp';
        if (inside(x, y, z, mid, brain)) t = 'brain';
        if (
          t === 'brain' &&
          (inside(x, y, z, leftVentricle, ventricle) || inside(x, y, z, rightVentricle, ventricle))
        )
          t = 'csf';
        if (t !== 'air' && t !== 'scalp' && inside(x, y, z, c, edema)) t = 'edema';
        if (t !== 'air' && t !== 'scalp' && inside(x, y, z, c, tumour)) {
          // Non-enhancing tumour replaces the rim on one side; the rest enhances.
          const side = ((x - c[0]) * pixelMm) / tumour[0];
          t = side * ncetSide > 1 - ncetExtent * 2 ? 'ncet' : 'enhancing';
        }
        if (t !== 'air' && t !== 'scalp' && inside(x, y, z, c, necrosis)) t = 'necrosis';
        labels[voxelIndex(dims, x, y, z)] = labelOf[t];
        if (t === 'enhancing' || t === 'ncet' || t === 'necrosis' || t === 'edema') {
          counts[t]++;
          const e = extent[z]!;
          e.minX = Math.min(e.minX, x);
          e.maxX = Math.max(e.maxX, x);
          e.minY = Math.min(e.minY, y);
          e.maxY = Math.max(e.maxY, y);
        }
      }
    }
  }

  const series = {} as Record<Sequence, Volume>;
  const noise = options.noise ?? 12;
  for (const seq of SEQUENCES) {
    const v = emptyVolume(size, size, slices, [pixelMm, pixelMm, sliceMm]);
    const sequenceNoise = mulberry32((seed * 31 + SEQUENCES.indexOf(seq) + 1) >>> 0);
    for (let i = 0; i < labels.length; i++) {
      const tissue = TISSUES[labels[i]!]!;
      const value = SIGNAL[seq][tissue] + (tissue === 'air' ? 0 : normal(sequenceNoise, 0, noise));
      v.data[i] = Math.max(0, Math.round(value));
    }
    series[seq] = v;
  }

  const total = counts.enhancing + counts.ncet + counts.necrosis + counts.edema;
  // Longest in-plane diameter over all slices, and the perpendicular one on that slice, from the labelled voxels.
  let axes: [number, number] = [0, 0];
  for (const e of extent) {
    if (e.maxX < e.minX) continue;
    const pair = [(e.maxX - e.minX + 1) * pixelMm, (e.maxY - e.minY + 1) * pixelMm].sort((a, b) => b - a) as [
      number,
      number,
    ];
    if (pair[0] > axes[0]) axes = pair;
  }
  return {
    series,
    truth: {
      seed,
      center: c,
      tumourRadiiMm: tumour,
      necrosisRadiiMm: necrosis,
      edemaRadiiMm: edema,
      longestDiameterMm: axes[0],
      perpendicularDiameterMm: axes[1],
      voxels: counts,
      proportions: {
        enhancing: counts.enhancing / total,
        ncet: counts.ncet / total,
        necrosis: counts.necrosis / total,
        edema: counts.edema / total,
      },
    },
  };
}
