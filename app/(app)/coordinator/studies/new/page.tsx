import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { getDb } from '@/db/client';
import { listAssignableUsers, listLexiconChoices } from '@/db/queries/study-create';
import { requirePage } from '@/lib/auth/session.server';
import { lexiconCatalog } from '@/lib/lexicon/catalog.server';
import { randomSeed } from '@/lib/study/study-input';
import { CreateStudyForm, type LexiconOption } from './create-study-form';

export const metadata: Metadata = { title: 'New study' };

/** Study creation: the settings a study is fixed with, its people, then on to its cases. */
export default async function NewStudyPage() {
  const actor = await requirePage('study.create', '/coordinator/studies/new');
  const db = getDb();
  const adopted: LexiconOption[] = listLexiconChoices(db).map((v) => ({ ...v, adopted: true }));
  const shipped: LexiconOption[] = lexiconCatalog()
    .flatMap((e) => (e.ok ? [e] : []))
    .filter((e) => !adopted.some((a) => a.key === e.lexicon.id && a.sha256 === e.sha256))
    .map((e) => ({
      id: null,
      key: e.lexicon.id,
      version: e.lexicon.version,
      title: e.lexicon.title,
      sha256: e.sha256,
      adopted: false,
    }));
  return (
    <>
      <PageHeader
        title="New study"
        description="Set up a reader study: its lexicon, people, blinding, sessions and assignment. Cases and images come next."
      />
      <CreateStudyForm
        lexicons={[...adopted, ...shipped]}
        users={listAssignableUsers(db, actor)}
        currentUserId={actor.id}
        initialSeed={randomSeed()}
      />
    </>
  );
}
