'use client';

import { useActionState, useState } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { UploadRefused } from '@/app/_components/upload-refused';
import { uploadCasesAction } from './actions';
import { CASE_CSV_MAX_BYTES } from './limits';

const EXAMPLE = `case_key,subject_id,label,age,sex,idh
GBM-001,TCGA-02-0001,,54,F,wildtype
GBM-002,TCGA-02-0003,,61,M,mutant
GBM-003,TCGA-06-0122,Case 03b,47,F,`;

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;

/** Upload form for a case mapping CSV; lists every problem, with its line, when the file is refused. */
export function CaseCsvUpload({ studyId }: { studyId: number }) {
  const [state, action, pending] = useActionState(uploadCasesAction, null);
  const [tooLarge, setTooLarge] = useState(false);
  return (
    <form action={action} className="flex max-w-3xl flex-col gap-3" aria-label="Case mapping upload">
      <input type="hidden" name="studyId" value={studyId} />
      <div className="flex flex-col gap-1">
        <label htmlFor="case-csv" className="text-sm font-medium">
          Case mapping CSV
        </label>
        <input
          id="case-csv"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1"
          aria-describedby={`case-csv-help${state && !state.ok ? ' case-csv-errors' : ''}`}
          onChange={(e) => setTooLarge((e.target.files?.[0]?.size ?? 0) > CASE_CSV_MAX_BYTES)}
        />
      </div>
      <div id="case-csv-help" className="flex flex-col gap-2 text-xs text-muted-foreground">
        <p>
          A header row, then one row per case (up to 10,000 rows, 200 columns, 1 MB). <code>case_key</code> is
          required: a row with a key the study already has updates that case, a new key creates a case.{' '}
          <code>subject_id</code> (or <code>patient_id</code>, <code>sample_id</code>, <code>barcode</code>)
          is the ID used for genomic joins; <code>label</code> is what readers see (new cases without one are
          numbered Case NN). Every other column is case metadata: its values replace that key of an existing
          case&apos;s metadata (an empty cell removes it), and keys not in the file are kept. Plain numbers
          are stored as numbers, everything else as text. Nothing is stored unless every row is valid.
        </p>
        <pre className="overflow-x-auto rounded-md border bg-muted p-2 font-mono text-foreground">
          {EXAMPLE}
        </pre>
        <p>
          Case metadata is hidden from readers unless the study shows it; subject IDs are never shown to them.
        </p>
      </div>
      <div>
        <Button type="submit" disabled={pending || tooLarge}>
          {pending ? 'Checking…' : 'Upload cases'}
        </Button>
      </div>
      {tooLarge ? (
        <Alert variant="destructive">The file is larger than 1 MB; split it into smaller files.</Alert>
      ) : null}
      {state?.ok ? (
        <Alert variant="success" data-testid="case-csv-result">
          {plural(state.data.created, 'case')} created, {state.data.updated} updated
          {state.data.unchanged ? `, ${state.data.unchanged} unchanged` : ''}.
        </Alert>
      ) : null}
      {state && !state.ok ? (
        <UploadRefused id="case-csv-errors" message={state.message} problems={state.fieldErrors?.file} />
      ) : null}
    </form>
  );
}
