import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import type { ImagingOverview } from '@/db/queries/imaging';
import type { ImportSummary } from '@/lib/dicom/import/plan';

export function ImportHistory({ imports }: { imports: ImagingOverview['imports'] }) {
  if (!imports.length) return <p className="text-sm text-muted-foreground">Nothing imported yet.</p>;
  return (
    <Table aria-label="Past imports">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">When (UTC)</TableHead>
          <TableHead scope="col">By</TableHead>
          <TableHead scope="col" className="text-right">
            Imported
          </TableHead>
          <TableHead scope="col" className="text-right">
            Duplicates
          </TableHead>
          <TableHead scope="col" className="text-right">
            Skipped
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {imports.map((i) => {
          const s = i.summary as ImportSummary;
          const skipped = Object.values(s.skipped ?? {}).reduce((n, c) => n + (c ?? 0), 0);
          return (
            <TableRow key={i.id}>
              <TableCell className="tabular-nums">
                {i.at.toISOString().slice(0, 16).replace('T', ' ')}
              </TableCell>
              <TableCell>{i.actor ?? 'command line'}</TableCell>
              <TableCell className="text-right tabular-nums">{s.imported}</TableCell>
              <TableCell className="text-right tabular-nums">{s.duplicates}</TableCell>
              <TableCell className="text-right tabular-nums">{skipped}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
