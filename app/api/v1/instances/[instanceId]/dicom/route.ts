import { getDb } from '@/db/client';
import { viewableInstance } from '@/db/queries/imaging';
import { apiRoute } from '@/lib/auth/api.server';
import { BlobStore } from '@/lib/dicom/import/blob-store.server';
import { redactForViewer } from '@/lib/dicom/redact';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * One stored instance as application/dicom, for the viewer's wadouri loader. The instance must
 * belong to a case the caller may view (another reader's case answers 404), the path comes
 * from the stored digest only, and patient identity is blanked before the bytes leave.
 */
export const GET = apiRoute(
  'images.access',
  async (actor, _request, { params }: { params: Promise<{ instanceId: string }> }) => {
    const id = Number((await params).instanceId);
    const found = Number.isSafeInteger(id) ? viewableInstance(getDb(), actor, id) : null;
    if (!found) throw new AppError('not_found', 'No such image');
    const bytes = redactForViewer(new BlobStore(getEnv().dataDir).read(found.sha256));
    return new Response(bytes, {
      headers: {
        'Content-Type': 'application/dicom',
        'Content-Length': String(bytes.length),
        // Private: the session decides access; the content never changes for an id.
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  },
);
