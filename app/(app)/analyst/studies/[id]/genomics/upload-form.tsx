'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Help } from '@/app/_components/ui/field-text';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { UploadRefused } from '@/app/_components/upload-refused';
import { uploadGenomicAction } from './actions';
import { genomicsHref } from './links';

/** Upload of a genomic table (CSV/TSV, cBioPortal clinical file or MAF); every problem listed when refused. */
export function UploadForm({ studyId }: { studyId: number }) {
  const [state, action, pending] = useActionState(uploadGenomicAction, null);
  const problems = state && !state.ok ? Object.values(state.fieldErrors ?? {}).flat() : undefined;
  return (
    <form
      action={action}
      className="flex max-w-2xl flex-col gap-4 rounded-lg border p-4"
      aria-label="Genomic table upload"
      data-testid="genomic-upload"
    >
      <input type="hidden" name="studyId" value={studyId} />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="genomic-file">File (CSV, TSV, TXT or MAF, up to 20 MB)</Label>
        <Help id="genomic-file-help">
          A CSV or TSV with one row per patient or sample, keyed by its id (the first column, or a column
          named like patient_id or sample_id); a cBioPortal clinical file with its four &lsquo;#&rsquo; header
          lines (display names, descriptions, datatypes, priorities); or a mutation annotation file (MAF),
          which becomes one mutated/wildtype column per gene from its non-silent variants. Nothing is stored
          unless the whole file can be read.
        </Help>
        <input
          id="genomic-file"
          name="file"
          type="file"
          accept=".csv,.tsv,.txt,.maf,text/csv,text/tab-separated-values,text/plain"
          required
          className="text-sm"
          aria-describedby={`genomic-file-help${problems ? ' genomic-upload-errors' : ''}`}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="genomic-id-column">Id column (optional)</Label>
          <Input
            id="genomic-id-column"
            name="idColumn"
            maxLength={200}
            aria-describedby="genomic-id-column-help"
          />
          <Help id="genomic-id-column-help">
            The column holding patient or sample ids, when it is not detected.
          </Help>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="genomic-genes">Genes (MAF only, optional)</Label>
          <Input
            id="genomic-genes"
            name="genes"
            maxLength={5000}
            placeholder="IDH1, EGFR, TP53"
            aria-describedby="genomic-genes-help"
          />
          <Help id="genomic-genes-help">
            Separated by commas or spaces; without them, the most frequently mutated genes become columns.
          </Help>
        </div>
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Reading…' : 'Upload'}
        </Button>
      </div>
      {state?.ok ? (
        <Alert variant="success" data-testid="genomic-upload-done">
          Stored {state.data.name}: {state.data.rows} row{state.data.rows === 1 ? '' : 's'},{' '}
          {state.data.columns} column{state.data.columns === 1 ? '' : 's'}.{' '}
          <Link
            href={genomicsHref(studyId, { table: state.data.id }, 'column-types')}
            className="underline underline-offset-4"
          >
            Check its column types
          </Link>
        </Alert>
      ) : null}
      {state && !state.ok ? (
        <UploadRefused id="genomic-upload-errors" message={state.message} problems={problems} />
      ) : null}
    </form>
  );
}
