import type { StackViewport } from '@cornerstonejs/core';
import { minMaxRange, type VoiPreset, windowRange } from './voi-presets';

/** Applies a window/level preset to one viewport. */
export function applyPreset(vp: StackViewport, preset: VoiPreset) {
  if (preset.kind === 'file') {
    vp.resetProperties();
    return;
  }
  if (preset.kind === 'auto') {
    const image = vp.getCornerstoneImage();
    if (!image) return;
    const scaled = !!image.preScale?.scaled;
    const range = minMaxRange(image.getPixelData(), scaled ? 1 : image.slope, scaled ? 0 : image.intercept);
    if (range) vp.setProperties({ voiRange: range });
  } else {
    vp.setProperties({ voiRange: windowRange(preset.ww, preset.wc) });
  }
  vp.render();
}

/** Fits the image to the viewport (zoom and pan reset, window kept). */
export function fit(vp: StackViewport) {
  vp.resetCamera();
  vp.render();
}

/** Back to how the image first appeared: camera and window/level from the file. */
export function reset(vp: StackViewport) {
  vp.resetCamera();
  vp.resetProperties();
}

/** Keyboard scrolling: arrows by one image, Page keys by a tenth of the stack, Home/End to the ends. */
export function scrollForKey(vp: StackViewport, key: string): boolean {
  const total = vp.getImageIds().length;
  if (total < 2) return false;
  const page = Math.max(1, Math.round(total / 10));
  const delta: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -page, PageDown: page };
  if (key in delta) {
    vp.scroll(delta[key]!);
    return true;
  }
  if (key === 'Home' || key === 'End') {
    void vp.setImageIdIndex(key === 'Home' ? 0 : total - 1);
    return true;
  }
  return false;
}
