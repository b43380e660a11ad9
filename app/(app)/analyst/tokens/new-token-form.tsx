'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { createApiTokenAction } from './actions';
import { CopyButton } from './copy-button';
import { TOKEN_EXPIRIES, ZNewToken, type NewToken, type NewTokenValues } from './token-input';

type Created = { name: string; token: string; expiresAt: string | null };

function describedBy(errorId: string, error: string | undefined, ...help: string[]) {
  const ids = [error ? errorId : null, ...help].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined } as const;
}

/**
 * The "New token" form. A created token is shown once, here, in a read-only field with a copy
 * button; it stays until the user dismisses it or leaves the page, and is never shown again.
 */
export function NewTokenForm() {
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<Created | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const createdTitle = useRef<HTMLHeadingElement>(null);

  const {
    register,
    handleSubmit,
    reset,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<NewTokenValues, unknown, NewToken>({
    resolver: zodResolver(ZNewToken),
    defaultValues: { name: '', expiresIn: '90' },
  });

  useEffect(() => {
    if (created) createdTitle.current?.focus();
  }, [created]);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setMessage(null);
      const result = await createApiTokenAction(null, values);
      if (result.ok) {
        setCreated({ name: result.data.name, token: result.data.token, expiresAt: result.data.expiresAt });
        reset();
        return;
      }
      const unplaced: string[] = [];
      for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
        if (key === 'name' || key === 'expiresIn')
          setError(key, { type: 'server', message: messages.join(' ') });
        else unplaced.push(...messages);
      }
      setMessage([result.message, ...unplaced].join(' '));
    }),
  );

  const nameError = errors.name?.message;
  const expiryError = errors.expiresIn?.message;

  return (
    <div className="flex flex-col gap-6">
      {created ? (
        <section
          aria-labelledby="new-token-title"
          data-testid="new-token"
          className="flex flex-col gap-3 rounded-lg border border-success/40 bg-success/5 p-5"
        >
          <h3 id="new-token-title" ref={createdTitle} tabIndex={-1} className="text-base font-semibold">
            Token “{created.name}” created
          </h3>
          <p className="text-sm font-medium" id="new-token-warning">
            Copy it now: it will not be shown again. Annolex keeps only a fingerprint of it, so a lost token
            cannot be recovered; revoke it and create a new one.
          </p>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="new-token-value">Your new API token</Label>
            <div className="flex flex-wrap items-center gap-2">
              <Input
                id="new-token-value"
                readOnly
                value={created.token}
                aria-describedby="new-token-warning new-token-expiry"
                className="min-w-0 flex-1 font-mono"
                data-testid="new-token-value"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton
                text={created.token}
                label="Copy token"
                selectId="new-token-value"
                testId="copy-token"
              />
            </div>
            <p id="new-token-expiry" className="text-xs text-muted-foreground">
              {created.expiresAt
                ? `Expires on ${created.expiresAt.slice(0, 10)} (UTC).`
                : 'Never expires: revoke it when no script needs it any more.'}{' '}
              Scripts read it from the <code className="font-mono">ANNOLEX_TOKEN</code> environment variable.
            </p>
          </div>
          <div>
            <Button
              type="button"
              variant="outline"
              onClick={() => {
                setCreated(null);
                setFocus('name');
              }}
            >
              Done, I have copied it
            </Button>
          </div>
        </section>
      ) : null}

      <form
        onSubmit={onSubmit}
        noValidate
        aria-labelledby="new-token-form-title"
        className="flex flex-col gap-4 rounded-lg border bg-card p-5"
      >
        <h2 id="new-token-form-title" className="text-base font-semibold">
          New token
        </h2>
        <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="token-name">Name</Label>
            <Input
              id="token-name"
              autoComplete="off"
              maxLength={100}
              placeholder="e.g. laptop R scripts"
              {...describedBy('token-name-error', nameError, 'token-name-help')}
              {...register('name')}
            />
            <p id="token-name-help" className="text-xs text-muted-foreground">
              What the token is for, so you recognise it in this list later.
            </p>
            {nameError ? (
              <p id="token-name-error" className="text-sm text-destructive">
                {nameError}
              </p>
            ) : null}
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="token-expiry">Expires</Label>
            <NativeSelect
              id="token-expiry"
              {...describedBy('token-expiry-error', expiryError, 'token-expiry-help')}
              {...register('expiresIn')}
            >
              {TOKEN_EXPIRIES.map((e) => (
                <option key={e.value} value={e.value}>
                  {e.label}
                </option>
              ))}
            </NativeSelect>
            <p id="token-expiry-help" className="text-xs text-muted-foreground">
              A shorter life limits the harm of a leaked token.
            </p>
            {expiryError ? (
              <p id="token-expiry-error" className="text-sm text-destructive">
                {expiryError}
              </p>
            ) : null}
          </div>
        </div>
        <div aria-live="polite">{message ? <Alert variant="destructive">{message}</Alert> : null}</div>
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? 'Creating…' : 'Create token'}
          </Button>
        </div>
      </form>
    </div>
  );
}
