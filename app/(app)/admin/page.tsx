import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/app-shell';
import { getDb } from '@/db/client';
import { listUsers } from '@/db/queries/users';
import { requirePage } from '@/lib/auth/session.server';
import { CreateUserForm } from './create-user-form';
import { UsersTable } from './users-table';

export const metadata: Metadata = { title: 'Users' };

export default async function AdminPage() {
  const actor = await requirePage('admin.view', '/admin');
  const users = listUsers(getDb(), actor);
  return (
    <>
      <PageHeader
        title="Users"
        description="Create accounts, change account roles and disable access. Study roles are granted per study by its coordinator."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <UsersTable users={users} currentUserId={actor.id} />
        <CreateUserForm />
      </div>
    </>
  );
}
