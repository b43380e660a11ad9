import type { ReactNode } from 'react';
import { AppShell } from '@/app/_components/app-shell';
import { getActor } from '@/lib/auth/session.server';

/** The signed-in shell. It only draws navigation: each page checks its own access. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  return <AppShell actor={await getActor()}>{children}</AppShell>;
}
