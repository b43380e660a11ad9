import type { SavedMeasurement } from '@/app/_components/viewer/types';
import type { Answers } from '@/lib/lexicon/form-model';

export type SaveOutcome =
  | { ok: true; version: number; status: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** PUTs the read's answers and measurements; a stale version comes back as a clear message. */
export async function saveRead(
  readId: number,
  body: {
    mode: 'draft' | 'submit';
    version: number;
    answers: Answers;
    measurements: Record<string, SavedMeasurement | null>;
  },
): Promise<SaveOutcome> {
  const measurements = Object.fromEntries(
    Object.entries(body.measurements).map(([path, m]) => [
      path,
      m && {
        tool: m.tool,
        annotationUid: m.annotationUid,
        seriesInstanceUid: m.seriesInstanceUid,
        sopInstanceUid: m.sopInstanceUid,
        frame: m.frame,
        points: m.points,
        value: m.value,
        unit: m.unit,
      },
    ]),
  );
  let response: Response;
  try {
    response = await fetch(`/api/v1/reads/${readId}/answers`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, measurements }),
    });
  } catch {
    return { ok: false, message: 'The server could not be reached; nothing was saved. Try again.' };
  }
  const json = (await response.json().catch(() => null)) as
    | { version: number; status: string; error?: undefined }
    | { error: { message: string; fieldErrors?: Record<string, string[]> } }
    | null;
  if (response.ok && json && !json.error) return { ok: true, version: json.version, status: json.status };
  const error = json?.error;
  if (response.status === 409)
    return {
      ok: false,
      message: `${error?.message ?? 'This read changed elsewhere'}. Reload the page to continue.`,
    };
  return {
    ok: false,
    message: error?.message ?? `Saving failed (${response.status})`,
    fieldErrors: error?.fieldErrors,
  };
}
