'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/app/_components/ui/card';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { GLOBAL_ROLES, ROLE_LABELS } from '@/lib/auth/roles';
import { MIN_PASSWORD_LENGTH, ZNewUser } from '@/lib/users/user-input';
import { createUserAction } from './actions';

type TForm = z.input<typeof ZNewUser>;

const FIELDS = [
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'off' },
  { name: 'name', label: 'Full name', type: 'text', autoComplete: 'off' },
  {
    name: 'password',
    label: `Initial password (${MIN_PASSWORD_LENGTH}+ characters)`,
    type: 'password',
    autoComplete: 'new-password',
  },
] as const;

export function CreateUserForm() {
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<TForm>({ resolver: zodResolver(ZNewUser), defaultValues: { role: 'reader' } });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      const result = await createUserAction(null, values);
      if (result.ok) {
        setStatus({ ok: true, message: `Created ${values.email}.` });
        reset({ email: '', name: '', password: '', role: values.role });
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(field as keyof TForm, { message: messages[0] });
      }
      setStatus({ ok: false, message: result.message });
    }),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>New user</CardTitle>
        <CardDescription>The user signs in with this email and password.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="New user">
          {status ? <Alert variant={status.ok ? 'success' : 'destructive'}>{status.message}</Alert> : null}
          {FIELDS.map((f) => (
            <div key={f.name} className="flex flex-col gap-2">
              <Label htmlFor={`new-${f.name}`}>{f.label}</Label>
              <Input
                id={`new-${f.name}`}
                type={f.type}
                autoComplete={f.autoComplete}
                aria-invalid={errors[f.name] ? true : undefined}
                aria-describedby={errors[f.name] ? `new-${f.name}-error` : undefined}
                {...register(f.name)}
              />
              {errors[f.name] ? (
                <p id={`new-${f.name}-error`} className="text-sm text-destructive">
                  {errors[f.name]?.message}
                </p>
              ) : null}
            </div>
          ))}
          <div className="flex flex-col gap-2">
            <Label htmlFor="new-role">Account role</Label>
            <NativeSelect id="new-role" {...register('role')}>
              {GLOBAL_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? 'Creating…' : 'Create user'}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
