import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { getDb } from '@/db/client';
import { listAssignableUsers } from '@/db/queries/study-create';
import { rereadsScheduled } from '@/db/queries/study-settings';
import { DESIGN_LABELS, type AssignmentDesign } from '@/lib/study/design-types';
import { dateToDueDate, lexiconChoiceLabel } from '@/lib/study/study-input';
import { requireManagedStudy } from '../managed-study.server';
import { Members } from './members';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Study settings' };

const PHI_LABELS = {
  refuse: 'Refuse files with patient data',
  strip: 'Strip patient data on import',
  allow: 'Allow files as they are (already de-identified)',
} as const;

function designText(design: AssignmentDesign): string {
  if (design.kind === 'fully_crossed') return DESIGN_LABELS.fully_crossed;
  if (design.kind === 'k_per_case') return `${DESIGN_LABELS.k_per_case} (k = ${design.k})`;
  return `${DESIGN_LABELS.anchor} (k = ${design.k}, ${design.anchorCount} anchor cases)`;
}

/** A study's editable settings, the ones fixed at creation, and its people. */
export default async function StudySettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, study } = await requireManagedStudy(id, '/settings');
  const db = getDb();
  const washoutFixed = rereadsScheduled(db, study.id);
  const fixed: [string, string][] = [
    ['Short name', study.slug],
    ['Lexicon', study.lexicon ? lexiconChoiceLabel(study.lexicon) : 'None'],
    ['Seed', String(study.seed)],
    [
      'Reading sessions',
      study.readSessions === 2 ? '2 sessions (re-read for intra-reader agreement)' : '1 session',
    ],
    ['Assignment design', designText(study.design)],
    ['Images', PHI_LABELS[study.phiPolicy]],
  ];
  return (
    <>
      <PageHeader title="Settings" description="What can change while the study runs, and who takes part." />
      <div className="flex flex-col gap-8">
        <SettingsForm
          studyId={study.id}
          readSessions={study.readSessions}
          washoutFixed={washoutFixed}
          initial={{
            name: study.name,
            description: study.description,
            showCaseMetadata: study.showCaseMetadata,
            dueAt: dateToDueDate(study.dueAt),
            rereadDueDays: study.rereadDueDays,
            washoutDays: study.washoutDays,
            status: study.status,
          }}
        />
        <section aria-labelledby="fixed-settings" className="max-w-3xl rounded-lg border bg-card p-5">
          <h2 id="fixed-settings" className="text-base font-semibold">
            Fixed at creation
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">
            These stay as the study was created so its reads remain comparable: the lexicon version is pinned
            so every read uses the same form, and the seed, sessions and design decide who reads which case in
            which order. New readers and cases join the design on the{' '}
            <Link
              href={`/coordinator/studies/${study.id}/assignment`}
              className="text-primary underline underline-offset-4"
            >
              Assignment tab
            </Link>
            .
          </p>
          <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
            {fixed.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted-foreground">{label}</dt>
                <dd className="font-medium">{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <Members
          studyId={study.id}
          members={study.members}
          candidates={listAssignableUsers(db, actor)}
          currentUserId={actor.id}
        />
      </div>
    </>
  );
}
