import { describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart, writeMultipart } from './multipart';

const enc = new TextEncoder();

describe('multipart re-framing', () => {
  it('parses an upstream frame response and re-frames it without the upstream headers', () => {
    const pixels = new Uint8Array([0, 1, 2, 13, 10, 45, 45, 255]);
    const upstream = new Uint8Array([
      ...enc.encode(
        '--abc123\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n',
      ),
      ...enc.encode('Content-Location: http://127.0.0.1:8042/dicom-web/studies/1/frames/1\r\n\r\n'),
      ...pixels,
      ...enc.encode('\r\n--abc123--\r\n'),
    ]);
    const type = 'multipart/related; type="application/octet-stream"; boundary=abc123';
    expect(boundaryOf(type)).toBe('abc123');
    const parts = parseMultipart(upstream, 'abc123');
    expect(parts).toHaveLength(1);
    expect([...parts![0]!.body]).toEqual([...pixels]);
    const out = writeMultipart(parts!, 'annolex');
    const text = new TextDecoder('latin1').decode(out);
    expect(text).not.toContain('8042');
    expect(text).not.toContain('Content-Location');
    expect([...parseMultipart(out, 'annolex')![0]!.body]).toEqual([...pixels]);
  });

  it('returns null for a body that is not multipart', () => {
    expect(parseMultipart(enc.encode('hello'), 'abc')).toBeNull();
    expect(parseMultipart(enc.encode('--abc\r\nContent-Type: x\r\n\r\nno end'), 'abc')).toBeNull();
    expect(boundaryOf('application/json')).toBeNull();
  });
});
