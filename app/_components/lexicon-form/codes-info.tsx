'use client';

import { Info } from 'lucide-react';
import { useId, useState } from 'react';
import type { TCode } from '@/lib/lexicon/schema';

/** The terminology codes of a feature or option, in a small popover a radiologist can open. */
export function CodesInfo({
  label,
  codes,
  note,
}: {
  label: string;
  codes: TCode[];
  note?: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!codes.length && !note) return null;
  const title = codes
    .map((c) => `${c.system} ${c.code}${c.match === 'close' ? ' (close match)' : ''}`)
    .join(', ');
  return (
    <span className="relative inline-flex">
      <button
        type="button"
        className="rounded p-0.5 text-muted-foreground hover:text-foreground"
        aria-label={`Codes for ${label}`}
        aria-expanded={open}
        aria-controls={id}
        title={title}
        tabIndex={-1}
        onClick={() => setOpen((o) => !o)}
      >
        <Info className="size-3.5" aria-hidden />
      </button>
      {open ? (
        <span
          id={id}
          role="tooltip"
          className="absolute left-5 top-0 z-20 w-64 rounded-md border bg-card p-2 text-xs shadow-md"
        >
          {codes.map((c) => (
            <span key={`${c.system}-${c.code}`} className="block">
              <span className="font-medium">{c.system}</span> {c.code}
              {c.display ? ` · ${c.display}` : ''}
              {c.match === 'close' ? <span className="text-muted-foreground"> (close match)</span> : null}
            </span>
          ))}
          {note ? <span className="mt-1 block text-muted-foreground">{note}</span> : null}
        </span>
      ) : null}
    </span>
  );
}
