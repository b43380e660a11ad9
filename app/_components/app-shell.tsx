import Link from 'next/link';
import type { ReactNode } from 'react';
import { can, type Actor, type AreaPermission } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { SignOutButton } from './sign-out-button';

const AREAS: { href: string; label: string; permission: AreaPermission }[] = [
  { href: '/reader', label: 'Worklist', permission: 'reader.view' },
  { href: '/coordinator', label: 'Studies', permission: 'coordinator.view' },
  { href: '/adjudicator', label: 'Adjudication', permission: 'adjudicator.view' },
  { href: '/analyst', label: 'Analysis', permission: 'analyst.view' },
  { href: '/lexicons', label: 'Lexicons', permission: 'lexicons.view' },
  { href: '/admin', label: 'Users', permission: 'admin.view' },
];

export function AppShell({ actor, children }: { actor: Actor | null; children: ReactNode }) {
  const areas = actor ? AREAS.filter((a) => can(actor, a.permission)) : [];
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-background focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
          <Link href="/" className="font-semibold tracking-tight">
            Annolex
          </Link>
          <nav aria-label="Main" className="flex flex-1 gap-1">
            {areas.map((a) => (
              <Link
                key={a.href}
                href={a.href}
                className="rounded-md px-3 py-1.5 text-sm text-muted-foreground hover:bg-accent hover:text-foreground"
              >
                {a.label}
              </Link>
            ))}
          </nav>
          {actor ? (
            <div className="flex items-center gap-3 text-sm">
              <span className="text-right leading-tight">
                <span className="block font-medium">{actor.name}</span>
                <span className="block text-xs text-muted-foreground">{ROLE_LABELS[actor.role]}</span>
              </span>
              <SignOutButton />
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
    </div>
  );
}

export function PageHeader({ title, description }: { title: string; description?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {description ? <p className="mt-1 text-sm text-muted-foreground">{description}</p> : null}
    </div>
  );
}
