import type { SavedMeasurement } from '@/app/_components/viewer/types';
import type { Answers } from '@/lib/lexicon/form-model';

export type SaveOutcome =
  | { ok: true; version: number; status: string }
  | {
      ok: false;
      /** network: nothing reached the server (retry); conflict: stale version (reload); refused: the server said no. */
      kind: 'network' | 'conflict' | 'refused';
      message: string;
      fieldErrors?: Record<string, string[]>;
    };

/** PUTs the read's answers and measurements; a stale version comes back as a clear message. */
export async function saveRead(
  readId: number,
  body: {
    mode: 'draft' | 'submit';
    version: number;
    answers: Answers;
    measurements: Record<string, SavedMeasurement | null>;
    activeMs?: number;
  },
): Promise<SaveOutcome> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/reads/${readId}/answers`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      // Extra fields of a measurement (its feature path) are ignored by the server's schema.
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, kind: 'network', message: 'The server could not be reached.' };
  }
  const json = (await response.json().catch(() => null)) as
    | { version: number; status: string; error?: undefined }
    | { error: { message: string; fieldErrors?: Record<string, string[]> } }
    | null;
  if (response.ok && json && !json.error) return { ok: true, version: json.version, status: json.status };
  const error = json?.error;
  if (response.status === 409)
    return { ok: false, kind: 'conflict', message: error?.message ?? 'This read changed elsewhere' };
  if (response.status >= 500 && !json)
    return { ok: false, kind: 'network', message: `The server answered ${response.status}` };
  return {
    ok: false,
    kind: 'refused',
    message: error?.message ?? `Saving failed (${response.status})`,
    fieldErrors: error?.fieldErrors,
  };
}
