import 'server-only';
import { dicomwebFetch, DicomwebUpstreamError, rewriteMetadata } from './client.server';
import type { DicomwebConfig } from './config';
import { redactDicomJson } from './dicom-json';
import { boundaryOf, parseMultipart, writeMultipart } from './multipart';
import type { DicomwebRequest } from './paths';

const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const JSON_ACCEPT = 'application/dicom+json';

const bad = (status: number, message: string) =>
  Response.json(
    { error: { code: 'upstream', message } },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );

/**
 * Fetches one request from the DICOMweb server and returns what the browser may see: JSON
 * with patient identity, BulkDataURIs and upstream URLs removed; frames re-framed without the
 * upstream's part headers. Upstream failures become 502/504, never the upstream's own answer.
 */
export async function proxyDicomweb(
  config: DicomwebConfig,
  req: DicomwebRequest,
  request: Request,
  proxyBase: string,
): Promise<Response> {
  const frame = req.kind === 'frame';
  let upstream: Response;
  try {
    upstream = await dicomwebFetch(config, req, frame ? FRAME_ACCEPT : JSON_ACCEPT, request.signal);
  } catch (error) {
    if (error instanceof DicomwebUpstreamError) return bad(502, 'The image server gave an unusable answer');
    if ((error as Error)?.name === 'TimeoutError') return bad(504, 'The image server did not answer in time');
    return bad(502, 'The image server could not be reached');
  }
  if (upstream.status === 404) return bad(404, 'The image server does not have this image');
  if (!upstream.ok) {
    await upstream.body?.cancel();
    return bad(502, `The image server refused the request (${upstream.status})`);
  }
  const headers = { 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' };
  if (!frame) {
    const json: unknown = await upstream.json().catch(() => null);
    if (json === null) return bad(502, 'The image server returned invalid JSON');
    return Response.json(redactDicomJson(rewriteMetadata(json, proxyBase)), { headers });
  }
  const type = upstream.headers.get('content-type') ?? '';
  const body = new Uint8Array(await upstream.arrayBuffer());
  const boundary = boundaryOf(type);
  const parts = boundary ? parseMultipart(body, boundary) : null;
  if (!parts?.length) return bad(502, 'The image server returned an unreadable frame');
  const ours = `annolex-${crypto.randomUUID()}`;
  const partType = parts[0]?.contentType ?? 'application/octet-stream';
  return new Response(writeMultipart(parts, ours) as Uint8Array<ArrayBuffer>, {
    headers: {
      ...headers,
      'Content-Type': `multipart/related; type="${partType.split(';')[0]}"; boundary=${ours}`,
    },
  });
}
