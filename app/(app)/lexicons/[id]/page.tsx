import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/app-shell';
import { FeatureTable } from '@/app/_components/lexicon-browser/feature-table';
import { Button } from '@/app/_components/ui/button';
import { getDb } from '@/db/client';
import { listAdoptedVersions } from '@/db/queries/lexicons';
import { requirePage } from '@/lib/auth/session.server';
import { findLexicon } from '@/lib/lexicon/catalog.server';

export const metadata: Metadata = { title: 'Lexicon' };

export default async function LexiconPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage('lexicons.view', `/lexicons/${id}`);
  const entry = findLexicon(id);
  if (!entry) notFound();
  const { lexicon } = entry;
  const versions = listAdoptedVersions(getDb(), lexicon.id);
  return (
    <>
      <PageHeader
        title={lexicon.title}
        description={`${lexicon.id} ${lexicon.version} · ${entry.file} · sha256 ${entry.sha256.slice(0, 12)}`}
      />
      <p className="mb-4 max-w-3xl text-sm">{lexicon.description}</p>
      <div className="mb-6 flex gap-2">
        <Button asChild>
          <Link href={`/lexicons/${lexicon.id}/try`}>Try the form</Link>
        </Button>
      </div>
      <section aria-labelledby="versions" className="mb-8">
        <h2 id="versions" className="mb-2 text-lg font-semibold">
          Adopted versions
        </h2>
        {versions.length ? (
          <ul className="text-sm">
            {versions.map((v) => (
              <li key={v.id}>
                {v.version}{' '}
                <span className="font-mono text-xs text-muted-foreground">{v.sha256.slice(0, 12)}</span>
                {v.sha256 === entry.sha256 ? ' (this file)' : ''} · adopted {v.adoptedAt.slice(0, 10)} ·{' '}
                {v.studies.length ? `used by ${v.studies.map((s) => s.name).join(', ')}` : 'no study yet'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">No study has adopted this lexicon yet.</p>
        )}
      </section>
      {lexicon.references.length ? (
        <section aria-labelledby="refs" className="mb-8">
          <h2 id="refs" className="mb-2 text-lg font-semibold">
            References
          </h2>
          <ul className="list-disc pl-5 text-sm">
            {lexicon.references.map((r) => (
              <li key={r.title}>
                {r.url ? (
                  <a href={r.url} className="text-primary hover:underline" rel="noreferrer">
                    {r.title}
                  </a>
                ) : (
                  r.title
                )}
                {r.doi ? ` doi:${r.doi}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="flex flex-col gap-8">
        {lexicon.sections.map((s) => (
          <FeatureTable key={s.id} section={s} />
        ))}
      </div>
    </>
  );
}
