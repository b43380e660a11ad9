'use client';

import * as Plot from '@observablehq/plot';
import { Download } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Button } from '@/app/_components/ui/button';
import { downloadBlob } from './download';

/**
 * An Observable Plot chart with its caption and SVG/PNG downloads. The chart is rebuilt when
 * `options` changes and removed on unmount.
 */
export function PlotFigure({
  title,
  filename,
  options,
  description,
}: {
  title: string;
  filename: string;
  options: Plot.PlotOptions;
  description?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = Plot.plot({ style: { fontSize: '12px', background: 'transparent' }, ...options });
    // The chart sits in a role="img" named by its title, so its inner parts are not exposed to
    // assistive technology; Plot's labels on plain <g> elements would only be invalid ARIA there.
    for (const el of chart.querySelectorAll('[aria-label], [aria-description]')) {
      el.removeAttribute('aria-label');
      el.removeAttribute('aria-description');
    }
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);

  /** The chart's SVG element and its markup as a standalone file. */
  const svg = () => {
    // With a legend, Plot returns a <figure> holding the key first and the chart last.
    const root = ref.current?.firstElementChild;
    const el = root instanceof SVGSVGElement ? root : root?.querySelector(':scope > svg:last-of-type');
    if (!(el instanceof SVGSVGElement)) return null;
    const clone = el.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    return { el, markup: clone.outerHTML };
  };
  const asSvg = () => {
    const chart = svg();
    if (chart) downloadBlob(new Blob([chart.markup], { type: 'image/svg+xml' }), `${filename}.svg`);
  };
  const asPng = () => {
    const chart = svg();
    if (!chart) return;
    const { width, height } = chart.el.getBoundingClientRect();
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * 2);
      canvas.height = Math.ceil(height * 2);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0, width, height);
      canvas.toBlob((blob) => blob && downloadBlob(blob, `${filename}.png`), 'image/png');
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chart.markup)}`;
  };

  return (
    <figure className="flex flex-col gap-2 rounded-lg border p-4">
      <figcaption className="flex items-center justify-between gap-2">
        <span className="font-medium">{title}</span>
        <span className="flex gap-1">
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={asSvg}
            aria-label={`Download ${title} as SVG`}
          >
            <Download aria-hidden /> SVG
          </Button>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={asPng}
            aria-label={`Download ${title} as PNG`}
          >
            <Download aria-hidden /> PNG
          </Button>
        </span>
      </figcaption>
      {description ? <p className="text-xs text-muted-foreground">{description}</p> : null}
      <div
        ref={ref}
        className="overflow-x-auto"
        data-testid={`plot-${filename}`}
        role="img"
        aria-label={title}
      />
    </figure>
  );
}
