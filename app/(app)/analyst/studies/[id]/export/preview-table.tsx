import type { PreviewCell, PreviewData } from './export-types';

function cellText(value: PreviewCell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/**
 * The first rows of an export as a table: column ids as headers (their labels on hover and in
 * the codebook), empty cells where the export writes no value. The box scrolls both ways and
 * takes the keyboard focus, so it scrolls without a mouse.
 */
export function PreviewTable({ data, limit }: { data: PreviewData; limit: number }) {
  const { columns, rows } = data;
  const whole = rows.length < limit;
  return (
    <div
      role="region"
      aria-labelledby="export-preview-caption"
      tabIndex={0}
      className="max-h-[28rem] overflow-auto rounded-md border focus-visible:outline-2 focus-visible:outline-ring"
    >
      <table className="w-max min-w-full border-collapse text-sm" data-testid="export-preview-table">
        <caption id="export-preview-caption" className="sr-only">
          {whole
            ? `Export preview: all ${rows.length} rows, ${columns.length} columns`
            : `Export preview: the first ${rows.length} rows, ${columns.length} columns`}
        </caption>
        <thead>
          <tr className="border-b">
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                title={`${c.label} (${c.type})`}
                className="sticky top-0 whitespace-nowrap bg-card px-3 py-2 text-left font-mono text-xs font-medium text-muted-foreground"
              >
                {c.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className="border-b last:border-0">
              {columns.map((c) => {
                const value = Object.hasOwn(row, c.id) ? (row[c.id] ?? null) : null;
                return value === null ? (
                  <td key={c.id} data-null="true" className="bg-muted/40 px-3 py-1.5" />
                ) : (
                  <td
                    key={c.id}
                    className={`whitespace-nowrap px-3 py-1.5 ${typeof value === 'number' ? 'text-right tabular-nums' : ''}`}
                  >
                    {cellText(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
