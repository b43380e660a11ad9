'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type ReactNode } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { cellRead, type ProgressIndex, type ProgressRead } from '@/lib/study/progress';

async function post(url: string, body: unknown): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.ok) return null;
    const data = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
    return data?.error?.message ?? `The request failed (${res.status})`;
  } catch {
    return 'Could not reach the server; try again';
  }
}

type ActionProps = {
  ix: ProgressIndex;
  read: ProgressRead;
  onCancel: () => void;
  onDone: (message: string) => void;
};

/**
 * The form around one action on a read: posts it to the read's `action` endpoint, then refreshes
 * the page and announces `done`, or shows why it failed. The fields come first, then the buttons.
 */
function ReadActionForm({
  read,
  action,
  body,
  label,
  submitText,
  ready,
  done,
  onCancel,
  onDone,
  children,
}: Omit<ActionProps, 'ix'> & {
  action: 'reopen' | 'reassign';
  body: unknown;
  /** The form's accessible name. */
  label: string;
  submitText: string;
  /** The fields are filled in well enough to send. */
  ready: boolean;
  /** What to announce once the action is done. */
  done: string;
  /** The fields, told whether the last attempt failed. */
  children: (failed: boolean) => ReactNode;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-2"
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const failed = await post(`/api/v1/reads/${read.readId}/${action}`, body);
        setBusy(false);
        if (failed) return setError(failed);
        router.refresh();
        onDone(done);
      }}
    >
      {children(!!error)}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={busy || !ready}>
          {submitText}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Reopen with a reason: the reason is required and goes to the audit. */
export function ReopenForm({ ix, read, ...props }: ActionProps) {
  const [reason, setReason] = useState('');
  const id = useId();
  const c = ix.data.cases[read.caseIdx]!;
  const reader = ix.data.readers[read.readerIdx]!;
  return (
    <ReadActionForm
      read={read}
      action="reopen"
      body={{ reason }}
      label={`Reopen ${c.label} session ${read.session} for ${reader.name}`}
      submitText="Reopen"
      ready={reason.trim().length >= 3}
      done={`${c.label} reopened for ${reader.name}`}
      {...props}
    >
      {(failed) => (
        <>
          <Label htmlFor={id}>Reason for reopening</Label>
          <Input
            id={id}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Required; recorded in the audit log"
            required
            minLength={3}
            maxLength={1000}
            autoFocus
            aria-invalid={failed ? true : undefined}
          />
        </>
      )}
    </ReadActionForm>
  );
}

/** Gives a not-started first read to another reader of the study who does not have the case yet. */
export function ReassignForm({ ix, read, ...props }: ActionProps) {
  const candidates = ix.data.readers
    .map((r, i) => ({ ...r, i }))
    .filter((r) => r.member && !r.disabled && r.i !== read.readerIdx && !cellRead(ix, read.caseIdx, r.i, 1));
  const [target, setTarget] = useState(candidates[0]?.id ?? '');
  const id = useId();
  const c = ix.data.cases[read.caseIdx]!;
  const reader = ix.data.readers[read.readerIdx]!;
  if (!candidates.length)
    return (
      <div className="grid gap-2 text-sm">
        <p className="text-muted-foreground">Every other reader of the study already has this case.</p>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          className="justify-self-start"
          onClick={props.onCancel}
        >
          Cancel
        </Button>
      </div>
    );
  const to = candidates.find((r) => r.id === target)?.name ?? 'the new reader';
  return (
    <ReadActionForm
      read={read}
      action="reassign"
      body={{ readerId: target }}
      label={`Reassign ${c.label} from ${reader.name}`}
      submitText="Reassign"
      ready={!!target}
      done={`${c.label} reassigned from ${reader.name} to ${to}`}
      {...props}
    >
      {() => (
        <>
          <Label htmlFor={id}>Give this read to</Label>
          <NativeSelect id={id} value={target} onChange={(e) => setTarget(e.target.value)} autoFocus>
            {candidates.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.email})
              </option>
            ))}
          </NativeSelect>
          <p className="text-xs text-muted-foreground">It goes to the end of their reading order.</p>
        </>
      )}
    </ReadActionForm>
  );
}
