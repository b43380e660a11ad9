'use client';

import { ArrowDownUp, Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { downloadBlob } from '@/app/_components/charts/download';
import { Button } from '@/app/_components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { csvRow } from '@/lib/export/csv-cell';
import type { FeatureSummary as FeatureAgreement } from '@/lib/stats/agreement-view.server';

type Choice = 'primary' | 'α' | 'AC' | '%';
const CHOICES: { id: Choice; label: string }[] = [
  { id: 'primary', label: 'By feature type (κ / weighted κ / ICC2)' },
  { id: 'α', label: "Krippendorff's α" },
  { id: 'AC', label: "Gwet's AC1 / AC2" },
  { id: '%', label: 'Percent agreement' },
];

/** The statistic of a feature the analyst chose to show; the primary one by default. */
function statFor(r: FeatureAgreement, choice: Choice): FeatureAgreement['primary'] {
  if (choice === 'primary') return r.primary;
  const s = r.stats.find((x) => x.name.startsWith(choice));
  return s
    ? { ...s, band: null }
    : {
        name: choice,
        value: null,
        ci95: null,
        reason: `not computed for ${r.kind} features`,
        method: '',
        band: null,
      };
}

type SortKey = 'order' | 'label' | 'kind' | 'value' | 'nCases';
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(3));

/** Features × their primary statistic: sortable, with the method note and band, downloadable as CSV. */
export function AgreementTable({
  results,
  selected,
  onSelect,
  filename,
}: {
  results: FeatureAgreement[];
  selected: string | null;
  onSelect: (key: string) => void;
  filename: string;
}) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'order', dir: 1 });
  const [choice, setChoice] = useState<Choice>('primary');
  const rows = useMemo(() => {
    const order = new Map(results.map((r, i) => [r.key, i]));
    const get = (r: FeatureAgreement): string | number => {
      if (sort.key === 'order') return order.get(r.key) ?? 0;
      if (sort.key === 'value') return statFor(r, choice).value ?? -Infinity;
      if (sort.key === 'label') return r.label;
      if (sort.key === 'kind') return r.kind;
      return r.nCases;
    };
    return [...results].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
  }, [results, sort, choice]);

  const header = (key: SortKey, label: string, className?: string) => (
    <TableHead
      scope="col"
      className={className}
      aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 hover:text-foreground"
        onClick={() => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 }))}
      >
        {label} <ArrowDownUp className="size-3" aria-hidden />
      </button>
    </TableHead>
  );

  const shown = (r: FeatureAgreement) => statFor(r, choice);

  const downloadCsv = () => {
    const head = csvRow([
      'key',
      'feature',
      'section',
      'type',
      'statistic',
      'value',
      'ci95_lower',
      'ci95_upper',
      'n_cases',
      'n_readers',
      'band',
      'n_excluded_missingness',
      'reason',
      'method',
    ]);
    const lines = results.flatMap((r) =>
      r.stats.map((s) =>
        csvRow([
          r.key,
          r.label,
          r.section,
          r.kind,
          s.name,
          s.value,
          s.ci95?.[0],
          s.ci95?.[1],
          r.nCases,
          r.nReaders,
          s.name === r.primary.name ? r.primary.band : '',
          r.nExcludedMissingness,
          s.reason,
          s.method,
        ]),
      ),
    );
    downloadBlob(new Blob([[head, ...lines].join('\r\n') + '\r\n'], { type: 'text/csv' }), `${filename}.csv`);
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label className="flex items-center gap-2 text-sm">
          Statistic shown
          <select
            className="h-9 rounded-md border px-2 text-sm"
            value={choice}
            onChange={(e) => setChoice(e.target.value as Choice)}
          >
            {CHOICES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="button" size="sm" variant="outline" onClick={downloadCsv}>
          <Download aria-hidden /> CSV (all statistics)
        </Button>
      </div>
      <Table aria-label="Agreement by feature">
        <TableHeader>
          <TableRow>
            {header('label', 'Feature')}
            {header('kind', 'Type')}
            <TableHead scope="col">Statistic</TableHead>
            {header('value', 'Value', 'text-right')}
            <TableHead scope="col">95% CI</TableHead>
            {header('nCases', 'Cases', 'text-right')}
            <TableHead scope="col" className="text-right">
              Readers
            </TableHead>
            <TableHead scope="col">Band</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => {
            const stat = shown(r);
            return (
              <TableRow
                key={r.key}
                data-key={r.key}
                aria-selected={selected === r.key}
                className={selected === r.key ? 'bg-primary/5' : undefined}
              >
                <TableCell>
                  <button
                    type="button"
                    className="text-left text-primary hover:underline"
                    onClick={() => onSelect(r.key)}
                  >
                    {r.label}
                  </button>
                  {r.nExcludedMissingness ? (
                    <span className="block text-xs text-muted-foreground">
                      {r.nExcludedMissingness} not assessable/applicable left out
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className="text-xs">{r.kind}</TableCell>
                <TableCell className="text-xs" title={stat.method}>
                  {stat.name}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {stat.value === null ? (
                    <span className="text-xs text-muted-foreground">{stat.reason ?? 'undefined'}</span>
                  ) : (
                    fmt(stat.value)
                  )}
                </TableCell>
                <TableCell className="tabular-nums text-xs">
                  {stat.ci95 ? `${fmt(stat.ci95[0])} to ${fmt(stat.ci95[1])}` : ''}
                </TableCell>
                <TableCell className="text-right tabular-nums">{r.nCases}</TableCell>
                <TableCell className="text-right tabular-nums">{r.nReaders}</TableCell>
                <TableCell className="text-xs">{stat.band ?? ''}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
