import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  freeLoopbackPort,
  ORTHANC_INSTALL_HINT,
  orthancAvailable,
  startOrthanc,
  TINY_MR_FRAME_BYTES,
  tinyMrInstance,
  type OrthancServer,
} from '@/e2e/support/orthanc';
import {
  dicomwebFetch,
  DicomwebUpstreamError,
  proxiedHeaders,
  qidoStudyExists,
  resolveUpstreamUrl,
  rewriteMetadata,
} from './client.server';
import { parseDicomwebConfig, type DicomwebConfig } from './config';
import { type DicomwebRequest } from './paths';

// A real Orthanc with the DICOMweb plugin. Never skipped: without Orthanc this file fails.
const STUDY = '1.2.826.0.1.3680043.9.7433.71.1';
const SERIES = `${STUDY}.2`;
const INSTANCES = [1, 2, 3].map((n) => `${SERIES}.${n}`);
const PROXY_BASE = '/api/v1/dicomweb';
const JSON_ACCEPT = 'application/dicom+json';
const FRAME_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

let orthanc: OrthancServer | undefined;
let config: DicomwebConfig;
const files = new Map<string, Uint8Array>();

function server(): OrthancServer {
  if (!orthanc) throw new Error('Orthanc did not start');
  return orthanc;
}

beforeAll(async () => {
  if (!orthancAvailable()) {
    throw new Error(`Orthanc with the DICOMweb plugin is required for this test: ${ORTHANC_INSTALL_HINT}`);
  }
  orthanc = await startOrthanc({ httpPort: await freeLoopbackPort() });
  for (const [i, instance] of INSTANCES.entries()) {
    const bytes = tinyMrInstance({ study: STUDY, series: SERIES, instance, instanceNumber: i + 1 });
    files.set(instance, bytes);
    const uploaded = await orthanc.upload(bytes);
    expect(uploaded.Status).toBe('Success');
  }
  config = parseDicomwebConfig({
    url: orthanc.dicomwebUrl,
    username: orthanc.username,
    password: orthanc.password,
  })!;
}, 40_000);

afterAll(async () => {
  await orthanc?.stop();
});

/** The single part of a multipart/related body (one frame was asked for). */
function singlePart(contentType: string, body: Uint8Array): Uint8Array {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const text = Buffer.from(body).toString('latin1'); // one char per byte, so indices are byte offsets
  const start = text.indexOf(`--${boundary}\r\n`);
  const headersEnd = text.indexOf('\r\n\r\n', start);
  const end = text.indexOf(`\r\n--${boundary}`, headersEnd);
  expect(start).toBe(0);
  expect(text.slice(end)).toBe(`\r\n--${boundary}--\r\n`);
  return body.slice(headersEnd + 4, end);
}

