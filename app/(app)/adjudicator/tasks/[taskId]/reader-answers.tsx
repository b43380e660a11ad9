import { Check } from 'lucide-react';
import type { ConsensusFeature, ConsensusValue } from '@/db/queries/adjudicator-tasks';
import { cn } from '@/lib/ui/cn';
import { formatValue } from './format-value';

const same = (a: ConsensusValue | null, b: ConsensusValue | null | undefined) =>
  a !== null && b !== null && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/**
 * The readers' answers to one feature side by side, under their pseudonyms (Reader 1, 2, …),
 * with the answers that match the current consensus marked.
 */
export function ReaderAnswers({
  label,
  readers,
  answers,
  feature,
  current,
}: {
  label: string;
  readers: string[];
  answers: (ConsensusValue | null)[];
  feature: ConsensusFeature | undefined;
  current?: ConsensusValue | null | undefined;
}) {
  if (!readers.length)
    return <p className="text-sm text-muted-foreground">No submitted reads of this case.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" aria-label={`Readers' answers: ${label}`}>
        <thead>
          <tr>
            {readers.map((r) => (
              <th
                key={r}
                scope="col"
                className="border bg-muted/50 px-2 py-1 text-left text-xs font-medium text-muted-foreground"
              >
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {readers.map((r, i) => {
              const value = answers[i] ?? null;
              const chosen = same(value, current);
              return (
                <td
                  key={r}
                  data-reader={r}
                  className={cn(
                    'border px-2 py-1 align-top',
                    value === null && 'italic text-muted-foreground',
                    chosen && 'bg-primary/10',
                  )}
                >
                  {formatValue(feature, value)}
                  {chosen ? (
                    <>
                      {' '}
                      <Check className="inline size-3.5 text-primary" aria-hidden />
                      <span className="sr-only"> (matches the consensus)</span>
                    </>
                  ) : null}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
