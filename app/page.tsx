import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session.server';
import { ROLE_HOME } from '@/lib/auth/roles';

/** The front door: each role's home, or the login page. */
export default async function Home() {
  const actor = await getActor();
  redirect(actor ? ROLE_HOME[actor.role] : '/login');
}
