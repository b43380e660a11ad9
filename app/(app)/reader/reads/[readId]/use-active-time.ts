'use client';

import { useCallback, useEffect, useRef } from 'react';

/** Idle time over this is not reading time. */
export const IDLE_MS = 2 * 60_000;
const TICK_MS = 1000;

/**
 * Active reading time on the page: counted while the page is visible and focused and the
 * reader did something (key, pointer, wheel) in the last two minutes. `take()` returns the time
 * gathered since the last call, for the next save to carry.
 */
export function useActiveTime(): { take: () => number; giveBack: (ms: number) => void } {
  const pending = useRef(0);
  const lastInput = useRef(0);
  useEffect(() => {
    lastInput.current = Date.now();
    const touch = () => {
      lastInput.current = Date.now();
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      const active =
        document.visibilityState === 'visible' &&
        document.hasFocus() &&
        Date.now() - lastInput.current < IDLE_MS;
      if (active) pending.current += TICK_MS;
    }, TICK_MS);
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, []);
  const take = useCallback(() => {
    const ms = pending.current;
    pending.current = 0;
    return ms;
  }, []);
  // A save that failed hands its time back, so it travels with the next one.
  const giveBack = useCallback((ms: number) => {
    pending.current += ms;
  }, []);
  return { take, giveBack };
}
