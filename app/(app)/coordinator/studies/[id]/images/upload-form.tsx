'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { IMPORT_SKIP_LABELS, type ImportSkipReason, type ImportSummary } from '@/lib/dicom/import/plan';
import { uploadImport, type UploadEvent } from './upload-import';

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; percent: number }
  | { phase: 'importing'; files: number }
  | { phase: 'done'; summary: ImportSummary }
  | { phase: 'error'; message: string };

/** Upload a zip (or one DICOM file): a progress bar while it uploads, a file count while it imports, then the summary. */
export function UploadForm({ studyId }: { studyId: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [caseBy, setCaseBy] = useState<'PatientID' | 'StudyInstanceUID'>('PatientID');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'uploading' || state.phase === 'importing';

  const onEvent = (e: UploadEvent) => {
    if (e.type === 'upload') setState({ phase: 'uploading', percent: e.percent });
    else if (e.type === 'progress') setState({ phase: 'importing', files: e.files });
    else if (e.type === 'done') {
      setState({ phase: 'done', summary: e.summary });
      router.refresh();
    } else if (e.type === 'error') setState({ phase: 'error', message: e.message });
  };

  const percent = state.phase === 'uploading' ? state.percent : state.phase === 'importing' ? 100 : 0;
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        setState({ phase: 'uploading', percent: 0 });
        uploadImport(studyId, file, caseBy, onEvent);
      }}
    >
      <div className="flex flex-col gap-1">
        <Label htmlFor="dicom-upload">DICOM zip or file</Label>
        <input
          id="dicom-upload"
          type="file"
          accept=".zip,.dcm,application/zip,application/dicom"
          disabled={busy}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="case-by">Group files into cases by</Label>
        <NativeSelect
          id="case-by"
          value={caseBy}
          disabled={busy}
          onChange={(e) => setCaseBy(e.target.value as typeof caseBy)}
        >
          <option value="PatientID">Patient ID (one case per patient)</option>
          <option value="StudyInstanceUID">Study Instance UID (one case per imaging study)</option>
        </NativeSelect>
      </div>
      <div>
        <Button type="submit" disabled={!file || busy}>
          {busy ? 'Importing…' : 'Import'}
        </Button>
      </div>
      {state.phase === 'uploading' || state.phase === 'importing' ? (
        <div className="flex flex-col gap-1">
          <progress
            className="h-2 w-full"
            max={100}
            value={percent}
            aria-label={state.phase === 'uploading' ? 'Upload progress' : 'Import progress'}
          />
          <p role="status" aria-live="polite" className="text-xs text-muted-foreground">
            {state.phase === 'uploading'
              ? `Uploading… ${Math.round(state.percent)}%`
              : `Importing… ${state.files} files read`}
          </p>
        </div>
      ) : null}
      {state.phase === 'error' ? <Alert variant="destructive">{state.message}</Alert> : null}
      {state.phase === 'done' ? <SummaryView summary={state.summary} /> : null}
    </form>
  );
}

function SummaryView({ summary: s }: { summary: ImportSummary }) {
  const skipped = Object.entries(s.skipped) as [ImportSkipReason, number][];
  return (
    <Alert variant="success" role="status" data-testid="import-summary">
      <p>
        {s.files} files: {s.imported} imported ({s.cases.created} new cases, {s.cases.matched} matched,{' '}
        {s.series} new series), {s.duplicates} duplicates, {s.quarantined} quarantined.
      </p>
      {skipped.length ? (
        <ul className="mt-1 list-disc pl-5">
          {skipped.map(([reason, n]) => (
            <li key={reason}>
              {n} skipped: {IMPORT_SKIP_LABELS[reason]}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
