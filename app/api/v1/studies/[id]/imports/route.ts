import fs from 'node:fs';
import { getDb } from '@/db/client';
import { findStudyRef } from '@/db/queries/studies';
import { apiRoute, jsonError } from '@/lib/auth/api.server';
import { can } from '@/lib/auth/permissions';
import { changeContext } from '@/lib/auth/session.server';
import { readZip } from '@/lib/dicom/import/archive.server';
import { isImportSourceError } from '@/lib/dicom/import/limits';
import { IMPORT_SKIP_LABELS } from '@/lib/dicom/import/plan';
import { runImport, type SourceItem } from '@/lib/dicom/import/run-import.server';
import { studySecret } from '@/lib/dicom/import/study-secret.server';
import { spoolUpload, UploadTooLarge } from '@/lib/dicom/import/upload.server';
import { getEnv } from '@/lib/env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const isZip = (b: Buffer) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

async function* single(file: string): AsyncGenerator<SourceItem> {
  yield { name: 'upload', bytes: fs.readFileSync(file) };
}

/**
 * Imports an uploaded zip (or one DICOM file) into a study, as `annolex import` does. The
 * answer is NDJSON: progress lines while files are read, then the summary, or an error line.
 * Skipped files are reported by reason and position in the archive only.
 */
export const POST = apiRoute(
  'coordinator.view',
  async (actor, request, { params }: { params: Promise<{ id: string }> }) => {
    const db = getDb();
    const study = findStudyRef(db, (await params).id);
    if (!study || !can(actor, 'imaging.import', { studyId: study.id }))
      return jsonError('not_found', 'No such study');
    if (!request.body) return jsonError('invalid', 'Send the zip as the request body');
    const caseBy = new URL(request.url).searchParams.get('caseBy') ?? 'PatientID';
    if (caseBy !== 'PatientID' && caseBy !== 'StudyInstanceUID')
      return jsonError('invalid', 'caseBy must be PatientID or StudyInstanceUID');
    const env = getEnv();
    let spooled: { file: string; bytes: number };
    try {
      spooled = await spoolUpload(request.body, env.dataDir);
    } catch (error) {
      if (error instanceof UploadTooLarge) return jsonError('invalid', error.message);
      throw error;
    }
    const ctx = await changeContext(actor);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        const head = Buffer.alloc(4);
        const fd = fs.openSync(spooled.file, 'r');
        fs.readSync(fd, head, 0, 4, 0);
        fs.closeSync(fd);
        try {
          const source = isZip(head) ? readZip({ path: spooled.file }) : single(spooled.file);
          let skippedAt = 0;
          const { summary } = await runImport(db, ctx, source, {
            studyId: study.id,
            policy: study.phiPolicy,
            caseBy,
            secret: studySecret(env, study.id),
            dataDir: env.dataDir,
            onProgress: ({ files, bytes }) => {
              if (files % 25 === 0) send({ type: 'progress', files, bytes });
            },
            onSkip: (_name, reason) => {
              skippedAt += 1;
              if (skippedAt <= 50) send({ type: 'skip', reason, label: IMPORT_SKIP_LABELS[reason] });
            },
          });
          send({ type: 'done', summary });
        } catch (error) {
          const message = isImportSourceError(error)
            ? `Import aborted, nothing was stored: ${error.message}`
            : 'The import failed; nothing more was stored';
          if (!isImportSourceError(error)) console.error('import failed', { name: (error as Error)?.name });
          send({ type: 'error', message });
        } finally {
          fs.rmSync(spooled.file, { force: true });
          controller.close();
        }
      },
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' },
    });
  },
);
