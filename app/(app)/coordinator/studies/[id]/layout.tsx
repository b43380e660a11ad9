import type { ReactNode } from 'react';
import { Badge } from '@/app/_components/ui/badge';
import { requireManagedStudy } from './managed-study.server';
import { StudyTabs } from './study-tabs';

/** Every coordinator page of one study: its name, status and tabs. Each page checks access again. */
export default async function StudyLayout({
  params,
  children,
}: {
  params: Promise<{ id: string }>;
  children: ReactNode;
}) {
  const { id } = await params;
  const { study } = await requireManagedStudy(id);
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-baseline gap-3">
        <p className="text-sm text-muted-foreground">
          Study <span className="font-medium text-foreground">{study.name}</span>
        </p>
        <Badge variant="outline">{study.status}</Badge>
        <span className="text-xs text-muted-foreground">
          {study.lexicon ? `${study.lexicon.key} ${study.lexicon.version}` : 'no lexicon'}
        </span>
      </div>
      <StudyTabs studyId={study.id} />
      {children}
    </div>
  );
}
