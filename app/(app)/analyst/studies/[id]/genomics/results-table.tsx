'use client';

import { ArrowDown, ArrowDownUp, ArrowUp, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { pairKey, Q_ALPHA, sortResults, type ResultSortKey } from '@/lib/genomics/plot-data';
import type { AssociationResult } from '@/lib/genomics/types';
import { formatEffect, formatP, TEST_LABELS } from './format';
import type { VariableMeta } from './genomics-types';
import { genomicsHref } from './links';

type Sort = { key: ResultSortKey; descending: boolean };
const DEFAULT_DESCENDING: Record<ResultSortKey, boolean> = { q: false, p: false, effect: true, n: true };

function Cautions({ result }: { result: AssociationResult }) {
  if (result.reason)
    return (
      <span className="text-xs text-muted-foreground" data-testid="association-reason">
        Not tested: {result.reason}
      </span>
    );
  if (!result.cautions.length) return null;
  return (
    <ul className="flex flex-col gap-0.5 text-xs">
      {result.cautions.map((c) => (
        <li key={c} className="inline-flex items-start gap-1">
          <TriangleAlert className="mt-0.5 size-3.5 shrink-0 text-amber-600" aria-hidden />
          <span>
            <span className="sr-only">Caution: </span>
            {c}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Every imaging × genomic pair of a run: sortable by q, p, |effect| and n, filterable, each row
 * selecting its pair for the drill-down plot.
 */
export function ResultsTable({
  studyId,
  runId,
  tableId,
  results,
  imaging,
  genomic,
  bonferroni,
  selectedPair,
}: {
  studyId: number;
  runId: number;
  /** The table whose columns are shown, kept in the links. */
  tableId: number | null;
  results: AssociationResult[];
  imaging: VariableMeta[];
  genomic: VariableMeta[];
  bonferroni: boolean;
  selectedPair: string | null;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'q', descending: false });
  const [search, setSearch] = useState('');
  const [column, setColumn] = useState('');
  const [significantOnly, setSignificantOnly] = useState(false);
  const [hideUntestable, setHideUntestable] = useState(false);

  const imagingLabel = useMemo(() => new Map(imaging.map((v) => [v.id, v.label])), [imaging]);
  const genomicLabel = useMemo(() => new Map(genomic.map((v) => [v.id, v.label])), [genomic]);
  const tested = results.filter((r) => r.p !== null).length;

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const kept = results.filter((r) => {
      if (column && r.genomic !== column) return false;
      if (significantOnly && !(r.q !== null && r.q < Q_ALPHA)) return false;
      if (hideUntestable && r.p === null) return false;
      if (!needle) return true;
      const text = `${imagingLabel.get(r.imaging) ?? r.imaging} ${genomicLabel.get(r.genomic) ?? r.genomic}`;
      return text.toLowerCase().includes(needle);
    });
    return sortResults(kept, sort.key, sort.descending);
  }, [results, search, column, significantOnly, hideUntestable, sort, imagingLabel, genomicLabel]);

  const header = (key: ResultSortKey, label: string, title: string) => {
    const active = sort.key === key;
    const Icon = active ? (sort.descending ? ArrowDown : ArrowUp) : ArrowDownUp;
    return (
      <TableHead
        scope="col"
        className="text-right"
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="inline-flex items-center gap-1 rounded-sm hover:text-foreground focus-visible:outline-2"
          title={title}
          onClick={() =>
            setSort((s) => ({ key, descending: s.key === key ? !s.descending : DEFAULT_DESCENDING[key] }))
          }
          data-testid={`association-sort-${key}`}
        >
          {label} <Icon className="size-3" aria-hidden />
        </button>
      </TableHead>
    );
  };

  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-wrap items-end gap-4 rounded-lg border p-3">
        <legend className="px-1 text-sm font-medium">Filter the pairs</legend>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="results-search">Feature or genomic variable</Label>
          <Input
            id="results-search"
            type="search"
            className="w-64"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="association-search"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="results-column">Genomic variable</Label>
          <NativeSelect
            id="results-column"
            className="w-56"
            value={column}
            onChange={(e) => setColumn(e.target.value)}
            data-testid="association-column-filter"
          >
            <option value="">All</option>
            {genomic.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-center gap-2 pb-2">
          <input
            id="results-significant"
            type="checkbox"
            checked={significantOnly}
            onChange={(e) => setSignificantOnly(e.target.checked)}
            data-testid="association-significant-only"
          />
          <label htmlFor="results-significant" className="text-sm">
            q &lt; 0.05 only
          </label>
        </div>
        <div className="flex items-center gap-2 pb-2">
          <input
            id="results-untestable"
            type="checkbox"
            checked={hideUntestable}
            onChange={(e) => setHideUntestable(e.target.checked)}
            data-testid="association-hide-untestable"
          />
          <label htmlFor="results-untestable" className="text-sm">
            Hide pairs without a test
          </label>
        </div>
      </fieldset>
      <p className="text-sm text-muted-foreground" role="status" data-testid="association-count">
        Showing {rows.length} of {results.length} pairs ({tested} tested).
      </p>
      <Table
        aria-label="Association results"
        scrollLabel="Association results (scrolls)"
        boxClassName="max-h-[70vh] overflow-y-auto rounded-md border"
        className="[&_th]:sticky [&_th]:top-0 [&_th]:z-10 [&_th]:bg-background"
        data-testid="association-results"
      >
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Imaging feature</TableHead>
            <TableHead scope="col">Genomic variable</TableHead>
            <TableHead scope="col">Test</TableHead>
            {header('n', 'n', 'Pairs with both values; largest first')}
            {header('effect', 'Effect', 'Largest |effect| first (on a −1 to 1 scale: V, 2·AUC−1, ε², ρ)')}
            {header('p', 'p', 'Smallest p first')}
            {header('q', 'q (BH)', 'Smallest Benjamini–Hochberg q first')}
            {bonferroni ? (
              <TableHead scope="col" className="text-right">
                p (Bonferroni)
              </TableHead>
            ) : null}
            <TableHead scope="col">Cautions</TableHead>
            <TableHead scope="col">
              <span className="sr-only">Plot</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => {
            const key = pairKey(r);
            const selected = key === selectedPair;
            const feature = imagingLabel.get(r.imaging) ?? r.imaging;
            const variable = genomicLabel.get(r.genomic) ?? r.genomic;
            const significant = r.q !== null && r.q < Q_ALPHA;
            return (
              <TableRow
                key={key}
                data-testid="association-row"
                data-pair={key}
                className={selected ? 'bg-primary/5' : undefined}
              >
                <TableCell className="max-w-xs">{feature}</TableCell>
                <TableCell className="max-w-[12rem]">{variable}</TableCell>
                <TableCell className="text-xs">
                  {r.test ? TEST_LABELS[r.test] : <span className="text-muted-foreground">—</span>}
                  {r.method ? <span className="block text-muted-foreground">{r.method}</span> : null}
                </TableCell>
                <TableCell className="text-right tabular-nums">{r.n}</TableCell>
                <TableCell className="text-right text-xs tabular-nums">{formatEffect(r.effect)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatP(r.p)}</TableCell>
                <TableCell className={`text-right tabular-nums ${significant ? 'font-semibold' : ''}`}>
                  {formatP(r.q)}
                  {significant ? <span className="sr-only"> (below 0.05)</span> : null}
                </TableCell>
                {bonferroni ? (
                  <TableCell className="text-right tabular-nums">{formatP(r.pBonferroni)}</TableCell>
                ) : null}
                <TableCell className="max-w-xs">
                  <Cautions result={r} />
                </TableCell>
                <TableCell>
                  <Link
                    href={genomicsHref(studyId, { run: runId, table: tableId, pair: key }, 'drill-down')}
                    aria-current={selected ? 'true' : undefined}
                    className="text-primary underline underline-offset-4"
                    data-testid="association-plot-link"
                  >
                    {selected ? 'Plotted' : 'Plot'}
                    <span className="sr-only">
                      {' '}
                      {feature} against {variable}
                    </span>
                  </Link>
                </TableCell>
              </TableRow>
            );
          })}
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={bonferroni ? 10 : 9} className="py-6 text-center text-muted-foreground">
                No pair matches these filters.
              </TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
    </div>
  );
}
