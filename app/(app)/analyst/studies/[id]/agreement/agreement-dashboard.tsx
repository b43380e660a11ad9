'use client';

import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useState } from 'react';
import { PlotFigure } from '@/app/_components/charts/plot-figure';
import type { FeatureAgreement } from '@/lib/stats/feature-agreement';
import type { FeatureSummary } from '@/lib/stats/agreement-view.server';
import { AgreementTable } from './agreement-table';
import { fileSafe } from '@/lib/export/filename';

/** Long feature labels, cut to fit the plot margin (the full label is in the table and tooltips). */
const shorten = (label: string) => (label.length > 46 ? `${label.slice(0, 45)}…` : label);

/** The analyst's agreement view: table, heatmap, forest plot, and the selected feature's detail plot. */
export function AgreementDashboard({
  results,
  slug,
  studyId,
  view,
  includeMissingness,
}: {
  results: FeatureSummary[];
  slug: string;
  studyId: number;
  view: string;
  includeMissingness: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(
    results.find((r) => r.kind !== 'binary')?.key ?? null,
  );
  const feature = results.find((r) => r.key === selected) ?? null;
  // Plot data (confusion matrices, Bland–Altman points) is loaded for the selected feature only.
  const [detailData, setDetailData] = useState<{
    key: string;
    confusion: FeatureAgreement['confusion'] | null;
    blandAltman: FeatureAgreement['blandAltman'] | null;
  } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const detailError =
    failed !== null && failed === feature?.key ? 'The plots for this feature could not be loaded.' : null;
  useEffect(() => {
    if (!feature?.detail) return;
    let cancelled = false;
    const params = new URLSearchParams({
      view,
      key: feature.key,
      ...(includeMissingness ? { missingness: 'include' } : {}),
    });
    fetch(`/api/v1/studies/${studyId}/agreement-detail?${params}`)
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then(
        (d: {
          confusion: FeatureAgreement['confusion'] | null;
          blandAltman: FeatureAgreement['blandAltman'] | null;
        }) => {
          if (!cancelled) setDetailData({ key: feature.key, ...d });
        },
      )
      .catch(() => !cancelled && setFailed(feature.key));
    return () => {
      cancelled = true;
    };
  }, [feature, studyId, view, includeMissingness]);
  const loaded = detailData && detailData.key === feature?.key ? detailData : null;
  // One reader pair's plot at a time: with 20 readers there are 190 pairs.
  const [pairChoice, setPairChoice] = useState<{ key: string | null; index: number }>({
    key: null,
    index: 0,
  });
  const pair = pairChoice.key === selected ? pairChoice.index : 0;
  const setPair = (index: number) => setPairChoice({ key: selected, index });

  const heatmap = useMemo<Plot.PlotOptions>(() => {
    const data = results.flatMap((r) =>
      r.pairs.map((p) => ({
        feature: r.label,
        pair: p.readers.join(' vs '),
        value: p.value,
        metric: p.metric,
      })),
    );
    return {
      marginLeft: 300,
      height: Math.max(200, 18 * results.length + 60),
      x: { label: 'Reader pair', axis: 'top' },
      y: { label: null, domain: results.map((r) => r.label), tickFormat: shorten },
      color: { type: 'linear', domain: [-1, 1], scheme: 'RdYlBu', legend: true, label: 'κ or CCC' },
      marks: [
        Plot.cell(data, {
          x: 'pair',
          y: 'feature',
          fill: (d: { value: number | null }) => d.value ?? undefined,
          inset: 0.5,
          tip: true,
        }),
        // Values as text only while they fit; the tooltip gives them otherwise.
        ...(data.length <= 600
          ? [
              Plot.text(data, {
                x: 'pair',
                y: 'feature',
                text: (d: { value: number | null }) => (d.value === null ? '—' : d.value.toFixed(2)),
                fontSize: 10,
              }),
            ]
          : []),
      ],
    };
  }, [results]);

  const forest = useMemo<Plot.PlotOptions>(() => {
    const data = results
      .filter((r) => r.primary.value !== null)
      .map((r) => ({
        feature: r.label,
        value: r.primary.value,
        lo: r.primary.ci95?.[0],
        hi: r.primary.ci95?.[1],
        statistic: r.primary.name,
      }));
    return {
      marginLeft: 300,
      height: Math.max(200, 18 * data.length + 60),
      x: { domain: [-1, 1], label: 'κ (categorical) or ICC2 (numeric), 95% CI', grid: true },
      y: { label: null, domain: data.map((d) => d.feature), tickFormat: shorten },
      marks: [
        Plot.ruleX([0]),
        Plot.ruleY(
          data.filter((d) => d.lo !== undefined),
          {
            y: 'feature',
            x1: (d: { lo: number }) => Math.max(-1, d.lo),
            x2: (d: { hi: number }) => Math.min(1, d.hi),
            stroke: '#64748b',
          },
        ),
        Plot.dot(data, { x: 'value', y: 'feature', fill: 'currentColor', tip: true }),
      ],
    };
  }, [results]);

  const detail = useMemo<{ title: string; options: Plot.PlotOptions; description: string }[]>(() => {
    if (!feature || !loaded) return [];
    if (loaded.blandAltman) {
      return loaded.blandAltman.map((pair) => {
        const lines = pair.value === null ? [] : [pair.value, pair.loa95[0], pair.loa95[1]];
        return {
          title: `Bland–Altman: ${feature.label}, ${pair.reader1} vs ${pair.reader2}`,
          description:
            pair.value === null
              ? pair.reason
              : `bias ${pair.value.toFixed(2)}, 95% limits ${pair.loa95[0].toFixed(2)} to ${pair.loa95[1].toFixed(2)}`,
          options: {
            height: 260,
            x: { label: 'Mean of the two readers' },
            y: { label: `${pair.reader1} − ${pair.reader2}`, grid: true },
            marks: [
              Plot.ruleY(lines.slice(0, 1), { stroke: '#0f172a' }),
              Plot.ruleY(lines.slice(1), { stroke: '#94a3b8', strokeDasharray: '4,3' }),
              Plot.dot(pair.points, { x: 'mean', y: 'difference', tip: true }),
            ],
          },
        };
      });
    }
    return (loaded.confusion ?? []).map((c) => {
      const data = c.matrix.flatMap((row, i) =>
        row.map((n, j) => ({ a: c.categories[i], b: c.categories[j], n })),
      );
      return {
        title: `Confusion: ${feature.label}, ${c.readers[0]} (rows) vs ${c.readers[1]} (columns)`,
        description: 'Counts of cases; the diagonal is agreement.',
        options: {
          marginLeft: 120,
          height: 60 + 36 * c.categories.length,
          x: { domain: c.categories, label: c.readers[1], axis: 'top', tickRotate: -20 },
          y: { domain: c.categories, label: c.readers[0] },
          color: { scheme: 'Blues' },
          marks: [
            Plot.cell(data, { x: 'b', y: 'a', fill: 'n', inset: 0.5 }),
            Plot.text(data, {
              x: 'b',
              y: 'a',
              text: 'n',
              fill: (d: { n: number }) => (d.n > 0 ? 'black' : '#94a3b8'),
            }),
          ],
        },
      };
    });
  }, [feature, loaded]);

  return (
    <div className="flex flex-col gap-8">
      <AgreementTable
        results={results}
        selected={selected}
        onSelect={setSelected}
        filename={`${slug}-agreement`}
      />
      <section aria-labelledby="detail" className="flex flex-col gap-3">
        <h2 id="detail" className="text-lg font-semibold">
          {feature ? feature.label : 'Choose a feature in the table'}
        </h2>
        {feature ? (
          <table className="w-full max-w-2xl text-sm" aria-label={`All statistics for ${feature.label}`}>
            <tbody>
              {feature.stats.map((s) => (
                <tr key={s.name} className="border-b">
                  <th scope="row" className="py-1 pr-3 text-left font-medium" title={s.method}>
                    {s.name}
                  </th>
                  <td className="py-1 tabular-nums">
                    {s.value === null ? (
                      <span className="text-muted-foreground">{s.reason}</span>
                    ) : (
                      s.value.toFixed(3)
                    )}
                  </td>
                  <td className="py-1 tabular-nums text-muted-foreground">
                    {s.ci95 ? `${s.ci95[0].toFixed(3)} to ${s.ci95[1].toFixed(3)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {feature?.detail && !loaded && !detailError ? (
          <p className="text-sm text-muted-foreground" role="status">
            Loading the plots…
          </p>
        ) : null}
        {detailError ? (
          <p className="text-sm text-destructive" role="alert">
            {detailError}
          </p>
        ) : null}
        {detail.length > 1 ? (
          <label className="flex items-center gap-2 text-sm">
            Reader pair
            <select
              className="h-9 rounded-md border px-2 text-sm"
              value={pair}
              onChange={(e) => setPair(Number(e.target.value))}
            >
              {detail.map((d, i) => (
                <option key={d.title} value={i}>
                  {d.title.split(', ').slice(1).join(', ')}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="grid gap-4 lg:grid-cols-2">
          {detail.slice(pair, pair + 1).map((d, i) => (
            <PlotFigure
              key={d.title}
              title={d.title}
              description={d.description}
              filename={fileSafe(`${slug}-${feature?.key ?? 'feature'}-${pair + i + 1}`, '_')}
              options={d.options}
            />
          ))}
        </div>
      </section>
      <PlotFigure
        title="Agreement by feature and reader pair"
        description="Cohen's κ per pair for categorical features (quadratic-weighted for ordinal ones); Lin's CCC for numeric ones."
        filename={`${slug}-heatmap`}
        options={heatmap}
      />
      <PlotFigure
        title="Forest plot of per-feature agreement"
        description="The primary statistic of each feature with its 95% CI."
        filename={`${slug}-forest`}
        options={forest}
      />
    </div>
  );
}
