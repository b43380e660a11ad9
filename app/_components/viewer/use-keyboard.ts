import { type RefObject, useEffect, useEffectEvent } from 'react';
import type { ViewerSession } from './session';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Viewer shortcuts. Letters and Delete act only when focus is in the viewer (or nowhere), so
 * typing in the form is never taken over; Esc cancels a pending measurement from anywhere.
 */
export function useKeyboard(
  session: ViewerSession | null,
  rootRef: RefObject<HTMLElement | null>,
  handlers: {
    shortcut: (key: string) => boolean;
    escape: () => boolean;
    remove: () => boolean;
  },
) {
  const onKeyDown = useEffectEvent((evt: KeyboardEvent) => {
    // Not `defaultPrevented`: cornerstone prevents the default of every key on a viewport.
    if (evt.ctrlKey || evt.metaKey || evt.altKey) return;
    if (evt.key === 'Escape') {
      if (handlers.escape()) evt.preventDefault();
      return;
    }
    const target = evt.target;
    const inViewer =
      target === document.body || (target instanceof Node && !!rootRef.current?.contains(target));
    if (!inViewer || isEditable(target)) return;
    if (evt.key === 'Delete' || evt.key === 'Backspace') {
      if (handlers.remove()) evt.preventDefault();
      return;
    }
    if (evt.key.length === 1 && handlers.shortcut(evt.key.toLowerCase())) evt.preventDefault();
  });

  useEffect(() => {
    if (!session) return;
    return session.listen<KeyboardEvent>(window, 'keydown', (evt) => onKeyDown(evt));
  }, [session]);
}
