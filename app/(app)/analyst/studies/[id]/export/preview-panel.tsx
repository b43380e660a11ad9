import { Alert } from '@/app/_components/ui/alert';
import type { ExportFormat } from '@/lib/export/params';
import { PREVIEW_NOTES, type Errors } from './export-options';
import type { PreviewData } from './export-types';
import { PreviewTable } from './preview-table';

/** The rows the preview shows at most (as `previewExport` returns). */
export const PREVIEW_LIMIT = 20;

export type PreviewState = {
  loading: boolean;
  /** The query the shown data (or error) belongs to. */
  query: string | null;
  data: PreviewData | null;
  error: string | null;
  fieldErrors: Errors;
};

/**
 * The preview of the current choices: a status line (read out as it changes), a note for
 * formats that are not plain tables, and the first rows. Rows of earlier choices stay, dimmed,
 * while the new ones load.
 */
export function PreviewPanel({
  preview,
  path,
  problems,
  format,
  formatLabel,
  submittedReads,
}: {
  preview: PreviewState;
  /** The export path of the current choices, or null while some need attention. */
  path: string | null;
  problems: string[];
  format: ExportFormat;
  formatLabel: string;
  submittedReads: number;
}) {
  return (
    <section
      aria-labelledby="export-preview-title"
      className="flex flex-col gap-3"
      data-testid="export-preview"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="export-preview-title" className="text-lg font-semibold">
          Preview
        </h2>
        {preview.data && preview.query === path ? (
          <p className="text-sm text-muted-foreground">
            <span data-testid="export-column-count">
              {preview.data.columns.length} column{preview.data.columns.length === 1 ? '' : 's'}
            </span>
            {' · '}
            <span data-testid="export-row-count">
              {preview.data.rows.length < PREVIEW_LIMIT
                ? `${preview.data.rows.length} row${preview.data.rows.length === 1 ? '' : 's'} (the whole export)`
                : `the first ${PREVIEW_LIMIT} rows`}
            </span>
          </p>
        ) : null}
      </div>
      <p
        role="status"
        aria-live="polite"
        className="text-sm text-muted-foreground"
        data-testid="export-status"
      >
        {previewStatus(preview, path, problems, formatLabel)}
      </p>
      {PREVIEW_NOTES[format] ? (
        <p className="text-sm text-muted-foreground" data-testid="export-preview-note">
          {PREVIEW_NOTES[format]}
        </p>
      ) : null}
      {preview.error && preview.query === path ? (
        <Alert variant="destructive" data-testid="export-preview-error">
          {preview.error}
        </Alert>
      ) : null}
      {preview.data ? (
        <div className={preview.loading || preview.query !== path ? 'opacity-60' : undefined}>
          {preview.data.rows.length ? (
            <PreviewTable data={preview.data} limit={PREVIEW_LIMIT} />
          ) : (
            <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">
              No rows: the export will hold only headers
              {submittedReads === 0
                ? ' until readers submit their reads.'
                : ' (no submitted reads match these choices).'}
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function previewStatus(
  preview: PreviewState,
  path: string | null,
  problems: string[],
  formatLabel: string,
): string {
  if (!path) return `Some choices need attention: ${problems[0] ?? 'check the highlighted fields'}.`;
  if (preview.loading) return 'Loading the preview…';
  if (preview.query !== path) return 'The preview follows your choices.';
  if (preview.error) return 'The preview could not be made.';
  if (!preview.data) return '';
  const { columns, rows } = preview.data;
  return `Preview of the ${formatLabel} export: ${columns.length} columns, ${rows.length} row${rows.length === 1 ? '' : 's'} shown.`;
}
