'use client';

import { Keyboard } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { Button } from '@/app/_components/ui/button';

const GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Form',
    keys: [
      ['Tab / Shift+Tab', 'next / previous feature'],
      ['1 – 9', 'pick an option of the focused feature'],
      ['N', 'next unanswered required feature'],
      ['I', 'codes of the focused feature'],
      ['Ctrl+S', 'save the draft now (it also saves by itself)'],
      ['Ctrl+Enter', 'submit (then the next case opens)'],
      ['Shift+N', 'go to the next case in your list'],
    ],
  },
  {
    title: 'Viewer (focus in the images)',
    keys: [
      ['W / P / Z', 'window/level, pan, zoom'],
      ['L / B / E / R', 'length, bidirectional, ellipse, rectangle'],
      ['A', 'auto size: draw an ellipse from the lesion’s centre'],
      ['↑ ↓ / Page Up, Page Down / wheel', 'scroll the stack'],
      ['Delete', 'delete the selected annotation (clears its field)'],
      ['Esc', 'cancel a pending measurement'],
    ],
  },
  { title: 'Help', keys: [['?', 'this list']] },
];

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable ||
    t.tagName === 'TEXTAREA' ||
    t.tagName === 'SELECT' ||
    (t.tagName === 'INPUT' && !['radio', 'checkbox'].includes((t as HTMLInputElement).type)));

/**
 * The reading page's keyboard: `?` lists every shortcut, Ctrl+S saves the draft and Ctrl+Enter
 * submits (by clicking the form's own buttons, so validation and focus work as with the mouse).
 */
export function ReadingShortcuts({
  formSelector,
  nextReadId,
}: {
  formSelector: string;
  nextReadId: number | null;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const form = document.querySelector<HTMLFormElement>(formSelector);
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        form?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        form?.querySelector<HTMLButtonElement>('button[data-action="save-draft"]')?.click();
      } else if (e.key === 'N' && e.shiftKey && !typing(e.target) && nextReadId) {
        e.preventDefault();
        router.push(`/reader/reads/${nextReadId}`);
      } else if (e.key === '?' && !typing(e.target)) {
        e.preventDefault();
        dialog.current?.showModal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [formSelector, nextReadId, router]);
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        size="sm"
        onClick={() => dialog.current?.showModal()}
        aria-keyshortcuts="?"
      >
        <Keyboard aria-hidden /> Shortcuts <kbd className="rounded border px-1 text-[10px]">?</kbd>
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="shortcuts-title"
        className="m-auto max-w-lg rounded-lg border p-5 shadow-lg backdrop:bg-black/40"
      >
        <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        {GROUPS.map((g) => (
          <section key={g.title} className="mb-3">
            <h3 className="mb-1 text-sm font-semibold">{g.title}</h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              {g.keys.map(([k, what]) => (
                <div key={k} className="contents">
                  <dt>
                    <kbd className="rounded border px-1 text-xs">{k}</kbd>
                  </dt>
                  <dd className="text-muted-foreground">{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <form method="dialog" className="text-right">
          <Button type="submit" variant="outline" size="sm">
            Close
          </Button>
        </form>
      </dialog>
    </>
  );
}
