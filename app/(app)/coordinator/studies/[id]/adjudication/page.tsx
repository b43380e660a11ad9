import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/app/_components/app-shell';
import { EmptyState } from '@/app/_components/empty-state';
import { Alert } from '@/app/_components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/app/_components/ui/card';
import { getDb } from '@/db/client';
import { listAdjudicationTasks } from '@/db/queries/adjudication-admin';
import { studyModel } from '@/db/queries/study-model';
import { featureMap } from '@/lib/lexicon/form-model';
import { adjudicableFeatures } from '@/lib/study/adjudication';
import { requireManagedStudy } from '../managed-study.server';
import { RulesEditor } from './rules-editor';
import { TasksPanel } from './tasks-table';

export const metadata: Metadata = { title: 'Study adjudication' };

const linkClass = 'text-primary underline-offset-4 hover:underline';

/**
 * The coordinator's adjudication: which features trigger it and how, and the tasks it has
 * created. Adjudication never changes reads; its decisions are stored as consensus values.
 */
export default async function StudyAdjudicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, study } = await requireManagedStudy(id, '/adjudication');
  const db = getDb();
  const model = studyModel(db, study.id);
  const features = model ? adjudicableFeatures(model) : [];
  const featureLabels = model
    ? Object.fromEntries([...featureMap(model)].map(([featureId, f]) => [featureId, f.label]))
    : {};
  const tasks = listAdjudicationTasks(db, actor, study.id);
  const adjudicators = study.members
    .filter((m) => m.role === 'adjudicator')
    .map((m) => ({ id: m.userId, name: m.name }));
  const settings = `/coordinator/studies/${study.id}/settings`;

  return (
    <>
      <PageHeader
        title="Adjudication"
        description="Choose the features on which readers' first-session disagreements go to an adjudicator. A case is checked once all of its first-session reads are submitted; adjudication never changes the reads."
      />
      <div className="flex flex-col gap-6">
        {adjudicators.length === 0 ? (
          <Alert variant="destructive">
            This study has no adjudicator yet. Tasks will wait unassigned until one is added on{' '}
            <Link className={linkClass} href={settings}>
              Settings
            </Link>
            .
          </Alert>
        ) : null}
        <Card>
          <CardHeader>
            <CardTitle>Rules</CardTitle>
            <CardDescription>
              {study.lexicon
                ? `These rules apply to ${study.lexicon.title} ${study.lexicon.version} (${study.lexicon.key}), the lexicon version this study pins.`
                : 'This study has no lexicon yet.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {!model ? (
              <EmptyState title="No lexicon yet">
                Choose the study&apos;s lexicon on{' '}
                <Link className={linkClass} href={settings}>
                  Settings
                </Link>{' '}
                before setting adjudication rules.
              </EmptyState>
            ) : features.length === 0 ? (
              <EmptyState title="Nothing to adjudicate">
                This lexicon has no feature that adjudication can compare.
              </EmptyState>
            ) : (
              <RulesEditor studyId={study.id} features={features} rules={study.adjudication.rules} />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Tasks</CardTitle>
            <CardDescription>
              One task per case whose readers disagree on an adjudicated feature. New tasks go to the
              adjudicator with the fewest open tasks.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <TasksPanel
              studyId={study.id}
              tasks={tasks}
              adjudicators={adjudicators}
              featureLabels={featureLabels}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
