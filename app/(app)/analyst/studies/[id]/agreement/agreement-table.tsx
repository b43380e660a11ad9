'use client';

import { ArrowDownUp, Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { downloadBlob } from '@/app/_components/charts/download';
import { Button } from '@/app/_components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { csvRow } from '@/lib/export/csv-cell';
import type { FeatureAgreement } from '@/lib/stats/feature-agreement';

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
  const rows = useMemo(() => {
    const get = (r: FeatureAgreement) =>
      sort.key === 'value'
        ? (r.primary.value ?? -Infinity)
        : sort.key === 'label'
          ? r.label
          : sort.key === 'kind'
            ? r.kind
            : r.nCases;
    return [...results].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
  }, [results, sort]);

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
      <div className="flex justify-end">
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
          {rows.map((r) => (
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
              <TableCell className="text-xs" title={r.primary.method}>
                {r.primary.name}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {r.primary.value === null ? (
                  <span className="text-xs text-muted-foreground">{r.primary.reason ?? 'undefined'}</span>
                ) : (
                  fmt(r.primary.value)
                )}
              </TableCell>
              <TableCell className="tabular-nums text-xs">
                {r.primary.ci95 ? `${fmt(r.primary.ci95[0])} to ${fmt(r.primary.ci95[1])}` : ''}
              </TableCell>
              <TableCell className="text-right tabular-nums">{r.nCases}</TableCell>
              <TableCell className="text-right tabular-nums">{r.nReaders}</TableCell>
              <TableCell className="text-xs">{r.primary.band ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
