'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/app/_components/ui/button';
import { NativeSelect } from '@/app/_components/ui/native-select';
import type { UserRow } from '@/db/queries/users';
import { GLOBAL_ROLES, ROLE_LABELS, type GlobalRole } from '@/lib/auth/roles';
import { setUserDisabledAction, setUserRoleAction } from './actions';

export function UserRowActions({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setError(null);
      const result = await fn();
      if (!result.ok) setError(result.message ?? 'Failed');
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Account role of {user.email}
      </label>
      <NativeSelect
        id={`role-${user.id}`}
        className="w-48"
        defaultValue={user.role}
        disabled={pending || isSelf}
        onChange={(e) => {
          const role = e.target.value as GlobalRole;
          run(() => setUserRoleAction(null, { userId: user.id, role }));
        }}
      >
        {GLOBAL_ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </NativeSelect>
      {isSelf ? (
        <span className="text-xs text-muted-foreground">You</span>
      ) : (
        <Button
          size="sm"
          variant={user.disabled ? 'outline' : 'destructive'}
          disabled={pending}
          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
          onClick={() =>
            run(() => setUserDisabledAction(null, { userId: user.id, disabled: !user.disabled }))
          }
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </Button>
      )}
      {error ? (
        <p role="alert" className="w-full text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
