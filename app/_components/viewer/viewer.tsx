'use client';

import dynamic from 'next/dynamic';
import type { ViewerProps } from './types';

/** Cornerstone needs the DOM, WebGL and workers: the implementation never renders on the server. */
const ViewerImpl = dynamic(() => import('./viewer-impl'), {
  ssr: false,
  loading: () => (
    <div
      className="flex h-full min-h-[420px] items-center justify-center rounded-md border bg-black text-sm text-white/70"
      data-viewer-ready="false"
      data-viewer-state="loading"
      role="status"
    >
      Loading viewer…
    </div>
  ),
});

/**
 * The DICOM viewer beside the reading form. Hung series, tools and annotations belong to one
 * mount, so another case (its series), protocol or renderer starts a fresh one.
 */
export function Viewer(props: ViewerProps) {
  const key = [props.protocol.id, props.renderer, ...props.series.map((s) => s.id)].join(':');
  return <ViewerImpl key={key} {...props} />;
}
