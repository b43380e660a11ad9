import type { ReactNode } from 'react';
import { Badge } from '@/app/_components/ui/badge';
import { can } from '@/lib/auth/permissions';
import { getActor } from '@/lib/auth/session.server';
import { studyDetailOnce } from './managed-study.server';
import { StudyTabs } from './study-tabs';

/**
 * Every coordinator page of one study: its name, status and tabs, for those who manage it.
 * The gate is each page's own (it knows its path for the login redirect); for anyone else
 * this layout adds nothing and the page answers the redirect, 403 or 404.
 */
export default async function StudyLayout({
  params,
  children,
}: {
  params: Promise<{ id: string }>;
  children: ReactNode;
}) {
  const { id } = await params;
  const actor = await getActor();
  const study = actor ? studyDetailOnce(id) : null;
  if (!study || !can(actor, 'study.manage', { studyId: study.id })) return children;
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
