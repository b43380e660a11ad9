import { describe, expect, it } from 'vitest';
import { DEFAULT_DICOMWEB_TIMEOUT_MS, parseDicomwebConfig, ZDicomwebConfig } from './config';

describe('parseDicomwebConfig', () => {
  it('is null when no URL is configured', () => {
    expect(parseDicomwebConfig({})).toBeNull();
    expect(parseDicomwebConfig({ url: '' })).toBeNull();
    expect(parseDicomwebConfig({ url: '   ', username: 'u', password: 'p' })).toBeNull();
  });

  it('defaults to no authentication and a 15 s timeout', () => {
    expect(parseDicomwebConfig({ url: 'http://127.0.0.1:8042/dicom-web' })).toEqual({
      baseUrl: 'http://127.0.0.1:8042/dicom-web/',
      auth: { kind: 'none' },
      timeoutMs: DEFAULT_DICOMWEB_TIMEOUT_MS,
    });
    expect(DEFAULT_DICOMWEB_TIMEOUT_MS).toBe(15_000);
  });

  it.each([
    ['https://pacs.example/dicom-web', 'https://pacs.example/dicom-web/'],
    ['https://pacs.example/dicom-web/', 'https://pacs.example/dicom-web/'],
    ['https://pacs.example/dicom-web///', 'https://pacs.example/dicom-web/'],
    ['https://pacs.example', 'https://pacs.example/'],
    ['https://pacs.example/', 'https://pacs.example/'],
    ['HTTPS://PACS.Example:443/rs', 'https://pacs.example/rs/'],
    ['http://pacs.example:8080/a/b/../rs', 'http://pacs.example:8080/a/rs/'],
    ['  https://pacs.example/rs  ', 'https://pacs.example/rs/'],
  ])('normalises %s to %s', (url, baseUrl) => {
    expect(parseDicomwebConfig({ url })?.baseUrl).toBe(baseUrl);
  });

  it.each([
    'pacs.example/dicom-web',
    '/dicom-web',
    'ftp://pacs.example/dicom-web',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://pacs.example/dicom-web?token=1',
    'https://pacs.example/dicom-web?',
    'https://pacs.example/dicom-web#x',
    'https://user:secret@pacs.example/dicom-web',
    'https://user@pacs.example/dicom-web',
    'https://pacs.example\\dicom-web',
    'https://pacs.example/dicom web',
    'http://',
  ])('rejects the base URL %s', (url) => {
    expect(() => parseDicomwebConfig({ url })).toThrow(/Invalid DICOMweb configuration/);
  });

  it('never repeats a secret in its error message', () => {
    const messages: string[] = [];
    const attempt = (env: Parameters<typeof parseDicomwebConfig>[0]) => {
      try {
        parseDicomwebConfig(env);
      } catch (e) {
        messages.push((e as Error).message);
      }
    };
    attempt({ url: 'https://annolex:s3cr3t-pw@pacs.example/rs' });
    attempt({ url: 'https://pacs.example/rs?key=s3cr3t-pw' });
    attempt({ url: 'https://pacs.example/rs', username: 'annolex', password: 's3cr3t-pw with space' });
    attempt({ url: 'https://pacs.example/rs', token: 's3cr3t-pw\r\nX-Injected: 1' });
    attempt({ url: 'https://pacs.example/rs', username: 'a', password: 's3cr3t-pw', token: 's3cr3t-pw' });
    expect(messages).toHaveLength(5);
    for (const m of messages) expect(m).not.toContain('s3cr3t');
  });

  it('reads basic credentials', () => {
    expect(
      parseDicomwebConfig({ url: 'https://pacs.example/rs', username: 'annolex', password: 'pw' })?.auth,
    ).toEqual({ kind: 'basic', username: 'annolex', password: 'pw' });
  });

  it('reads a bearer token', () => {
    expect(parseDicomwebConfig({ url: 'https://pacs.example/rs', token: 'eyJ.abc.def' })?.auth).toEqual({
      kind: 'bearer',
      token: 'eyJ.abc.def',
    });
  });

  it('treats empty credentials as unset', () => {
    expect(
      parseDicomwebConfig({ url: 'https://pacs.example/rs', username: '', password: '', token: '' })?.auth,
    ).toEqual({ kind: 'none' });
  });

  it.each([
    [{ username: 'annolex' }, /username needs a password/],
    [{ password: 'pw' }, /username needs a password/],
    [{ username: 'a', password: 'b', token: 't' }, /not both/],
    [{ username: 'a:b', password: 'pw' }, /auth\.username/],
    [{ username: 'a', password: 'p w' }, /auth\.password/],
    [{ token: 'abc\ndef' }, /auth\.token/],
  ])('rejects inconsistent or unsafe credentials %j', (creds, message) => {
    expect(() => parseDicomwebConfig({ url: 'https://pacs.example/rs', ...creds })).toThrow(message);
  });

  it('reads the timeout from a string or a number', () => {
    expect(parseDicomwebConfig({ url: 'https://pacs.example/rs', timeoutMs: '2500' })?.timeoutMs).toBe(2500);
    expect(parseDicomwebConfig({ url: 'https://pacs.example/rs', timeoutMs: 30_000 })?.timeoutMs).toBe(
      30_000,
    );
    expect(parseDicomwebConfig({ url: 'https://pacs.example/rs', timeoutMs: '' })?.timeoutMs).toBe(15_000);
  });

  it.each(['abc', '0', '-1', '1.5', '99', '600001'])('rejects the timeout %s', (timeoutMs) => {
    expect(() => parseDicomwebConfig({ url: 'https://pacs.example/rs', timeoutMs })).toThrow(/timeoutMs/);
  });
});

describe('ZDicomwebConfig', () => {
  it('normalises and defaults when parsed directly', () => {
    expect(ZDicomwebConfig.parse({ baseUrl: 'http://h:1/x', auth: { kind: 'none' } })).toEqual({
      baseUrl: 'http://h:1/x/',
      auth: { kind: 'none' },
      timeoutMs: 15_000,
    });
  });

  it('rejects an unknown auth kind', () => {
    expect(ZDicomwebConfig.safeParse({ baseUrl: 'http://h/', auth: { kind: 'cookie' } }).success).toBe(false);
  });
});
