import 'client-only';

import type * as CoreNS from '@cornerstonejs/core';
import type * as LoaderNS from '@cornerstonejs/dicom-image-loader';
import type * as MetadataNS from '@cornerstonejs/metadata';
import type * as ToolsNS from '@cornerstonejs/tools';
import { setCacheProbe } from './debug';

export type CoreModule = typeof CoreNS;
export type ToolsModule = typeof ToolsNS;
export type LoaderModule = typeof LoaderNS;
export type MetadataModule = typeof MetadataNS;
export type Cornerstone = {
  core: CoreModule;
  tools: ToolsModule;
  loader: LoaderModule;
  /** The metadata store the loaders fill (it also keeps each loaded file's bytes). */
  metadata: MetadataModule;
};
export type Backend = 'cpu' | 'gpu';

/** The image cache cap. Cornerstone's default is 3 GB, far more than a reading session needs. */
export const CACHE_BYTES = 512 * 1024 * 1024;

/** Tool names as cornerstone registers them (the tools' static `toolName`). */
export const TOOL = {
  WindowLevel: 'WindowLevel',
  Pan: 'Pan',
  Zoom: 'Zoom',
  StackScroll: 'StackScroll',
  Length: 'Length',
  Bidirectional: 'Bidirectional',
  EllipticalROI: 'EllipticalROI',
  RectangleROI: 'RectangleROI',
} as const;
export type ToolName = (typeof TOOL)[keyof typeof TOOL];

let ready: Promise<Cornerstone> | null = null;

/**
 * Loads and initialises cornerstone once per page. The packages are imported here, not at the top
 * of a module, so they stay out of the page's first load; the promise is module-level so a
 * StrictMode double mount (or a second viewer) reuses it.
 */
export function loadCornerstone(): Promise<Cornerstone> {
  ready ??= init().catch((err: unknown) => {
    ready = null; // let a later mount retry, e.g. after a chunk failed to download
    throw err;
  });
  return ready;
}

async function init(): Promise<Cornerstone> {
  const [core, tools, loader, metadata] = await Promise.all([
    import('@cornerstonejs/core'),
    import('@cornerstonejs/tools'),
    import('@cornerstonejs/dicom-image-loader'),
    import('@cornerstonejs/metadata'),
  ]);
  core.init();
  loader.init({ maxWebWorkers: Math.min(navigator.hardwareConcurrency || 2, 4) });
  tools.init();
  core.cache.setMaxCacheSize(CACHE_BYTES);
  setCacheProbe(() => core.cache.getCacheSize());
  for (const Tool of [
    tools.WindowLevelTool,
    tools.PanTool,
    tools.ZoomTool,
    tools.StackScrollTool,
    tools.LengthTool,
    tools.BidirectionalTool,
    tools.EllipticalROITool,
    tools.RectangleROITool,
  ]) {
    if (!tools.store.hasTool(Tool)) tools.addTool(Tool);
  }
  return { core, tools, loader, metadata };
}

/**
 * Chooses the rendering path before a rendering engine is created. 'auto' restores cornerstone's
 * own choice (CPU only when the browser has no WebGL): `setUseCPURendering(false)` would instead
 * force the GPU path even without WebGL, undoing the fallback `init()` chose.
 */
export function applyRenderer({ core }: Cornerstone, renderer: 'auto' | 'cpu'): Backend {
  if (renderer === 'cpu') core.setUseCPURendering(true, false);
  else core.resetUseCPURendering();
  const backend: Backend = core.getShouldUseCPURendering() ? 'cpu' : 'gpu';
  document.documentElement.dataset.viewerBackend = backend;
  return backend;
}
