import type { AdjudicationTaskView } from '@/db/queries/adjudicator-tasks';
import { formatValue } from './format-value';

/** Every other answered feature of the case, per reader, folded away until asked for. */
export function AllAnswers({ data }: { data: AdjudicationTaskView }) {
  if (!data.context.length || !data.readers.length) return null;
  return (
    <details className="rounded-md border text-sm" data-testid="all-answers">
      <summary className="cursor-pointer px-3 py-2 font-medium">
        All answers ({data.context.length} other feature{data.context.length === 1 ? '' : 's'})
      </summary>
      <div className="overflow-x-auto px-3 pb-3">
        <table className="w-full border-collapse text-xs">
          <caption className="sr-only">
            The readers&apos; answers to the features they agreed on or that are not adjudicated
          </caption>
          <thead>
            <tr>
              <th scope="col" className="border-b px-1 py-1 text-left font-medium text-muted-foreground">
                Feature
              </th>
              {data.readers.map((r) => (
                <th
                  key={r}
                  scope="col"
                  className="border-b px-1 py-1 text-left font-medium text-muted-foreground"
                >
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.context.map((c) => {
              const feature = data.features[c.featureId];
              return (
                <tr key={c.path} className="border-b last:border-0">
                  <th scope="row" className="px-1 py-1 text-left font-normal">
                    {/^[A-Z]+\d+$/.test(c.featureId) ? (
                      <span className="text-muted-foreground">{c.featureId} </span>
                    ) : null}
                    {c.label}
                  </th>
                  {data.readers.map((r, i) => {
                    const value = c.answers[i] ?? null;
                    return (
                      <td
                        key={r}
                        className={value === null ? 'px-1 py-1 italic text-muted-foreground' : 'px-1 py-1'}
                      >
                        {formatValue(feature, value)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
