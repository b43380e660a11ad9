import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import type { StudyCaseRow } from '@/db/queries/cases';

const SHOWN_KEYS = 3;

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** A case's metadata in a few words: the first keys with their values, then how many more. */
function MetadataSummary({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata);
  if (!entries.length) return <span className="text-muted-foreground">—</span>;
  const all = entries.map(([k, v]) => `${k}: ${text(v)}`).join('\n');
  return (
    <span className="flex flex-wrap gap-1" title={all}>
      {entries.slice(0, SHOWN_KEYS).map(([k, v]) => (
        <span key={k} className="rounded bg-muted px-1.5 py-0.5 text-xs">
          <span className="text-muted-foreground">{k}</span> {text(v)}
        </span>
      ))}
      {entries.length > SHOWN_KEYS ? (
        <span className="px-1 text-xs text-muted-foreground">+{entries.length - SHOWN_KEYS} more</span>
      ) : null}
    </span>
  );
}

export function CasesTable({ rows }: { rows: StudyCaseRow[] }) {
  return (
    <Table aria-label="Cases of this study" scrollLabel="Cases (scrolls sideways)" data-testid="cases-table">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Label</TableHead>
          <TableHead scope="col">Case key</TableHead>
          <TableHead scope="col">Subject ID</TableHead>
          <TableHead scope="col">Metadata</TableHead>
          <TableHead scope="col" className="text-right">
            Images
          </TableHead>
          <TableHead scope="col" className="text-right">
            Reads
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} className="[content-visibility:auto] [contain-intrinsic-size:auto_2.5rem]">
            <TableCell className="font-medium whitespace-nowrap">{r.label}</TableCell>
            <TableCell className="font-mono text-xs">{r.caseKey}</TableCell>
            <TableCell className="font-mono text-xs">
              {r.subjectId ?? <span className="text-muted-foreground">—</span>}
            </TableCell>
            <TableCell>
              <MetadataSummary metadata={r.metadata} />
            </TableCell>
            <TableCell className="text-right tabular-nums whitespace-nowrap">
              {r.instances}
              <span className="block text-xs text-muted-foreground">{r.series} series</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{r.reads}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
