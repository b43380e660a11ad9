'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavedMeasurement } from '@/app/_components/viewer/types';
import type { Answers } from '@/lib/lexicon/form-model';
import { clearLocalDraft, storeLocalDraft } from './local-draft';
import { saveRead, type SaveOutcome } from './save-read';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'failed' | 'conflict';
export type Payload = { answers: Answers; measurements: Record<string, SavedMeasurement | null> };

const DEBOUNCE_MS = 800;
const RETRY_MS = 5000;

/**
 * Autosave of a draft: every change is kept in the browser at once and sent after a short
 * pause, one request at a time, each carrying the version it was based on. A lost connection
 * retries (and on the browser's `online` event); a stale version stops saving and says so; the
 * browser copy is dropped only once the server acknowledged the save.
 */
export function useAutosave(opts: {
  readId: number;
  version: number;
  take: () => number;
  giveBack: (ms: number) => void;
  onSaved: (outcome: { version: number; status: string }, sent: Payload) => void;
}) {
  const { readId, take, giveBack, onSaved } = opts;
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [message, setMessage] = useState<string | null>(null);
  const version = useRef(opts.version);
  const pending = useRef<Payload | null>(null);
  const running = useRef<Promise<SaveOutcome | null> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const stopped = useRef(false);

  const sendOnce = useCallback(async (): Promise<SaveOutcome | null> => {
    const payload = pending.current;
    if (!payload || stopped.current) return null;
    pending.current = null;
    setStatus('saving');
    const activeMs = take();
    const outcome = await saveRead(readId, { mode: 'draft', version: version.current, activeMs, ...payload });
    if (outcome.ok) {
      version.current = outcome.version;
      onSaved(outcome, payload);
      // A change made while this save was in flight (TypeScript narrowed the ref to null above).
      const next = pending.current as Payload | null;
      if (next)
        storeLocalDraft({ readId, version: version.current, ...next, savedAt: new Date().toISOString() });
      else {
        clearLocalDraft(readId);
        setStatus('saved');
        setMessage(null);
      }
      return outcome;
    }
    giveBack(activeMs);
    pending.current ??= payload;
    if (outcome.kind === 'conflict') {
      stopped.current = true;
      setStatus('conflict');
    } else setStatus(outcome.kind === 'network' ? 'offline' : 'failed');
    setMessage(outcome.message);
    return outcome;
  }, [readId, take, giveBack, onSaved]);

  /** Sends what is pending, after any save in flight; resolves when nothing is left or a save failed. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    for (;;) {
      if (running.current) await running.current;
      if (!pending.current) return !stopped.current;
      running.current = sendOnce();
      const outcome = await running.current;
      running.current = null;
      if (outcome && !outcome.ok) return false;
    }
  }, [sendOnce]);

  const change = useCallback(
    (payload: Payload) => {
      if (stopped.current) return;
      pending.current = payload;
      storeLocalDraft({ readId, version: version.current, ...payload, savedAt: new Date().toISOString() });
      setStatus((s) => (s === 'offline' || s === 'failed' ? s : 'unsaved'));
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), DEBOUNCE_MS);
    },
    [readId, flush],
  );

  // Offline or failed: retry on reconnect and every few seconds.
  useEffect(() => {
    if (status !== 'offline' && status !== 'failed') return;
    const retry = () => void flush();
    window.addEventListener('online', retry);
    const interval = window.setInterval(retry, RETRY_MS);
    return () => {
      window.removeEventListener('online', retry);
      window.clearInterval(interval);
    };
  }, [status, flush]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return {
    status,
    message,
    change,
    flush,
    /** The version the next write must carry (for submit). */
    version: () => version.current,
    setVersion: (v: number) => {
      version.current = v;
    },
  };
}
