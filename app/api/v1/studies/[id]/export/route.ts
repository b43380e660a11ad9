import { getDb } from '@/db/client';
import { prepareExport, previewExport, recordExport } from '@/db/queries/export-data';
import { findStudyRef } from '@/db/queries/studies';
import { apiRoute, jsonError } from '@/lib/auth/api.server';
import { can } from '@/lib/auth/permissions';
import { getRequestId } from '@/lib/auth/session.server';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { ZExportParams, type ExportParams } from '@/lib/export/params';
import { exportFileName, exportFileType, exportStream } from '@/lib/export/stream.server';

/**
 * Cases per query round while serving (the CLI reads 50): each round's query and rows run
 * without yielding, and readers' saves wait behind them on this server's event loop.
 */
const SERVED_CHUNK_CASES = 10;

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The query parameters this route reads: the export parameters, and `preview`. */
const QUERY_KEYS = new Set([...Object.keys(ZExportParams.shape), 'preview']);

/**
 * The export parameters from a query string. A list may be given comma-separated
 * (`sessions=1,2`) or repeated (`sessions=1&sessions=2`). Unknown names are refused, so a
 * misspelt one (`feature=F5`) cannot silently export everything.
 */
function queryParams(url: URL): { ok: true; params: ExportParams } | { ok: false; response: Response } {
  const fieldErrors: Record<string, string[]> = {};
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (!QUERY_KEYS.has(key)) {
      (fieldErrors[key] ??= []).push(`Unknown parameter; use ${[...QUERY_KEYS].join(', ')}`);
      continue;
    }
    if (key === 'preview') continue;
    const values = url.searchParams.getAll(key);
    input[key] = values.length === 1 ? values[0]! : values.join(',');
  }
  const parsed = ZExportParams.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '_');
      (fieldErrors[key] ??= []).push(issue.message);
    }
  }
  if (!parsed.success || Object.keys(fieldErrors).length)
    return { ok: false, response: jsonError('invalid', 'Check the export parameters', fieldErrors) };
  return { ok: true, params: parsed.data };
}

/**
 * An export of a study's submitted reads (its analysts and administrators), with the parameters
 * of `ZExportParams` as the query string: `layout`, `per`, `aggregate`, `format`, `sessions`,
 * `features`, `valueAs`, `lesions`, `maxLesions`, `scoreFeature`, `truthFeature`, `level`.
 * Signed in by the session cookie or by a personal API token (`Authorization: Bearer alx_…`).
 *
 * The file streams as it is read, from one snapshot of the database; it is never held whole.
 * The first chunk is made before the answer starts, so a refusal found while reading (an iMRMC
 * case without truth) still comes back as a JSON error with its status. A failure after that
 * aborts the response, so a client sees a broken download rather than a short file that looks
 * complete. The audit row (`export.run`, with the row count) is written when the last chunk has
 * been handed over; a download the client abandons is not recorded as an export.
 *
 * `?preview=1` answers JSON `{columns, rows}` with the first 20 rows of the table instead.
 */
export const GET = apiRoute(
  'analyst.view',
  async (actor, request, { params: route }: { params: Promise<{ id: string }> }) => {
    const db = getDb();
    const study = findStudyRef(db, (await route).id);
    if (!study || !can(actor, 'export.run', { studyId: study.id }))
      throw new AppError('not_found', 'No such study');
    const url = new URL(request.url);
    const query = queryParams(url);
    if (!query.ok) return query.response;
    const params = query.params;

    if (['1', 'true'].includes(url.searchParams.get('preview') ?? '')) {
      const { columns, rows } = previewExport(db, actor, study.id, params);
      return Response.json({ columns, rows }, { headers: { 'Cache-Control': 'no-store' } });
    }

    const plan = prepareExport(db, actor, study.id, params);
    const ctx = { actor, requestId: await getRequestId() };
    const iterator = exportStream(getEnv().databasePath, plan, params, {
      exportedBy: actor.name,
      chunkCases: SERVED_CHUNK_CASES,
    });
    let pending: IteratorResult<Uint8Array | string, { rows: number }> | null = await iterator.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          // Back to the event loop between pieces: a client that reads fast would otherwise keep
          // this stream in promise callbacks for long stretches while readers' saves wait.
          if (!pending) await new Promise((resolve) => setImmediate(resolve));
          const result = pending ?? (await iterator.next());
          pending = null;
          if (result.done) {
            recordExport(db, ctx, {
              studyId: plan.study.id,
              params,
              rows: result.value.rows,
              format: params.format,
            });
            controller.close();
            return;
          }
          controller.enqueue(typeof result.value === 'string' ? encoder.encode(result.value) : result.value);
        } catch (error) {
          console.error('export failed', { study: plan.study.id, name: (error as Error)?.name });
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return({ cases: 0, rows: 0 });
      },
    });
    const type = exportFileType(params);
    return new Response(body, {
      headers: {
        'Content-Type': type.contentType,
        'Content-Disposition': `attachment; filename="${exportFileName(plan, params)}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  },
  { tokens: true },
);
