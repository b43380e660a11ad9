'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/ui/cn';

const TABS = [
  { path: '', label: 'Progress' },
  { path: '/assignment', label: 'Assignment' },
  { path: '/cases', label: 'Cases' },
  { path: '/images', label: 'Images' },
  { path: '/reads', label: 'Reads' },
  { path: '/adjudication', label: 'Adjudication' },
  { path: '/settings', label: 'Settings' },
] as const;

export function StudyTabs({ studyId }: { studyId: number }) {
  const pathname = usePathname();
  const base = `/coordinator/studies/${studyId}`;
  return (
    <nav aria-label="Study" className="mb-6 flex flex-wrap gap-1 border-b">
      {TABS.map((t) => {
        const href = `${base}${t.path}`;
        const current = pathname === href;
        return (
          <Link
            key={t.path}
            href={href}
            aria-current={current ? 'page' : undefined}
            className={cn(
              '-mb-px border-b-2 px-3 py-2 text-sm',
              current
                ? 'border-primary font-medium text-foreground'
                : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
