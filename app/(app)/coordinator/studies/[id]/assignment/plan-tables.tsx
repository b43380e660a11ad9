import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { cn } from '@/lib/ui/cn';
import type { PreviewView } from './preview-view';

/** Each reader's cases: existing + new = total, as numbers and as a small stacked bar. */
export function ReaderLoadTable({
  view,
  readerNames,
}: {
  view: PreviewView;
  readerNames: ReadonlyMap<string, string>;
}) {
  const most = Math.max(1, ...view.perReader.map((p) => p.total));
  return (
    <Table aria-label="Cases per reader" data-testid="reader-loads">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Reader</TableHead>
          <TableHead scope="col" className="text-right">
            Existing
          </TableHead>
          <TableHead scope="col" className="text-right">
            New
          </TableHead>
          <TableHead scope="col" className="text-right">
            Total
          </TableHead>
          <TableHead scope="col" className="w-2/5">
            <span className="sr-only">Bar</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {view.perReader.map((p, i) => (
          <TableRow key={p.readerId}>
            <TableCell>
              <span className="mr-2 font-mono text-xs text-muted-foreground">R{i + 1}</span>
              {readerNames.get(p.readerId) ?? p.readerId}
            </TableCell>
            <TableCell className="text-right tabular-nums">{p.existing}</TableCell>
            <TableCell className="text-right tabular-nums">{p.added ? `+${p.added}` : 0}</TableCell>
            <TableCell className="text-right font-medium tabular-nums">{p.total}</TableCell>
            <TableCell>
              <div className="flex h-3 w-full overflow-hidden rounded-sm bg-muted" aria-hidden>
                <div className="bg-sky-500" style={{ width: `${(100 * p.existing) / most}%` }} />
                <div
                  className="bg-emerald-500 bg-[repeating-linear-gradient(45deg,transparent_0_3px,rgb(255_255_255/0.35)_3px_6px)]"
                  style={{ width: `${(100 * p.added) / most}%` }}
                />
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Shared cases of every reader pair as a grid (darker = more shared cases). A pair sharing no
 * case is marked in red with a warning sign: its agreement cannot be measured.
 */
export function PairOverlapGrid({
  view,
  readerNames,
}: {
  view: PreviewView;
  readerNames: ReadonlyMap<string, string>;
}) {
  const ids = view.readerIds;
  const shared = new Map<string, number>();
  for (const p of view.pairOverlap) {
    shared.set(`${p.a}\u0000${p.b}`, p.cases);
    shared.set(`${p.b}\u0000${p.a}`, p.cases);
  }
  const most = Math.max(1, ...view.pairOverlap.map((p) => p.cases));
  const name = (id: string, i: number) => readerNames.get(id) ?? `Reader ${i + 1}`;
  const zero = view.pairOverlap.filter((p) => p.cases === 0);
  const index = new Map(ids.map((id, i) => [id, i]));
  return (
    <div className="flex flex-col gap-2">
      <div className="overflow-auto rounded-md border" style={{ maxHeight: 480 }}>
        <table className="border-separate border-spacing-0 text-xs" data-testid="pair-overlap">
          <caption className="sr-only">
            Cases shared by each pair of readers, existing and new together. Pairs sharing no case are marked.
          </caption>
          <thead className="sticky top-0 z-10 bg-card">
            <tr>
              <th scope="col" className="sticky left-0 z-20 bg-card px-2 text-left">
                <span className="sr-only">Reader</span>
              </th>
              {ids.map((id, i) => (
                <th key={id} scope="col" title={name(id, i)} className="min-w-10 px-1 py-1 text-center">
                  <span aria-hidden>R{i + 1}</span>
                  <span className="sr-only">{name(id, i)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ids.map((a, i) => (
              <tr key={a}>
                <th
                  scope="row"
                  title={name(a, i)}
                  className="sticky left-0 z-10 whitespace-nowrap bg-card px-2 text-left font-medium"
                >
                  <span aria-hidden>R{i + 1}</span>
                  <span className="sr-only">{name(a, i)}</span>
                </th>
                {ids.map((b, j) => {
                  if (i === j)
                    return (
                      <td
                        key={b}
                        className="border border-background bg-muted text-center text-muted-foreground"
                      >
                        <span aria-hidden>—</span>
                        <span className="sr-only">same reader</span>
                      </td>
                    );
                  const n = shared.get(`${a}\u0000${b}`) ?? 0;
                  return (
                    <td
                      key={b}
                      title={`${name(a, i)} and ${name(b, j)}: ${n} shared cases`}
                      className={cn(
                        'h-8 border border-background px-1 text-center tabular-nums',
                        n === 0 ? 'bg-red-100 font-semibold text-red-800' : 'text-slate-900',
                      )}
                      style={
                        n === 0
                          ? undefined
                          : // Light enough at its darkest for dark text to keep a 4.5:1 contrast.
                            { backgroundColor: `rgb(2 132 199 / ${(0.08 + (0.37 * n) / most).toFixed(2)})` }
                      }
                    >
                      {n === 0 ? (
                        <>
                          <span aria-hidden>⚠ 0</span>
                          <span className="sr-only">0 shared cases, no agreement possible</span>
                        </>
                      ) : (
                        n
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {zero.length ? (
        <p role="note" className="text-sm text-destructive" data-testid="uncovered-pairs">
          ⚠ {zero.length} reader {zero.length === 1 ? 'pair shares' : 'pairs share'} no case, so their
          agreement cannot be measured:{' '}
          {zero
            .slice(0, 12)
            .map((p) => `${name(p.a, index.get(p.a) ?? 0)} & ${name(p.b, index.get(p.b) ?? 0)}`)
            .join('; ')}
          {zero.length > 12 ? `; and ${zero.length - 12} more` : ''}.
        </p>
      ) : ids.length > 1 ? (
        <p className="text-sm text-muted-foreground">Every reader pair shares at least one case.</p>
      ) : null}
    </div>
  );
}
