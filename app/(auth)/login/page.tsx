import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session.server';
import { ROLE_HOME } from '@/lib/auth/roles';
import { safeNextPath } from '@/lib/auth/safe-next';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const actor = await getActor();
  if (actor) redirect(ROLE_HOME[actor.role]);
  const { next } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Annolex</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            Structured reader studies for radiology lexicons
          </p>
        </div>
        <LoginForm next={safeNextPath(next)} />
      </div>
    </main>
  );
}
