'use client';

import { ClipboardCopy } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '@/app/_components/ui/button';
import { Label } from '@/app/_components/ui/label';

/** Copies the overdue readers (names, emails, counts, due dates) for a reminder, and shows the text. */
export function Remind({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  const [message, setMessage] = useState('');
  const id = useId();
  const copy = async () => {
    setShown(true);
    try {
      await navigator.clipboard.writeText(text);
      setMessage('Copied');
    } catch {
      setMessage('Copy the list below');
    }
  };
  return (
    <>
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={copy}
        disabled={!text}
        title={text ? undefined : 'No reads are overdue'}
      >
        <ClipboardCopy aria-hidden />
        Remind overdue readers
      </Button>
      <span role="status" aria-live="polite" className="text-xs font-medium text-success">
        {message}
      </span>
      {shown && text ? (
        <div className="grid w-full gap-1.5">
          <div className="flex items-center justify-between">
            <Label htmlFor={id}>Overdue readers</Label>
            <Button type="button" variant="ghost" size="sm" onClick={() => setShown(false)}>
              Hide
            </Button>
          </div>
          <textarea
            id={id}
            readOnly
            value={text}
            rows={Math.min(10, text.split('\n').length + 1)}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-input bg-muted/30 px-3 py-2 font-mono text-xs"
          />
        </div>
      ) : null}
    </>
  );
}
