'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/app/_components/ui/button';
import { revokeApiTokenAction } from './actions';

/** "Revoke", confirmed inline in the token's row. */
export function RevokeToken({ id, name }: { id: number; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (confirming) {
      asked.current = true;
      confirmButton.current?.focus();
    } else if (asked.current) {
      revokeButton.current?.focus();
    }
  }, [confirming]);

  const revoke = () =>
    startTransition(async () => {
      setError(null);
      const result = await revokeApiTokenAction(null, { id });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      // The row loses its Revoke button: keep the keyboard focus near the list.
      document.getElementById('tokens-title')?.focus();
    });

  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <div
          role="group"
          aria-labelledby={`revoke-${id}-question`}
          className="flex flex-wrap items-center justify-end gap-2"
        >
          <span id={`revoke-${id}-question`} className="text-xs">
            Revoke “{name}”? Scripts using it stop working at once.
          </span>
          <Button
            ref={confirmButton}
            type="button"
            size="sm"
            variant="destructive"
            disabled={pending}
            onClick={revoke}
          >
            {pending ? 'Revoking…' : 'Yes, revoke'}
          </Button>
          <Button
            type="button"
            size="sm"
            variant="outline"
            disabled={pending}
            onClick={() => setConfirming(false)}
          >
            Cancel
          </Button>
        </div>
      ) : (
        <Button
          ref={revokeButton}
          type="button"
          size="sm"
          variant="outline"
          aria-label={`Revoke ${name}`}
          onClick={() => setConfirming(true)}
        >
          Revoke
        </Button>
      )}
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
