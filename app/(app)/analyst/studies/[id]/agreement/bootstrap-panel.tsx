'use client';

import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import type { UnitBootstrap } from '@/lib/stats/unit-bootstrap';

const SEED = 20261124;

/** Krippendorff's alpha with bootstrap CIs for every feature, computed in a web worker with progress. */
export function BootstrapPanel({
  studyId,
  includeMissingness,
}: {
  studyId: number;
  includeMissingness: boolean;
}) {
  const [replicates, setReplicates] = useState(1000);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<(UnitBootstrap & { label: string; feature: string })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);

  const start = async () => {
    setError(null);
    setResults([]);
    const res = await fetch(
      `/api/v1/studies/${studyId}/agreement-units${includeMissingness ? '?missingness=include' : ''}`,
    );
    if (!res.ok) return setError('The ratings could not be loaded.');
    const { units } = (await res.json()) as {
      units: {
        key: string;
        label: string;
        kind: 'nominal' | 'ordinal' | 'binary' | 'numeric';
        categories: string[];
        ratings: { caseId: string; readerId: string; value: string | number | null }[];
      }[];
    };
    const labels = new Map(units.map((u) => [u.key, u.label]));
    worker.current?.terminate();
    worker.current = new Worker(new URL('./bootstrap.worker.ts', import.meta.url));
    setProgress({ done: 0, total: units.length });
    worker.current.onmessage = (
      e: MessageEvent<{ type: 'progress' | 'done'; done?: number; total?: number; result?: UnitBootstrap }>,
    ) => {
      if (e.data.type === 'progress' && e.data.result) {
        const r = e.data.result;
        setProgress({ done: e.data.done ?? 0, total: e.data.total ?? 0 });
        setResults((rs) => [...rs, { ...r, feature: labels.get(r.key) ?? r.key }]);
      }
    };
    worker.current.onerror = () => setError('The bootstrap stopped with an error.');
    worker.current.postMessage({ units, seed: SEED, replicates });
  };

  const running = progress !== null && progress.done < progress.total;
  return (
    <section aria-labelledby="bootstrap" className="flex flex-col gap-3 rounded-lg border p-4">
      <h2 id="bootstrap" className="text-lg font-semibold">
        Krippendorff&apos;s α with bootstrap CIs
      </h2>
      <p className="text-sm text-muted-foreground">
        Percentile bootstrap over cases, seed {SEED}; runs in your browser in the background, so the page
        stays usable.
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="replicates" className="text-sm">
          Replicates
        </label>
        <select
          id="replicates"
          className="h-9 rounded-md border px-2 text-sm"
          value={replicates}
          onChange={(e) => setReplicates(Number(e.target.value))}
          disabled={running}
        >
          {[200, 1000, 2000, 5000].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <Button type="button" onClick={() => void start()} disabled={running}>
          {running ? 'Computing…' : 'Compute bootstrap CIs'}
        </Button>
      </div>
      {progress ? (
        <div className="flex items-center gap-2 text-sm">
          <progress
            max={progress.total}
            value={progress.done}
            aria-label="Bootstrap progress"
            className="w-64"
          />
          <span role="status">
            {progress.done} of {progress.total} features
          </span>
        </div>
      ) : null}
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      {results.length ? (
        <table className="w-full max-w-3xl text-sm" aria-label="Alpha with bootstrap CIs">
          <thead>
            <tr className="border-b text-left text-muted-foreground">
              <th scope="col" className="py-1 font-medium">
                Feature
              </th>
              <th scope="col" className="py-1 font-medium">
                α
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Value
              </th>
              <th scope="col" className="py-1 font-medium">
                95% CI
              </th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.key} className="border-b">
                <td className="py-1">{r.feature}</td>
                <td className="py-1 text-xs">{r.metric}</td>
                <td className="py-1 text-right tabular-nums">{r.value === null ? '' : r.value.toFixed(3)}</td>
                <td className="py-1 tabular-nums text-xs">
                  {r.ci95 ? `${r.ci95[0].toFixed(3)} to ${r.ci95[1].toFixed(3)}` : (r.reason ?? '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
