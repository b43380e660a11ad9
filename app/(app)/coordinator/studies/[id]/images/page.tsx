import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { Card, CardContent, CardHeader, CardTitle } from '@/app/_components/ui/card';
import { getDb } from '@/db/client';
import { studyImagingOverview } from '@/db/queries/imaging';
import { findStudyRef } from '@/db/queries/studies';
import { can } from '@/lib/auth/permissions';
import { requirePage } from '@/lib/auth/session.server';
import { ImportHistory } from './import-history';
import { PHI_POLICY_TEXT } from './policy-text';
import { UploadForm } from './upload-form';

export const metadata: Metadata = { title: 'Study images' };

/** A study's images for its coordinator: what is imported, the PHI policy, an upload and past imports. */
export default async function StudyImagesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePage('coordinator.view', `/coordinator/studies/${id}/images`);
  const db = getDb();
  const study = /^\d+$/.test(id) ? findStudyRef(db, id) : null;
  if (!study || !can(actor, 'imaging.import', { studyId: study.id })) notFound();
  const o = studyImagingOverview(db, study.id);
  const stats = [
    ['Cases', o.cases],
    ['Cases with images', o.casesWithImages],
    ['Series', o.series],
    ['Instances', o.instances],
    ['Quarantined', o.quarantined],
  ] as const;
  return (
    <>
      <PageHeader
        title={`Images: ${study.slug}`}
        description="Import DICOM into this study from a zip or a single file. Files are grouped into cases by patient or by imaging study; existing cases are matched, and files already stored are counted as duplicates."
      />
      <p className="-mt-4 mb-4 text-sm">
        <Link
          className="text-primary underline-offset-4 hover:underline"
          href={`/coordinator/studies/${study.id}/reads`}
        >
          Reads of this study
        </Link>
      </p>
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Imaging summary">
        {stats.map(([label, n]) => (
          <div key={label} className="rounded-lg border p-3">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{n}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Upload</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
            <p>
              PHI policy: <strong>{study.phiPolicy}</strong>. {PHI_POLICY_TEXT[study.phiPolicy]}
            </p>
            <UploadForm studyId={study.id} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Imports</CardTitle>
          </CardHeader>
          <CardContent>
            <ImportHistory imports={o.imports} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
