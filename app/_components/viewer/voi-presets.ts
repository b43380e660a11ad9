/** Window/level presets offered for a modality; 'file' and 'auto' need the image, 'window' does not. */
export type VoiPreset =
  | { id: string; label: string; kind: 'file' }
  | { id: string; label: string; kind: 'auto' }
  | { id: string; label: string; kind: 'window'; ww: number; wc: number };

const FROM_FILE: VoiPreset = { id: 'file', label: 'Default (from file)', kind: 'file' };
const AUTO: VoiPreset = { id: 'auto', label: 'Auto (min/max)', kind: 'auto' };

/** CT windows in Hounsfield units; they mean nothing on MR or radiographs, whose values are arbitrary. */
const CT: VoiPreset[] = [
  FROM_FILE,
  { id: 'brain', label: 'Brain (80/40)', kind: 'window', ww: 80, wc: 40 },
  { id: 'soft-tissue', label: 'Soft tissue (400/40)', kind: 'window', ww: 400, wc: 40 },
  { id: 'lung', label: 'Lung (1500/−600)', kind: 'window', ww: 1500, wc: -600 },
  { id: 'bone', label: 'Bone (2000/300)', kind: 'window', ww: 2000, wc: 300 },
];

export function presetsFor(modality: string | null | undefined): VoiPreset[] {
  return (modality ?? '').toUpperCase() === 'CT' ? CT : [FROM_FILE, AUTO];
}

/** The full range of the stored values, in modality units (rescaled unless already pre-scaled). */
export function minMaxRange(
  pixels: ArrayLike<number>,
  slope = 1,
  intercept = 0,
): { lower: number; upper: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const [a, b] = [min * slope + intercept, max * slope + intercept];
  const lower = Math.min(a, b);
  const upper = Math.max(a, b);
  return { lower, upper: upper > lower ? upper : lower + 1 };
}

/** Linear VOI: the window [wc − ww/2, wc + ww/2]. */
export function windowRange(ww: number, wc: number) {
  return { lower: wc - ww / 2, upper: wc + ww / 2 };
}
