/** Addresses of the radiogenomics page and its downloads. */

export type GenomicsView = { run?: number | null; table?: number | null; pair?: string | null };

/** The page with the given run, table and pair selected (absent ones left to their defaults). */
export function genomicsHref(studyId: number, view: GenomicsView, hash?: string): string {
  const params = new URLSearchParams();
  if (view.run != null) params.set('run', String(view.run));
  if (view.table != null) params.set('table', String(view.table));
  if (view.pair) params.set('pair', view.pair);
  const query = params.toString();
  return `/analyst/studies/${studyId}/genomics${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`;
}

export const tableCsvHref = (studyId: number, tableId: number) =>
  `/api/v1/studies/${studyId}/genomics/tables/${tableId}/csv`;

export const runCsvHref = (studyId: number, runId: number) =>
  `/api/v1/studies/${studyId}/genomics/runs/${runId}/csv`;
