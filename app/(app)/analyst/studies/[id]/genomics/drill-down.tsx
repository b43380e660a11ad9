'use client';

import { useMemo } from 'react';
import { PlotFigure } from '@/app/_components/charts/plot-figure';
import { drillData } from '@/lib/genomics/plot-data';
import { ContingencyTable } from './contingency-table';
import { drillDescription, drillLegend, drillOptions } from './drill-options';
import type { DrillPair } from './genomics-types';
import { PlotLegend } from './plot-legend';
import { ResultLine } from './result-line';

/**
 * The selected pair plotted: a box plot with dots for a numeric side against a categorical one,
 * a scatter plot for two numeric sides, a mosaic plot and the counts for two categorical ones;
 * the test's result under it.
 */
export function DrillDown({
  pair,
  bonferroni,
  filename,
}: {
  pair: DrillPair;
  bonferroni: boolean;
  filename: string;
}) {
  const { imaging, genomic, result } = pair;
  const data = useMemo(() => drillData(imaging, genomic), [imaging, genomic]);
  const options = useMemo(() => drillOptions(data, imaging, genomic), [data, imaging, genomic]);
  const legend = useMemo(() => drillLegend(data, imaging), [data, imaging]);
  const n = data.kind === 'mosaic' ? data.table.n : data.n;

  return (
    <div className="flex flex-col gap-3" data-testid="drill-down" data-kind={data.kind}>
      {n === 0 ? (
        <p className="text-sm text-muted-foreground">
          No subject has both values, so there is nothing to plot.
        </p>
      ) : (
        <>
          {legend && data.kind === 'mosaic' ? (
            <PlotLegend
              options={legend}
              label={`Colour key: ${imaging.label}: ${data.table.rows.map((r) => r.label).join(', ')}`}
            />
          ) : null}
          <PlotFigure
            title={`${imaging.label} by ${genomic.label}`}
            description={drillDescription(data)}
            filename={filename}
            options={options}
          />
        </>
      )}
      <ResultLine result={result} bonferroni={bonferroni} />
      {data.kind === 'mosaic' && n > 0 ? (
        <ContingencyTable table={data.table} rowsLabel={imaging.label} colsLabel={genomic.label} />
      ) : null}
    </div>
  );
}
