import type { ImportSummary } from '@/lib/dicom/import/plan';

export type UploadEvent =
  | { type: 'upload'; percent: number }
  | { type: 'progress'; files: number; bytes: number }
  | { type: 'skip'; reason: string; label: string }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string };

/**
 * Sends the file with XMLHttpRequest (fetch reports no upload progress), then reads the
 * server's NDJSON progress lines as they arrive.
 */
export function uploadImport(
  studyId: number,
  file: File,
  caseBy: 'PatientID' | 'StudyInstanceUID',
  onEvent: (e: UploadEvent) => void,
): void {
  const xhr = new XMLHttpRequest();
  let seen = 0;
  let buffer = '';
  const drain = () => {
    buffer += xhr.responseText.slice(seen);
    seen = xhr.responseText.length;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as UploadEvent);
  };
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) onEvent({ type: 'upload', percent: (100 * e.loaded) / e.total });
  };
  xhr.upload.onload = () => onEvent({ type: 'progress', files: 0, bytes: 0 });
  xhr.onprogress = () => {
    if (xhr.status === 200) drain();
  };
  xhr.onload = () => {
    if (xhr.status === 200) return drain();
    let message = `The upload failed (${xhr.status})`;
    try {
      message = (JSON.parse(xhr.responseText) as { error: { message: string } }).error.message;
    } catch {
      // not JSON: keep the status message
    }
    onEvent({ type: 'error', message });
  };
  xhr.onerror = () =>
    onEvent({ type: 'error', message: 'The server could not be reached; nothing was imported.' });
  xhr.open('POST', `/api/v1/studies/${studyId}/imports?caseBy=${caseBy}`);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.send(file);
}
