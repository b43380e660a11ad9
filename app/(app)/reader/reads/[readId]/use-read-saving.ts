'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { LexiconFormApi } from '@/app/_components/lexicon-form/lexicon-form';
import type { SavedMeasurement } from '@/app/_components/viewer/types';
import type { AnswerMode } from '@/lib/lexicon/answer-schema';
import type { Answers } from '@/lib/lexicon/form-model';
import { clearLocalDraft, loadLocalDraft } from './local-draft';
import { saveRead } from './save-read';
import { useActiveTime } from './use-active-time';
import { useAutosave, type Payload } from './use-autosave';

/**
 * Everything about saving one read: autosaved drafts (with measurements and reading time),
 * unsaved changes restored from the browser after a reload or crash, and submit, which saves
 * what is pending first, locks the read and opens the next case at once.
 */
export function useReadSaving(opts: {
  read: { id: number; version: number; status: string };
  initialAnswers: Answers;
  measured: Record<string, SavedMeasurement>;
  initiallyMeasured: string[];
  formApi: RefObject<LexiconFormApi | null>;
  nextReadId: number | null;
}) {
  const { read, measured, formApi, nextReadId } = opts;
  const router = useRouter();
  const [status, setStatus] = useState(read.status);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const savedPaths = useRef(new Set(opts.initiallyMeasured));
  const answers = useRef<Answers>(opts.initialAnswers);
  // The form reports its first state (computed values filled in) on mount: that is not a change.
  const lastSent = useRef<string | null>(null);
  const time = useActiveTime();
  const autosave = useAutosave({
    readId: read.id,
    version: read.version,
    take: time.take,
    giveBack: time.giveBack,
    onSaved: (outcome, sent: Payload) => {
      setStatus(outcome.status);
      savedPaths.current = new Set(
        Object.entries(sent.measurements)
          .filter(([, m]) => m)
          .map(([p]) => p),
      );
    },
  });

  const payload = useCallback((): Payload => {
    const outgoing: Record<string, SavedMeasurement | null> = { ...measured };
    for (const p of savedPaths.current) if (!(p in measured)) outgoing[p] = null;
    return { answers: answers.current, measurements: outgoing };
  }, [measured]);

  const changed = useCallback(() => {
    if (status === 'submitted') return;
    const key = JSON.stringify({ a: answers.current, m: measured });
    if (lastSent.current === null) lastSent.current = key;
    if (key === lastSent.current) return;
    lastSent.current = key;
    autosave.change(payload());
  }, [autosave, payload, measured, status]);

  // A measurement added, moved or removed is a change too.
  useEffect(changed, [measured]); // eslint-disable-line react-hooks/exhaustive-deps

  // Unsaved changes from an earlier visit (reload, crash, lost connection) come back and are sent.
  useEffect(() => {
    const draft = loadLocalDraft(read.id, read.version);
    if (!draft || read.status === 'submitted') return;
    formApi.current?.reset(draft.answers);
    answers.current = draft.answers;
    autosave.change({ answers: draft.answers, measurements: draft.measurements });
    // localStorage is only readable after hydration; say so once the effect has run.
    queueMicrotask(() =>
      setNotice({ ok: true, text: 'Restored changes that had not reached the server; saving them now.' }),
    );
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const onChange = useCallback(
    (next: Answers) => {
      answers.current = next;
      changed();
    },
    [changed],
  );

  const onSave = useCallback(
    async (given: Answers, mode: AnswerMode): Promise<Record<string, string[]> | void> => {
      answers.current = given;
      if (mode === 'draft') {
        autosave.change(payload());
        if (await autosave.flush()) setNotice({ ok: true, text: 'Draft saved.' });
        return;
      }
      if (!(await autosave.flush())) {
        setNotice({ ok: false, text: 'Your latest changes are not saved yet; submit again once they are.' });
        return;
      }
      const result = await saveRead(read.id, {
        mode: 'submit',
        version: autosave.version(),
        activeMs: time.take(),
        ...payload(),
      });
      if (!result.ok) {
        setNotice({
          ok: false,
          text:
            result.kind === 'conflict' ? `${result.message}. Reload the page to continue.` : result.message,
        });
        return result.fieldErrors;
      }
      // For traces and the benchmarks: the submit's answer is in (B9 splits its time here).
      performance.mark('annolex:submit-saved');
      autosave.setVersion(result.version);
      clearLocalDraft(read.id);
      setStatus(result.status);
      setNotice({
        ok: true,
        text: nextReadId ? 'Submitted and locked. Opening the next case…' : 'Submitted and locked.',
      });
      if (nextReadId) router.push(`/reader/reads/${nextReadId}`);
    },
    [autosave, payload, read.id, time, nextReadId, router],
  );

  return { status, notice, onChange, onSave, saveStatus: autosave.status, saveMessage: autosave.message };
}
