import type { Contingency } from '@/lib/genomics/plot-data';

/** The counts behind a mosaic plot: imaging levels (rows) × genomic levels (columns), with totals. */
export function ContingencyTable({
  table,
  rowsLabel,
  colsLabel,
}: {
  table: Contingency;
  rowsLabel: string;
  colsLabel: string;
}) {
  const colTotals = table.cols.map((_, c) => table.counts.reduce((s, row) => s + (row[c] ?? 0), 0));
  return (
    <div className="overflow-x-auto">
      <table className="text-sm" data-testid="contingency-table">
        <caption className="mb-1 text-left text-xs text-muted-foreground">
          Counts: {rowsLabel} (rows) by {colsLabel} (columns)
        </caption>
        <thead>
          <tr className="border-b">
            <td />
            {table.cols.map((c) => (
              <th key={c.level} scope="col" className="px-3 py-1 text-right font-medium">
                {c.label}
              </th>
            ))}
            <th scope="col" className="px-3 py-1 text-right font-medium">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={r.level} className="border-b">
              <th scope="row" className="py-1 pr-3 text-left font-medium">
                {r.label}
              </th>
              {table.cols.map((c, j) => (
                <td key={c.level} className="px-3 py-1 text-right tabular-nums">
                  {table.counts[i]?.[j] ?? 0}
                </td>
              ))}
              <td className="px-3 py-1 text-right tabular-nums">{r.n}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="py-1 pr-3 text-left font-medium">
              Total
            </th>
            {colTotals.map((n, j) => (
              <td key={table.cols[j]!.level} className="px-3 py-1 text-right tabular-nums">
                {n}
              </td>
            ))}
            <td className="px-3 py-1 text-right font-medium tabular-nums">{table.n}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
