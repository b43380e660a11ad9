'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/app/_components/ui/button';

/**
 * Copies a text to the clipboard and says so in a live region. Where the clipboard is not
 * available (an insecure origin, a refused permission), it selects the text of the element
 * `selectId` instead so the user can copy it with the keyboard.
 */
export function CopyButton({
  text,
  label = 'Copy',
  selectId,
  testId,
}: {
  text: string;
  label?: string;
  selectId?: string;
  testId?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const el = selectId ? document.getElementById(selectId) : null;
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        el.focus();
        el.select();
      } else if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setState('failed');
    }
  };

  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="outline" size="sm" onClick={copy} data-testid={testId}>
        {label}
      </Button>
      <span aria-live="polite" className="text-xs text-muted-foreground">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Could not reach the clipboard: the text is selected, copy it with Ctrl+C (⌘C).'
            : ''}
      </span>
    </span>
  );
}
