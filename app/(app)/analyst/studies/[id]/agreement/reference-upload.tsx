'use client';

import { useActionState } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { UploadRefused } from '@/app/_components/upload-refused';
import { uploadReferenceAction } from './actions';

/** Upload form for a reference standard CSV; lists every problem when the file is refused. */
export function ReferenceUpload({ studyId, replacing }: { studyId: number; replacing: boolean }) {
  const [state, action, pending] = useActionState(uploadReferenceAction, null);
  return (
    <form
      action={action}
      className="flex max-w-2xl flex-col gap-3 rounded-lg border p-4"
      aria-label="Reference standard upload"
    >
      <input type="hidden" name="studyId" value={studyId} />
      <label htmlFor="reference-file" className="text-sm font-medium">
        {replacing ? 'Replace the reference standard' : 'Upload a reference standard'} (CSV with columns
        case_id, feature, value)
      </label>
      <p className="text-xs text-muted-foreground">
        One row per case and feature, values as lexicon codes (numbers for measurements, codes separated by ;
        for multiple choices, findings[0].mass_shape for lesion features). Every value is checked against the
        study&apos;s lexicon; nothing is stored unless all rows are valid.
      </p>
      <input
        id="reference-file"
        name="file"
        type="file"
        accept=".csv,text/csv"
        required
        className="text-sm"
        aria-describedby={state && !state.ok ? 'reference-errors' : undefined}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Checking…' : 'Upload'}
        </Button>
      </div>
      {state?.ok ? <Alert variant="success">Stored {state.data.rows} reference values.</Alert> : null}
      {state && !state.ok ? (
        <UploadRefused id="reference-errors" message={state.message} problems={state.fieldErrors?.file} />
      ) : null}
    </form>
  );
}
