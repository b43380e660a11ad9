import { describe, expect, it } from 'vitest';
import { DicomwebUpstreamError, proxiedHeaders, resolveUpstreamUrl, rewriteMetadata } from './client.server';

const UPSTREAM = 'https://pacs.internal:8443/dicom-web';

describe('rewriteMetadata', () => {
  it('removes BulkDataURIs and inline pixel data, keeps other inline binaries, recurses into sequences', () => {
    const input = [
      {
        '00080018': { vr: 'UI', Value: ['1.2.3'] },
        '7FE00010': { vr: 'OW', BulkDataURI: `${UPSTREAM}/studies/1/series/2/instances/3/bulk/7fe00010` },
        '7FE00008': { vr: 'OF', InlineBinary: 'AAAA' },
        '7fe00009': { vr: 'OD', InlineBinary: 'AAAA' },
        '00420011': { vr: 'OB', BulkDataURI: `${UPSTREAM}/bulk/pdf?token=abc` },
        '00282000': { vr: 'OB', InlineBinary: 'SUNDX1BST0ZJTEU=' },
        '00540016': {
          vr: 'SQ',
          Value: [
            {
              '00281201': { vr: 'OW', BulkDataURI: `${UPSTREAM}/x` },
              '00181072': { vr: 'TM', Value: ['1'] },
            },
          ],
        },
      },
    ];
    const out = rewriteMetadata(input, '/api/v1/dicomweb');
    expect(out).toEqual([
      {
        '00080018': { vr: 'UI', Value: ['1.2.3'] },
        '7FE00010': { vr: 'OW' },
        '7FE00008': { vr: 'OF' },
        '7fe00009': { vr: 'OD' },
        '00420011': { vr: 'OB' },
        '00282000': { vr: 'OB', InlineBinary: 'SUNDX1BST0ZJTEU=' },
        '00540016': {
          vr: 'SQ',
          Value: [{ '00281201': { vr: 'OW' }, '00181072': { vr: 'TM', Value: ['1'] } }],
        },
      },
    ]);
    expect(JSON.stringify(out)).not.toContain('pacs.internal');
    // The input is not modified.
    expect(input[0]?.['7FE00010']).toHaveProperty('BulkDataURI');
  });

  it('re-points RetrieveURLs at the proxy, and drops those it cannot vouch for', () => {
    const out = rewriteMetadata(
      [
        { '00081190': { vr: 'UR', Value: [`${UPSTREAM}/studies/1.2/series/1.2.3`] } },
        { '00081190': { vr: 'UR', Value: [`${UPSTREAM}/studies/1.2`] } },
        { '00081190': { vr: 'UR', Value: [`${UPSTREAM}/studies/01.2`] } },
        { '00081190': { vr: 'UR', Value: [`${UPSTREAM}/wado?studyUID=1.2`] } },
        { '00081190': { vr: 'UR', Value: [42] } },
      ],
      '/api/v1/dicomweb/',
    );
    expect(out).toEqual([
      { '00081190': { vr: 'UR', Value: ['/api/v1/dicomweb/studies/1.2/series/1.2.3'] } },
      { '00081190': { vr: 'UR', Value: ['/api/v1/dicomweb/studies/1.2'] } },
      {},
      {},
      {},
    ]);
  });

  it('leaves non-dataset values alone', () => {
    expect(rewriteMetadata(null, '/p')).toBeNull();
    expect(rewriteMetadata('x', '/p')).toBe('x');
    expect(rewriteMetadata([1, null], '/p')).toEqual([1, null]);
  });
});

describe('resolveUpstreamUrl', () => {
  const config = { baseUrl: `${UPSTREAM}/` };

  it('resolves under the base path and adds a query only when asked', () => {
    expect(resolveUpstreamUrl(config, 'studies/1.2/series').href).toBe(`${UPSTREAM}/studies/1.2/series`);
    expect(resolveUpstreamUrl(config, 'studies', 'StudyInstanceUID=1.2').href).toBe(
      `${UPSTREAM}/studies?StudyInstanceUID=1.2`,
    );
    // A base without its trailing slash still resolves beneath it.
    expect(resolveUpstreamUrl({ baseUrl: UPSTREAM }, 'studies').href).toBe(`${UPSTREAM}/studies`);
  });

  it.each([
    '',
    '.',
    '..',
    '../studies',
    '/studies',
    '//evil.example/dicom-web/studies',
    'https://evil.example/dicom-web/studies',
    'https://pacs.internal:8443/other/studies',
    'studies/../../admin',
    'studies/%2e%2e/%2e%2e/admin',
    'studies/%2E%2E/admin',
    'studies/..%2fadmin',
    'studies//1.2',
    'studies/1.2?x=1',
    'studies/1.2#x',
    'studies\\..\\..\\admin',
    'studies/1.2/../../../admin',
    'instances',
    'javascript:alert(1)',
  ])('refuses %j', (relative) => {
    expect(() => resolveUpstreamUrl(config, relative)).toThrow(DicomwebUpstreamError);
  });
});

describe('proxiedHeaders', () => {
  it('passes on only the content type and length', () => {
    const upstream = new Response('[]', {
      headers: {
        'content-type': 'application/dicom+json',
        'content-length': '2',
        'set-cookie': 'session=1',
        'www-authenticate': 'Basic realm="x"',
        server: 'Orthanc',
        'content-location': 'http://pacs.internal/x',
      },
    });
    expect([...proxiedHeaders(upstream).entries()]).toEqual([
      ['content-length', '2'],
      ['content-type', 'application/dicom+json'],
    ]);
  });

  it('drops the length of a body fetch has decompressed', () => {
    const upstream = new Response('[]', {
      headers: {
        'content-type': 'application/dicom+json',
        'content-length': '1',
        'content-encoding': 'gzip',
      },
    });
    expect([...proxiedHeaders(upstream).keys()]).toEqual(['content-type']);
  });
});
