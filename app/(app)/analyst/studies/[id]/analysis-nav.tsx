import Link from 'next/link';
import { can, type Actor } from '@/lib/auth/permissions';

type Section = 'agreement' | 'export' | 'genomics';

const SECTIONS: { id: Section; label: string; allowed: (actor: Actor, studyId: number) => boolean }[] = [
  {
    id: 'agreement',
    label: 'Agreement statistics',
    allowed: (a, studyId) => can(a, 'analysis.view', { studyId }),
  },
  { id: 'export', label: 'Export', allowed: (a, studyId) => can(a, 'export.run', { studyId }) },
  { id: 'genomics', label: 'Radiogenomics', allowed: (a, studyId) => can(a, 'genomics.manage', { studyId }) },
];

/** The links between a study's analysis pages (and the API tokens), those the actor may open. */
export function AnalysisNav({
  actor,
  studyId,
  current,
}: {
  actor: Actor;
  studyId: number;
  current: Section;
}) {
  return (
    <nav aria-label="Study analysis" className="-mt-2 mb-6 flex flex-wrap gap-4 text-sm">
      {SECTIONS.filter((s) => s.allowed(actor, studyId)).map((s) =>
        s.id === current ? (
          <span key={s.id} aria-current="page" className="font-medium">
            {s.label}
          </span>
        ) : (
          <Link
            key={s.id}
            href={`/analyst/studies/${studyId}/${s.id}`}
            className="text-primary underline underline-offset-4"
            data-testid={`${current}-${s.id}-link`}
          >
            {s.label}
          </Link>
        ),
      )}
      {can(actor, 'tokens.manage') ? (
        <Link href="/analyst/tokens" className="text-primary underline underline-offset-4">
          API tokens
        </Link>
      ) : null}
    </nav>
  );
}
