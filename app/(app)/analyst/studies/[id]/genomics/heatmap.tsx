'use client';

import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import { PlotFigure } from '@/app/_components/charts/plot-figure';
import { negLog10, Q_ALPHA, scaledEffect } from '@/lib/genomics/plot-data';
import type { AssociationResult } from '@/lib/genomics/types';
import { formatEffect, formatNumber, formatP, TEST_LABELS } from './format';
import type { VariableMeta } from './genomics-types';
import { PlotLegend } from './plot-legend';

type FillBy = 'q' | 'effect';

type Cell = {
  imaging: string;
  genomic: string;
  nlq: number | null;
  effect: number | null;
  significant: boolean;
  title: string;
};

const MAX_LABEL = 40;
const shorten = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** Features (rows) × genomic variables (columns) of the tested pairs, coloured by −log10 q or signed effect. */
export function Heatmap({
  results,
  imaging,
  genomic,
  filename,
}: {
  results: AssociationResult[];
  imaging: VariableMeta[];
  genomic: VariableMeta[];
  filename: string;
}) {
  const [fillBy, setFillBy] = useState<FillBy>('q');

  const cells = useMemo<Cell[]>(() => {
    const imagingLabel = new Map(imaging.map((v) => [v.id, v.label]));
    const genomicLabel = new Map(genomic.map((v) => [v.id, v.label]));
    return results
      .filter((r) => r.p !== null && r.test)
      .map((r) => {
        const significant = r.q !== null && r.q < Q_ALPHA;
        const effect = scaledEffect(r.effect);
        return {
          imaging: r.imaging,
          genomic: r.genomic,
          nlq: negLog10(r.q),
          effect,
          significant,
          title: [
            `${imagingLabel.get(r.imaging) ?? r.imaging} × ${genomicLabel.get(r.genomic) ?? r.genomic}`,
            `${r.test ? TEST_LABELS[r.test] : ''}, n = ${r.n}`,
            `p = ${formatP(r.p)}, q = ${formatP(r.q)}${significant ? ' (q < 0.05)' : ''}`,
            `${formatEffect(r.effect)}${r.effect?.name === 'auc' ? ` (2·AUC−1 = ${formatNumber(effect)})` : ''}`,
            ...r.cautions.map((c) => `Caution: ${c}`),
          ].join('\n'),
        };
      });
  }, [results, imaging, genomic]);

  const maxQ = useMemo(() => Math.max(2, ...cells.map((c) => c.nlq ?? 0)), [cells]);
  const colour = useMemo<Plot.ScaleOptions>(
    () =>
      fillBy === 'q'
        ? { type: 'linear', scheme: 'Blues', domain: [0, maxQ], label: '−log₁₀ q' }
        : { type: 'linear', scheme: 'RdBu', domain: [-1, 1], label: 'Signed effect (V, 2·AUC−1, ε², ρ)' },
    [fillBy, maxQ],
  );
  const legend = useMemo(() => ({ color: colour }), [colour]);

  const options = useMemo<Plot.PlotOptions>(() => {
    const imagingIds = new Set(cells.map((c) => c.imaging));
    const genomicIds = new Set(cells.map((c) => c.genomic));
    const rows = imaging.filter((v) => imagingIds.has(v.id));
    const cols = genomic.filter((v) => genomicIds.has(v.id));
    const rowLabel = new Map(rows.map((v) => [v.id, shorten(v.label)]));
    const colLabel = new Map(cols.map((v) => [v.id, shorten(v.label)]));
    const longest = (labels: Iterable<string>) => Math.max(4, ...[...labels].map((l) => l.length));
    const marginLeft = Math.min(300, 6.5 * longest(rowLabel.values()) + 16);
    const marginBottom = Math.min(220, 4.8 * longest(colLabel.values()) + 40);
    return {
      marginLeft,
      marginBottom,
      marginTop: 10,
      width: Math.max(480, marginLeft + 30 * cols.length + 30),
      height: 18 * rows.length + marginBottom + 20,
      x: {
        domain: cols.map((v) => v.id),
        tickFormat: (id: string) => colLabel.get(id) ?? id,
        tickRotate: -40,
        label: 'Genomic variable',
      },
      y: { domain: rows.map((v) => v.id), tickFormat: (id: string) => rowLabel.get(id) ?? id, label: null },
      color: colour,
      marks: [
        Plot.cell(cells, {
          x: 'genomic',
          y: 'imaging',
          fill: (d: Cell) => (fillBy === 'q' ? d.nlq : d.effect) ?? undefined,
          stroke: '#e2e8f0',
          inset: 0.5,
          title: 'title',
        }),
        Plot.dot(
          cells.filter((c) => c.significant),
          {
            x: 'genomic',
            y: 'imaging',
            r: 3.5,
            fill: 'black',
            stroke: 'white',
            strokeWidth: 1.5,
            title: 'title',
          },
        ),
      ],
    };
  }, [cells, imaging, genomic, colour, fillBy]);

  if (!cells.length)
    return (
      <p className="text-sm text-muted-foreground" data-testid="heatmap-empty">
        No pair could be tested, so there is nothing to map. The reasons are in the results table.
      </p>
    );

  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">Colour the cells by</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="heatmap-fill" checked={fillBy === 'q'} onChange={() => setFillBy('q')} />
          −log₁₀ q (darker is stronger evidence)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="heatmap-fill"
            checked={fillBy === 'effect'}
            onChange={() => setFillBy('effect')}
            data-testid="heatmap-fill-effect"
          />
          Signed effect, −1 to 1
        </label>
      </fieldset>
      <PlotLegend
        options={legend}
        label={
          fillBy === 'q'
            ? `Colour key: −log10 q from 0 (white) to ${maxQ.toFixed(1)} (dark blue)`
            : 'Colour key: signed effect from −1 (red) through 0 (white) to 1 (blue)'
        }
      />
      <PlotFigure
        title="Association heatmap"
        description={
          fillBy === 'q'
            ? 'Tested pairs only, coloured by −log₁₀ of the Benjamini–Hochberg q-value. A black dot marks q < 0.05. Hover a cell for its test, p, q and effect.'
            : "Tested pairs only, coloured by the effect on a −1 to 1 scale: Cramér's V and ε² (0 to 1), 2·AUC − 1 for Mann–Whitney, Spearman's ρ. A black dot marks q < 0.05."
        }
        filename={filename}
        options={options}
      />
    </div>
  );
}
