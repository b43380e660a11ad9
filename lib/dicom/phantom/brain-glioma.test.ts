import { describe, expect, it } from 'vitest';
import { brainGliomaPhantom, SEQUENCES } from './brain-glioma';
import { voxelIndex } from './volume';

const small = { size: 128, slices: 24, pixelMm: 1.875, sliceMm: 6 };

describe('brainGliomaPhantom', () => {
  it('is deterministic by seed and varies between seeds', () => {
    const a = brainGliomaPhantom(3, small);
    const b = brainGliomaPhantom(3, small);
    const c = brainGliomaPhantom(4, small);
    expect(a.truth).toEqual(b.truth);
    expect(a.series.FLAIR.data).toEqual(b.series.FLAIR.data);
    expect(c.truth.longestDiameterMm).not.toBe(a.truth.longestDiameterMm);
    expect(c.truth.proportions.enhancing).not.toBe(a.truth.proportions.enhancing);
  });

  it('gives four co-registered series with real spacing', () => {
    const { series } = brainGliomaPhantom(1, small);
    for (const s of SEQUENCES) {
      expect(series[s]).toMatchObject({ columns: 128, rows: 128, slices: 24, spacing: [1.875, 1.875, 6] });
      expect(series[s].data).toHaveLength(128 * 128 * 24);
    }
  });

  it('has the contrasts of a glioma: an enhancing rim on T1C, a bright FLAIR abnormality, dark CSF on FLAIR', () => {
    const { series, truth } = brainGliomaPhantom(5, small);
    const [cx, cy, cz] = truth.center.map(Math.round) as [number, number, number];
    const at = (s: (typeof SEQUENCES)[number], x: number, y: number, z: number) =>
      series[s].data[voxelIndex(series[s], x, y, z)]!;
    const rimX = Math.round(cx + (truth.tumourRadiiMm[0] * 0.9) / small.pixelMm);
    expect(at('T1C', rimX, cy, cz)).toBeGreaterThan(1100);
    expect(at('T1', rimX, cy, cz)).toBeLessThan(700);
    expect(at('FLAIR', cx, cy, cz)).toBeLessThan(800); // necrotic core
    const edemaX = Math.round(cx + (truth.tumourRadiiMm[0] + truth.edemaRadiiMm[0]) / 2 / small.pixelMm);
    expect(at('FLAIR', edemaX, cy, cz)).toBeGreaterThan(1000);
  });

  it('reports a longest diameter that matches the FLAIR abnormality on its widest slice, within two voxels', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { series, truth } = brainGliomaPhantom(seed, small);
      const flair = series.FLAIR;
      const cz = Math.round(truth.center[2]);
      const cy = Math.round(truth.center[1]);
      const cx = Math.round(truth.center[0]);
      let xs: number[] = [];
      for (let x = 0; x < flair.columns; x++) if (flair.data[voxelIndex(flair, x, cy, cz)]! > 900) xs.push(x);
      xs = xs.filter((x) => Math.abs(x - cx) < truth.edemaRadiiMm[0] / small.pixelMm + 3);
      const widthX = (Math.max(...xs) - Math.min(...xs) + 1) * small.pixelMm;
      expect(Math.abs(widthX - 2 * truth.edemaRadiiMm[0])).toBeLessThanOrEqual(2 * small.pixelMm + 1e-9);
      expect(truth.longestDiameterMm).toBeGreaterThanOrEqual(widthX - 1e-9);
      expect(
        Math.abs(truth.longestDiameterMm - 2 * Math.max(truth.edemaRadiiMm[0], truth.edemaRadiiMm[1])),
      ).toBeLessThanOrEqual(2 * small.pixelMm + 1e-9);
      expect(truth.longestDiameterMm).toBeGreaterThanOrEqual(truth.perpendicularDiameterMm);
      const sum = Object.values(truth.proportions).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
