import 'server-only';
import { type DicomwebAuth, type DicomwebConfig } from './config';
import { isDicomUid, upstreamPath, type DicomwebRequest } from './paths';

/**
 * Server-side access to the configured DICOMweb server. Only paths rebuilt from validated
 * UIDs are requested, credentials are added here and never leave the server, and the
 * upstream's own URLs are removed from what is returned to the browser.
 */

export type DicomwebFailure = 'outside_base' | 'redirect' | 'bad_response';

export class DicomwebUpstreamError extends Error {
  constructor(
    readonly reason: DicomwebFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DicomwebUpstreamError';
  }
}

/** Response headers the proxy may pass on; anything else (cookies, auth challenges, server names) stays here. */
export const PROXIED_RESPONSE_HEADERS = ['content-type', 'content-length'] as const;

/** The whitelisted headers of an upstream response, for the route that streams its body. */
export function proxiedHeaders(upstream: Response): Headers {
  const headers = new Headers();
  for (const name of PROXIED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    // fetch decodes a compressed body but keeps the compressed length; passing it on would truncate.
    if (name === 'content-length' && upstream.headers.has('content-encoding')) continue;
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** The tail of an upstream path after the base: only what upstreamPath can produce. */
const SAFE_TAIL = /^studies(?:\/[0-9a-z.]+)*$/i;

/**
 * Resolves a relative path against the base URL and checks that it stayed there: same origin,
 * under the base path, no dot segments or escapes. upstreamPath already validated every part;
 * this is the second lock, so a future caller's mistake cannot reach another host or path.
 */
export function resolveUpstreamUrl(
  config: Pick<DicomwebConfig, 'baseUrl'>,
  relative: string,
  query = '',
): URL {
  const base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
  const url = new URL(relative, base);
  const tail = url.pathname.slice(base.pathname.length);
  if (
    url.origin !== base.origin ||
    url.username !== '' ||
    url.password !== '' ||
    !url.pathname.startsWith(base.pathname) ||
    url.search !== '' ||
    url.hash !== '' ||
    !SAFE_TAIL.test(tail) ||
    tail.split('/').some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new DicomwebUpstreamError('outside_base', 'DICOMweb request would leave the configured base URL');
  }
  url.search = query;
  return url;
}

function authorization(auth: DicomwebAuth): string | null {
  switch (auth.kind) {
    case 'none':
      return null;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${auth.token}`;
  }
}

async function get(
  config: DicomwebConfig,
  url: URL,
  accept: string,
  signal?: AbortSignal,
): Promise<Response> {
  const headers = new Headers({
    accept,
    // Orthanc (and others) gzip JSON on request; fetch would decode it but keep the compressed
    // Content-Length, which the proxy copies. Identity keeps the two consistent.
    'accept-encoding': 'identity',
  });
  const auth = authorization(config.auth);
  if (auth !== null) headers.set('authorization', auth);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const response = await fetch(url, {
    method: 'GET',
    headers,
    // A redirect could send the credentials, or the browser's request, somewhere else.
    redirect: 'manual',
    credentials: 'omit',
    cache: 'no-store',
    signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
  });
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel();
    throw new DicomwebUpstreamError(
      'redirect',
      `DICOMweb server answered with a redirect (${response.status})`,
    );
  }
  return response;
}

/**
 * Fetches one validated request from the configured server. The upstream Response is returned
 * as is (errors included) for the route to map and stream; only redirects and requests that
 * would leave the base URL throw. The timeout also bounds reading the body.
 */
export async function dicomwebFetch(
  config: DicomwebConfig,
  req: DicomwebRequest,
  accept: string,
  signal?: AbortSignal,
): Promise<Response> {
  return get(config, resolveUpstreamUrl(config, upstreamPath(req)), accept, signal);
}

/** Whether the server knows the study (QIDO-RS `studies?StudyInstanceUID=`). */
export async function qidoStudyExists(
  config: DicomwebConfig,
  studyUid: string,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!isDicomUid(studyUid)) return false;
  const query = new URLSearchParams({ StudyInstanceUID: studyUid }).toString();
  const response = await get(
    config,
    resolveUpstreamUrl(config, 'studies', query),
    'application/dicom+json',
    signal,
  );
  if (response.status === 204 || response.status === 404) {
    await response.body?.cancel();
    return false;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DicomwebUpstreamError('bad_response', `DICOMweb study search failed (${response.status})`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text.trim() === '' ? [] : JSON.parse(text);
  } catch {
    throw new DicomwebUpstreamError('bad_response', 'DICOMweb study search returned invalid JSON');
  }
  if (!Array.isArray(body))
    throw new DicomwebUpstreamError('bad_response', 'DICOMweb study search returned no list');
  // A server that ignores the filter must not make every study look present.
  return body.some((d) => firstValue(d, '0020000D') === studyUid);
}

function firstValue(dataset: unknown, tag: string): unknown {
  if (!isRecord(dataset)) return undefined;
  const element = dataset[tag];
  return isRecord(element) && Array.isArray(element.Value) ? element.Value[0] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Pixel Data, Float Pixel Data, Double Float Pixel Data: fetched as frames, never inline. */
const PIXEL_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);
const RETRIEVE_URL = '00081190';
const RETRIEVE_TAIL = /\/(studies\/[0-9.]+(?:\/series\/[0-9.]+(?:\/instances\/[0-9.]+)?)?)$/;

function rewriteRetrieveUrl(value: unknown, proxyBase: string): string | null {
  if (typeof value !== 'string') return null;
  const tail = RETRIEVE_TAIL.exec(value)?.[1];
  if (tail === undefined) return null;
  const uids = tail.split('/').filter((_, i) => i % 2 === 1);
  return uids.every(isDicomUid) ? `${proxyBase.replace(/\/+$/, '')}/${tail}` : null;
}

function rewriteDataset(dataset: Record<string, unknown>, proxyBase: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [tag, element] of Object.entries(dataset)) {
    if (!isRecord(element)) {
      out[tag] = element;
      continue;
    }
    // BulkDataURIs point at the upstream server (its host, sometimes with tokens).
    const { BulkDataURI: _bulk, InlineBinary: inline, ...rest } = element;
    const copy: Record<string, unknown> = rest;
    if (inline !== undefined && !PIXEL_TAGS.has(tag.toUpperCase())) copy.InlineBinary = inline;
    if (tag.toUpperCase() === RETRIEVE_URL && Array.isArray(rest.Value)) {
      const urls = rest.Value.map((v) => rewriteRetrieveUrl(v, proxyBase)).filter((v) => v !== null);
      if (urls.length === 0) continue;
      copy.Value = urls;
    } else if (Array.isArray(rest.Value) && rest.vr === 'SQ') {
      copy.Value = rest.Value.map((item) => (isRecord(item) ? rewriteDataset(item, proxyBase) : item));
    }
    out[tag] = copy;
  }
  return out;
}

/**
 * Makes DICOM JSON (metadata or QIDO results) safe to hand to the browser: BulkDataURIs are
 * removed (frames go through the proxy's frame URL), inline pixel data is dropped, and
 * RetrieveURLs are re-pointed at `proxyBase` or removed. Sequences are rewritten recursively.
 */
export function rewriteMetadata(json: unknown, proxyBase: string): unknown {
  if (Array.isArray(json)) return json.map((d) => (isRecord(d) ? rewriteDataset(d, proxyBase) : d));
  if (isRecord(json)) return rewriteDataset(json, proxyBase);
  return json;
}
