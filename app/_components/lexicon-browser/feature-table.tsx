import { Badge } from '@/app/_components/ui/badge';
import { conditionText } from '@/lib/lexicon/condition-text';
import type { TCode, TSection } from '@/lib/lexicon/schema';

function Codes({ codes }: { codes: TCode[] }) {
  if (!codes.length) return null;
  return (
    <span className="font-mono text-xs text-muted-foreground">
      {codes.map((c) => `${c.code}${c.match === 'close' ? ' (close)' : ''}`).join(', ')}
    </span>
  );
}

/** Every feature of a section: type, options with scores and codes, conditions and computations. */
export function FeatureTable({ section }: { section: TSection }) {
  return (
    <section aria-labelledby={`s-${section.id}`} className="flex flex-col gap-2">
      <h2 id={`s-${section.id}`} className="text-lg font-semibold">
        {section.title}
        {section.repeat ? (
          <span className="ml-2 text-sm font-normal text-muted-foreground">
            repeats per {section.repeat.label.toLowerCase()} (up to {section.repeat.max})
          </span>
        ) : null}
      </h2>
      <div className="divide-y rounded-lg border">
        {section.features.map((f) => (
          <div key={f.id} className="grid gap-2 p-3 md:grid-cols-[14rem_1fr]" id={`feature-${f.id}`}>
            <div>
              <div className="font-medium">
                <span className="text-muted-foreground">{f.id}</span> {f.label}
              </div>
              <div className="mt-1 flex flex-wrap gap-1">
                <Badge variant="outline">{f.type.replace('_', ' ')}</Badge>
                {f.required ? <Badge variant="secondary">required</Badge> : null}
                {f.type === 'numeric' ? <Badge variant="secondary">{f.unit}</Badge> : null}
                {f.type === 'numeric' && f.measurement ? (
                  <Badge variant="secondary">measured: {f.measurement}</Badge>
                ) : null}
              </div>
              <div className="mt-1">
                <Codes codes={f.codes} />
              </div>
            </div>
            <div className="flex flex-col gap-1 text-sm">
              {f.help ? <p className="text-muted-foreground">{f.help}</p> : null}
              {f.show_if ? <p>Shown when {conditionText(f.show_if)}</p> : null}
              {f.require_if ? <p>Required when {conditionText(f.require_if)}</p> : null}
              {f.type === 'computed' ? (
                <p>
                  {f.compute.kind === 'sum_scores'
                    ? `Sum of the scores of ${f.compute.of.join(', ')}`
                    : `From ${f.compute.from}: ${f.compute.ranges.map((r) => `${r.min ?? '…'}–${r.max ?? '…'} → ${r.value}`).join('; ')}`}
                </p>
              ) : null}
              {'options' in f && f.options?.length ? (
                <table className="mt-1 w-full text-xs">
                  <thead className="text-muted-foreground">
                    <tr>
                      <th scope="col" className="text-left font-medium">
                        Code
                      </th>
                      <th scope="col" className="text-left font-medium">
                        Label
                      </th>
                      <th scope="col" className="text-right font-medium">
                        Score
                      </th>
                      <th scope="col" className="pl-3 text-left font-medium">
                        Codes
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.options.map((o) => (
                      <tr key={o.code}>
                        <td className="font-mono">{o.code}</td>
                        <td>
                          {o.label}
                          {o.missingness ? (
                            <span className="ml-1 text-muted-foreground">
                              ({o.missingness.replace('_', ' ')})
                            </span>
                          ) : null}
                        </td>
                        <td className="text-right tabular-nums">
                          {o.score ?? '—'}
                          {o.score_status && o.score_status !== 'verified' ? (
                            <span className="ml-1 text-muted-foreground">
                              {o.score_status === 'inferred' ? 'inferred' : 'no score'}
                            </span>
                          ) : null}
                        </td>
                        <td className="pl-3">
                          <Codes codes={o.codes} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {f.note ? <p className="text-xs text-muted-foreground">Note: {f.note}</p> : null}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