describe('DICOMweb client against Orthanc', () => {
  it('finds a stored study with QIDO-RS and not an unknown one', async () => {
    expect(await qidoStudyExists(config, STUDY)).toBe(true);
    expect(await qidoStudyExists(config, '1.2.826.0.1.3680043.9.7433.71.999')).toBe(false);
    expect(await qidoStudyExists(config, `${STUDY}&StudyInstanceUID=*`)).toBe(false);
  });

  it('lists the series, with the upstream URL replaced by the proxy', async () => {
    const res = await dicomwebFetch(config, { kind: 'series', study: STUDY }, JSON_ACCEPT);
    expect(res.status).toBe(200);
    const headers = proxiedHeaders(res);
    expect(headers.get('content-type')).toBe('application/dicom+json');
    const text = await res.text();
    expect(headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    const series = rewriteMetadata(JSON.parse(text), PROXY_BASE) as Record<string, { Value?: unknown[] }>[];
    expect(series).toHaveLength(1);
    expect(series[0]?.['0020000E']?.Value).toEqual([SERIES]);
    expect(series[0]?.['00201209']?.Value).toEqual([3]);
    expect(series[0]?.['00081190']?.Value).toEqual([`${PROXY_BASE}/studies/${STUDY}/series/${SERIES}`]);
    expect(JSON.stringify(series)).not.toContain('127.0.0.1');
  });

  it('returns series metadata without BulkDataURIs once rewritten', async () => {
    const res = await dicomwebFetch(
      config,
      { kind: 'seriesMetadata', study: STUDY, series: SERIES },
      JSON_ACCEPT,
    );
    expect(res.status).toBe(200);
    const raw = (await res.json()) as Record<string, { BulkDataURI?: string; Value?: unknown[] }>[];
    // Orthanc points pixel data at itself; that URL must not reach the browser.
    expect(raw[0]?.['7FE00010']?.BulkDataURI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dicom-web\//);
    const rewritten = rewriteMetadata(raw, PROXY_BASE) as typeof raw;
    expect(rewritten.map((d) => d['00080018']?.Value?.[0]).sort()).toEqual([...INSTANCES].sort());
    const serialised = JSON.stringify(rewritten);
    expect(serialised).not.toContain('BulkDataURI');
    expect(serialised).not.toContain('InlineBinary');
    expect(serialised).not.toContain(server().url);
    expect(rewritten[0]?.['7FE00010']).toEqual({ vr: 'OW' });
    expect(rewritten[0]?.['00280010']?.Value).toEqual([16]);
  });

  it('returns a frame as a one-part multipart body holding exactly the pixel data', async () => {
    const instance = INSTANCES[1]!;
    const req: DicomwebRequest = { kind: 'frame', study: STUDY, series: SERIES, instance, frame: 1 };
    const res = await dicomwebFetch(config, req, FRAME_ACCEPT);
    expect(res.status).toBe(200);
    const contentType = res.headers.get('content-type') ?? '';
    const body = new Uint8Array(await res.arrayBuffer());
    const payload = contentType.startsWith('multipart/related') ? singlePart(contentType, body) : body;
    expect(contentType).toMatch(/^(multipart\/related|application\/octet-stream)/);
    expect(payload.byteLength).toBe(TINY_MR_FRAME_BYTES);
    // Pixel Data is the file's last element, so its value is the file's last bytes.
    expect(Buffer.from(payload).equals(Buffer.from(files.get(instance)!.slice(-TINY_MR_FRAME_BYTES)))).toBe(
      true,
    );
  });

  it('answers an unknown frame number with an error, not data', async () => {
    const req: DicomwebRequest = {
      kind: 'frame',
      study: STUDY,
      series: SERIES,
      instance: INSTANCES[0]!,
      frame: 2,
    };
    const res = await dicomwebFetch(config, req, FRAME_ACCEPT);
    await res.body?.cancel();
    expect(res.ok).toBe(false);
  });

  it('is refused with wrong or missing credentials, and the challenge is not passed on', async () => {
    const wrong = { ...config, auth: { kind: 'basic' as const, username: 'annolex', password: 'wrong' } };
    const res = await dicomwebFetch(wrong, { kind: 'series', study: STUDY }, JSON_ACCEPT);
    await res.body?.cancel();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Basic/);
    expect(proxiedHeaders(res).has('www-authenticate')).toBe(false);

    const none = await dicomwebFetch(
      { ...config, auth: { kind: 'none' } },
      { kind: 'series', study: STUDY },
      JSON_ACCEPT,
    );
    await none.body?.cancel();
    expect(none.status).toBe(401);
    await expect(qidoStudyExists(wrong, STUDY)).rejects.toThrow(/failed \(401\)/);
  });

  it('cannot be steered outside the base URL by a forged request', async () => {
    // The attack target is real: with the server's credentials, /system answers.
    const direct = await fetch(`${server().url}/system`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${server().username}:${server().password}`).toString('base64')}`,
      },
    });
    await direct.body?.cancel();
    expect(direct.status).toBe(200);

    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const forged = [
        { kind: 'series', study: '../../system' },
        { kind: 'series', study: '..' },
        { kind: 'seriesMetadata', study: STUDY, series: '%2e%2e/%2e%2e/system' },
        { kind: 'instance', study: STUDY, series: SERIES, instance: `http://127.0.0.1:1/x` },
        { kind: 'frame', study: STUDY, series: SERIES, instance: '1.2\\..\\..', frame: 1 },
      ] as unknown as DicomwebRequest[];
      for (const req of forged) await expect(dicomwebFetch(config, req, JSON_ACCEPT)).rejects.toThrow();
      for (const relative of [
        '../system',
        '/system',
        '//evil.example/dicom-web/studies',
        'http://evil.example/dicom-web/studies',
        `${server().url}/system`,
        'studies/../../system',
        'studies/%2e%2e/%2e%2e/system',
        'studies/..%2f..%2fsystem',
        'studies/1.2?x=1',
        'studies\\..\\..\\system',
      ]) {
        expect(() => resolveUpstreamUrl(config, relative)).toThrow(DicomwebUpstreamError);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('DICOMweb client against a misbehaving server', () => {
  let hits: { url?: string; headers: http.IncomingHttpHeaders }[] = [];
  let base = '';
  const fake = http.createServer((req, res) => {
    hits.push({ url: req.url, headers: req.headers });
    if (req.url?.includes('/slow/')) return; // never answers
    res.writeHead(302, { location: `${base}/elsewhere/`, 'set-cookie': 'upstream=1' }).end();
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    fake.closeAllConnections();
    await new Promise((resolve) => fake.close(resolve));
  });

  it('treats a redirect as an error and never follows it', async () => {
    hits = [];
    const cfg = parseDicomwebConfig({ url: `${base}/rs`, token: 'secret-token' })!;
    const error = await dicomwebFetch(cfg, { kind: 'series', study: STUDY }, JSON_ACCEPT).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DicomwebUpstreamError);
    expect((error as DicomwebUpstreamError).reason).toBe('redirect');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.url).toBe(`/rs/studies/${STUDY}/series`);
    expect(hits[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(hits[0]?.headers.cookie).toBeUndefined();
  });

  it('gives up after the configured timeout, or when the caller aborts', async () => {
    const cfg = parseDicomwebConfig({ url: `${base}/slow`, timeoutMs: 300 })!;
    const started = Date.now();
    await expect(dicomwebFetch(cfg, { kind: 'series', study: STUDY }, JSON_ACCEPT)).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(5000);

    const slowCfg = { ...cfg, timeoutMs: 60_000 };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      dicomwebFetch(slowCfg, { kind: 'series', study: STUDY }, JSON_ACCEPT, controller.signal),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
