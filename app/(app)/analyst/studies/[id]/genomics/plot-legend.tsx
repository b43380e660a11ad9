'use client';

import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/**
 * A colour key drawn by Observable Plot beside a chart rather than inside its options: a chart
 * with `legend: true` becomes a <figure> whose first <svg> is the legend, which PlotFigure's
 * SVG/PNG download would pick instead of the chart. `options` must be memoised.
 */
export function PlotLegend({ options, label }: { options: Plot.LegendScales; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const legend = Plot.legend({ style: { fontSize: '12px', background: 'transparent' }, ...options });
    ref.current?.replaceChildren(legend);
    return () => legend.remove();
  }, [options]);
  return <div ref={ref} role="img" aria-label={label} className="overflow-x-auto" />;
}
