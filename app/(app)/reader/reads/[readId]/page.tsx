import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { caseSeries } from '@/db/queries/imaging';
import { readForReader } from '@/db/queries/reading';
import { requirePage } from '@/lib/auth/session.server';
import { protocolFor } from '@/lib/dicom/hanging-protocol';
import { hangingProtocols } from '@/lib/dicom/hanging-protocols.server';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { toSavedMeasurement } from './saved';
import { ReadingWorkspace } from './reading-workspace';

export const metadata: Metadata = { title: 'Reading' };

/** A reader's own read: the case's images beside the lexicon form. Anyone else's read is a 404. */
export default async function ReadPage({
  params,
  searchParams,
}: {
  params: Promise<{ readId: string }>;
  searchParams: Promise<{ renderer?: string }>;
}) {
  const { readId } = await params;
  const actor = await requirePage('reader.view', `/reader/reads/${readId}`);
  const id = Number(readId);
  const db = getDb();
  const data = Number.isSafeInteger(id) ? readForReader(db, actor, id) : null;
  if (!data) notFound();
  const renderer = (await searchParams).renderer === 'cpu' ? 'cpu' : 'auto';
  const next = data.nextRead ? (caseSeries(db, data.nextRead.caseId)[0] ?? null) : null;
  return (
    <ReadingWorkspace
      read={data.read}
      studyName={data.study.name}
      caseLabel={data.kase.label}
      model={data.lexicon ? buildFormModel(data.lexicon.definition) : null}
      answers={data.answers}
      measurements={data.measurements.map(toSavedMeasurement)}
      series={caseSeries(db, data.kase.id)}
      protocol={protocolFor(hangingProtocols(), data.lexicon?.key ?? null)}
      renderer={renderer}
      nextReadId={data.nextRead?.id ?? null}
      prefetch={next}
      caseMetadata={data.caseMetadata}
    />
  );
}
