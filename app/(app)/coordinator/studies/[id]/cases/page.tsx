import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/app/_components/ui/card';
import { getDb } from '@/db/client';
import { listStudyCases } from '@/db/queries/cases';
import { requireManagedStudy } from '../managed-study.server';
import { CaseCsvUpload } from './case-csv-upload';
import { CasesTable } from './cases-table';

export const metadata: Metadata = { title: 'Study cases' };

const linkClass = 'text-primary underline underline-offset-4';

/** A study's cases for its coordinator: keys, subject IDs and metadata, and a CSV to map them. */
export default async function StudyCasesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, study } = await requireManagedStudy(id, '/cases');
  const rows = listStudyCases(getDb(), actor, study.id);
  const base = `/coordinator/studies/${study.id}`;
  return (
    <>
      <PageHeader
        title="Cases"
        description="Each case's key, the label readers see, the subject ID used for genomic joins, and its clinical metadata."
      />
      <p className="-mt-4 mb-6 text-sm text-muted-foreground" data-testid="metadata-visibility">
        Case metadata is hidden from readers unless the study shows it (
        <Link className={linkClass} href={`${base}/settings`}>
          Settings
        </Link>
        ); this study {study.showCaseMetadata ? 'shows' : 'hides'} it. Subject IDs are never shown to readers.
      </p>
      <div className="flex flex-col gap-6">
        {rows.length ? (
          <CasesTable rows={rows} />
        ) : (
          <EmptyState title="No cases yet">
            Import images on the{' '}
            <Link className={linkClass} href={`${base}/images`}>
              Images
            </Link>{' '}
            tab (cases are created from the files), or list cases in a case mapping CSV below.
          </EmptyState>
        )}
        <Card>
          <CardHeader>
            <CardTitle>Case mapping CSV</CardTitle>
            <CardDescription>
              Create cases or update existing ones by their case key: subject IDs for genomic joins, labels
              and clinical metadata.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <CaseCsvUpload studyId={study.id} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
