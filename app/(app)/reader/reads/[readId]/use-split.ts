'use client';

import { useCallback, useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';

const KEY = 'annolex:reading-split';
const MIN = 22;
const MAX = 60;

/**
 * The width of the form column as a share of the page (%), resizable by dragging the separator
 * or with the arrow keys on it, and remembered in this browser.
 */
export function useSplit(initial = 34) {
  const [form, setForm] = useState(initial);
  useEffect(() => {
    const saved = Number(window.localStorage.getItem(KEY));
    // Restored after hydration: the server renders the default.
    if (saved >= MIN && saved <= MAX) queueMicrotask(() => setForm(saved));
  }, []);
  const set = useCallback((v: number) => {
    const clamped = Math.min(MAX, Math.max(MIN, Math.round(v)));
    setForm(clamped);
    window.localStorage.setItem(KEY, String(clamped));
  }, []);
  const onPointerDown = useCallback(
    (e: PointerEvent<HTMLDivElement>) => {
      const container = e.currentTarget.parentElement;
      if (!container) return;
      e.currentTarget.setPointerCapture(e.pointerId);
      const box = container.getBoundingClientRect();
      const move = (ev: globalThis.PointerEvent) => set((100 * (box.right - ev.clientX)) / box.width);
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    [set],
  );
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key === 'ArrowLeft') set(form + 2);
      else if (e.key === 'ArrowRight') set(form - 2);
      else return;
      e.preventDefault();
    },
    [form, set],
  );
  return { form, separator: { onPointerDown, onKeyDown, min: MIN, max: MAX } };
}
