import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/app-shell';
import { requirePage } from '@/lib/auth/session.server';
import { findLexicon } from '@/lib/lexicon/catalog.server';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { Tryout } from './tryout';

export const metadata: Metadata = { title: 'Try a lexicon form' };

export default async function TryLexiconPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage('lexicons.view', `/lexicons/${id}/try`);
  const entry = findLexicon(id);
  if (!entry) notFound();
  const model = buildFormModel(entry.lexicon);
  return (
    <>
      <PageHeader
        title={`Try: ${model.title}`}
        description="Fill the form as a reader would. Saving checks the answers on the server, exactly as a read is checked, and stores nothing."
      />
      <div className="max-w-3xl">
        <Tryout model={model} />
      </div>
    </>
  );
}
