'use client';

import { CircleAlert, CircleCheck, CloudOff, Loader2, PencilLine } from 'lucide-react';
import { Button } from '@/app/_components/ui/button';
import type { SaveStatus } from './use-autosave';

const TEXT: Record<SaveStatus, string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  offline: 'Offline: changes are kept in this browser and sent when the connection returns',
  failed: 'Not saved',
  conflict: 'This read changed in another tab or window',
};

/** The autosave state, always visible, announced politely to screen readers. */
export function SaveStatusBadge({ status, message }: { status: SaveStatus; message: string | null }) {
  const Icon =
    status === 'saved'
      ? CircleCheck
      : status === 'saving'
        ? Loader2
        : status === 'offline'
          ? CloudOff
          : status === 'unsaved'
            ? PencilLine
            : CircleAlert;
  const bad = status === 'failed' || status === 'conflict';
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-status={status}
      className={`flex flex-wrap items-center gap-2 text-sm ${bad ? 'text-destructive' : 'text-muted-foreground'}`}
    >
      <Icon aria-hidden className={`size-4 ${status === 'saving' ? 'animate-spin' : ''}`} />
      <span>{TEXT[status]}</span>
      {bad && message ? <span>({message})</span> : null}
      {status === 'conflict' ? (
        <Button type="button" size="sm" variant="outline" onClick={() => window.location.reload()}>
          Reload the saved version
        </Button>
      ) : null}
    </div>
  );
}
