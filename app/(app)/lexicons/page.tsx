import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Alert } from '@/app/_components/ui/alert';
import { Badge } from '@/app/_components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { requirePage } from '@/lib/auth/session.server';
import { lexiconCatalog } from '@/lib/lexicon/catalog.server';

export const metadata: Metadata = { title: 'Lexicons' };

export default async function LexiconsPage() {
  await requirePage('lexicons.view', '/lexicons');
  const catalog = lexiconCatalog();
  return (
    <>
      <PageHeader
        title="Lexicons"
        description="The coded feature sets studies can adopt. A study pins the exact version it adopted."
      />
      {catalog.length === 0 ? (
        <EmptyState title="No lexicons">
          Add YAML files to lexicons/ and check them with npx annolex lexicon check.
        </EmptyState>
      ) : null}
      {catalog.some((e) => !e.ok) ? (
        <Alert variant="destructive" className="mb-4">
          Some lexicon files have errors and cannot be adopted; run <code>npx annolex lexicon check</code>.
        </Alert>
      ) : null}
      <Table aria-label="Lexicons">
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Lexicon</TableHead>
            <TableHead scope="col">Version</TableHead>
            <TableHead scope="col" className="text-right">
              Features
            </TableHead>
            <TableHead scope="col">File</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {catalog.map((e) => (
            <TableRow key={e.file}>
              <TableCell className="font-medium">
                {e.ok ? (
                  <Link href={`/lexicons/${e.lexicon.id}`} className="text-primary hover:underline">
                    {e.lexicon.title}
                  </Link>
                ) : (
                  <Badge variant="destructive">invalid</Badge>
                )}
              </TableCell>
              <TableCell>{e.ok ? e.lexicon.version : '—'}</TableCell>
              <TableCell className="text-right tabular-nums">
                {e.ok ? e.lexicon.sections.reduce((n, s) => n + s.features.length, 0) : '—'}
              </TableCell>
              <TableCell className="font-mono text-xs text-muted-foreground">{e.file}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
