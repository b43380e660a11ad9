import type { SavedMeasurement } from '@/app/_components/viewer/types';
import type { Answers } from '@/lib/lexicon/form-model';

/**
 * Unsaved changes kept in the browser until the server acknowledges them, keyed by read and
 * based on the read's version: a reload, a crash or a lost connection loses nothing, and a copy
 * made against an older version is never replayed over newer server data.
 */
export type LocalDraft = {
  readId: number;
  version: number;
  answers: Answers;
  measurements: Record<string, SavedMeasurement | null>;
  savedAt: string;
};

const key = (readId: number) => `annolex:read:${readId}`;

export function loadLocalDraft(readId: number, serverVersion: number): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(key(readId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as LocalDraft;
    if (draft.readId !== readId) return null;
    // Made against another version: the server moved on (another tab, a submit); drop it.
    if (draft.version !== serverVersion) {
      window.localStorage.removeItem(key(readId));
      return null;
    }
    return draft;
  } catch {
    return null;
  }
}

export function storeLocalDraft(draft: LocalDraft): void {
  try {
    window.localStorage.setItem(key(draft.readId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the server copy is still the one that counts.
  }
}

export function clearLocalDraft(readId: number): void {
  try {
    window.localStorage.removeItem(key(readId));
  } catch {
    // nothing to clear
  }
}
