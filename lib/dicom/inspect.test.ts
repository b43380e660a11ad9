import { deflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DICOM_LIMITS,
  DEFLATED_LE,
  EXPLICIT_LE,
  IMPLICIT_LE,
  inspectDicom,
  SUPPORTED_TRANSFER_SYNTAXES,
  type InspectResult,
} from './inspect';
import { safeFailure } from './safe-error';
import { SKIP_REASONS } from './skip-reason';
import { indexOfAscii, makeTestDicom, type TestDicomOptions, type TestDicomVariant } from './test-dicom';

const reasonOf = (r: InspectResult) => (r.ok ? 'ok' : r.reason);
const inspect = (options: TestDicomOptions = {}, limits?: Parameters<typeof inspectDicom>[1]) =>
  inspectDicom(makeTestDicom(options), limits);

/** The pixel data value bytes of a native file, as stored. */
function pixelBytes(bytes: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements.x7fe00010!;
  return ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length);
}

const metaEnd = (bytes: Uint8Array) =>
  144 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(140, true);

describe('inspectDicom accepts', () => {
  it.each<TestDicomVariant>(['explicit-le', 'implicit-le', 'big-endian', 'jpeg-baseline'])(
    '%s files',
    (variant) => {
      const input = makeTestDicom({ variant });
      const r = inspectDicom(input);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.header).toMatchObject({
        rows: 16,
        columns: 16,
        numberOfFrames: 1,
        sopInstanceUid: '2.25.1003',
      });
      expect(r.bytes).toBe(input); // regular Part 10 files are passed through, not copied
    },
  );

  it('exports the supported syntaxes, including HTJ2K', () => {
    expect(SUPPORTED_TRANSFER_SYNTAXES).toContain('1.2.840.10008.1.2.4.201');
    expect(SUPPORTED_TRANSFER_SYNTAXES).toHaveLength(16);
    expect(DEFAULT_DICOM_LIMITS).toMatchObject({
      maxDimension: 8192,
      maxFrames: 2000,
      maxPixelBytes: 512 * 2 ** 20,
    });
  });

  it('a preamble-less implicit dataset, wrapped as Part 10', () => {
    const raw = makeTestDicom({ variant: 'preamble-less' });
    const r = inspectDicom(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header.transferSyntaxUid).toBe(IMPLICIT_LE);
    expect(new TextDecoder().decode(r.bytes.subarray(128, 132))).toBe('DICM');
    expect(r.bytes.subarray(r.bytes.length - raw.length)).toEqual(raw);
    const again = inspectDicom(r.bytes);
    expect(again.ok && again.header).toEqual(r.header);
  });

  it('a preamble-less explicit VR dataset', () => {
    const part10 = makeTestDicom();
    const r = inspectDicom(part10.slice(metaEnd(part10)));
    expect(r.ok && r.header.transferSyntaxUid).toBe(EXPLICIT_LE);
  });

  it('a deflated file, inflated to explicit little endian with identical pixels', () => {
    const deflated = makeTestDicom({ variant: 'deflated' });
    const r = inspectDicom(deflated);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header.transferSyntaxUid).toBe(EXPLICIT_LE);
    const ds = dicomParser.parseDicom(r.bytes);
    expect(ds.string('x00020010')).toBe(EXPLICIT_LE);
    expect(ds.uint32('x00020000')).toBe(metaEnd(r.bytes) - 144);
    expect(pixelBytes(r.bytes)).toEqual(pixelBytes(makeTestDicom()));
    expect(r.bytes.length).toBe(makeTestDicom().length);
  });

  it('Node Buffers that are views into a shared pool', () => {
    for (const variant of ['explicit-le', 'deflated', 'preamble-less'] as const) {
      const plain = makeTestDicom({ variant });
      const pooled = Buffer.concat([Buffer.from('padding'), Buffer.from(plain)]).subarray(7);
      const [a, b] = [inspectDicom(plain), inspectDicom(pooled)];
      expect(a.ok && b.ok && b.header).toEqual(a.ok && a.header);
      expect(b.ok && new Uint8Array(b.bytes)).toEqual(a.ok && new Uint8Array(a.bytes));
    }
  });

  it('irregular file meta: no group length, or a space-padded transfer syntax UID', () => {
    const input = makeTestDicom();
    const noGroupLength = new Uint8Array([...input.subarray(0, 132), ...input.subarray(144)]);
    const r = inspectDicom(noGroupLength);
    expect(r.ok && r.bytes).toEqual(input);

    const implicit = makeTestDicom({ variant: 'implicit-le' });
    const at = indexOfAscii(implicit, `${IMPLICIT_LE}\0`) + IMPLICIT_LE.length;
    expect(at).toBeGreaterThan(IMPLICIT_LE.length);
    implicit[at] = 0x20; // dicom-parser would take '…1.2 ' for an explicit VR syntax
    const padded = inspectDicom(implicit);
    expect(padded.ok && padded.header).toMatchObject({
      transferSyntaxUid: IMPLICIT_LE,
      rows: 16,
      modality: 'MR',
    });
  });

  it('reports burned-in annotation without refusing the file', () => {
    const r = inspect({ burnedIn: true });
    expect(r.ok && r.header.burnedInAnnotation).toBe(true);
  });

  it('odd native pixel lengths with one pad byte', () => {
    const r = inspect({
      rows: 3,
      columns: 3,
      pixelData: new Uint8Array(10),
      attributes: { BitsAllocated: 8, BitsStored: 8, HighBit: 7 },
    });
    expect(reasonOf(r)).toBe('ok');
  });
});

describe('inspectDicom skips', () => {
  it('text saved as .dcm, empty and tiny files as not_dicom', () => {
    const text = new TextEncoder().encode('Patient notes, not an image.\n'.repeat(20));
    for (const bytes of [text, new Uint8Array(0), new Uint8Array(131), new Uint8Array(4096)]) {
      expect(inspectDicom(bytes)).toEqual({ ok: false, ...safeFailure('not_dicom') });
    }
  });

  it('a preamble-less dataset without SOP UIDs as not_dicom', () => {
    const raw = makeTestDicom({ variant: 'preamble-less', omit: ['SOPInstanceUID'] });
    expect(reasonOf(inspectDicom(raw))).toBe('not_dicom');
  });

  it.each<TestDicomVariant>(['explicit-le', 'implicit-le', 'big-endian', 'deflated', 'jpeg-baseline'])(
    '%s files truncated inside the meta, an element, or the pixel data',
    (variant) => {
      const bytes = makeTestDicom({ variant, nestedSequences: true });
      const cuts = [133, 150, Math.floor(bytes.length / 2) + 3, bytes.length - 40, bytes.length - 1];
      for (const cut of cuts)
        expect([cut, reasonOf(inspectDicom(bytes.slice(0, cut)))]).toEqual([cut, 'truncated']);
    },
  );

  it('a preamble-less file cut inside the pixel data as truncated', () => {
    const raw = makeTestDicom({ variant: 'preamble-less' });
    expect(reasonOf(inspectDicom(raw.slice(0, raw.length - 7)))).toBe('truncated');
  });

  it('a file without pixel data', () => {
    expect(reasonOf(inspect({ omit: ['PixelData'] }))).toBe('no_pixel_data');
  });

  it('an unknown or unsupported transfer syntax', () => {
    for (const ts of ['1.2.3.4', '1.2.840.10008.1.2.4.100', '']) {
      expect(reasonOf(inspect({ transferSyntaxUid: ts }))).toBe('unsupported_syntax');
    }
  });

  it('huge declared dimensions and frame counts as too_large', () => {
    // Rows and Columns are US, so 65535 is the largest a file can declare.
    expect(reasonOf(inspect({ rows: 60000, columns: 60000, pixelData: new Uint8Array(512) }))).toBe(
      'too_large',
    );
    expect(reasonOf(inspect({ rows: 65535, columns: 16, pixelData: new Uint8Array(512) }))).toBe('too_large');
    expect(reasonOf(inspect({ frames: 3 }, { maxFrames: 2 }))).toBe('too_large');
    expect(reasonOf(inspect({}, { maxPixelBytes: 511 }))).toBe('too_large');
    expect(reasonOf(inspect({}, { maxDimension: 15 }))).toBe('too_large');
    expect(reasonOf(inspect({ frames: 2000 }))).toBe('ok');
  });

  it('pixel data that does not match the image attributes', () => {
    const cases: TestDicomOptions[] = [
      { pixelData: new Uint8Array(500) },
      { pixelData: new Uint8Array(514) },
      { rows: 0, pixelData: new Uint8Array(0) },
      { attributes: { SamplesPerPixel: 2 } },
      { attributes: { BitsAllocated: 12 } },
      { attributes: { NumberOfFrames: 0 } },
      { transferSyntaxUid: '1.2.840.10008.1.2.4.50' }, // native pixels under an encapsulated syntax
      { variant: 'jpeg-baseline', transferSyntaxUid: EXPLICIT_LE }, // and the reverse
    ];
    for (const options of cases)
      expect([options, reasonOf(inspect(options))]).toEqual([options, 'invalid_pixel_data']);
  });

  it('missing or malformed required UIDs', () => {
    for (const omit of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'SOPClassUID']) {
      expect(reasonOf(inspect({ omit: [omit] }))).toBe('missing_uid');
    }
    expect(reasonOf(inspect({ uids: { series: 'not a uid' } }))).toBe('missing_uid');
  });

  it('deflate bombs and corrupt deflate streams', () => {
    const meta = makeTestDicom({ variant: 'deflated' });
    const header = meta.slice(0, metaEnd(meta));
    const withBody = (body: Uint8Array) => new Uint8Array([...header, ...body]);
    const bomb = withBody(deflateRawSync(new Uint8Array(64 * 2 ** 20)));
    expect(bomb.length).toBeLessThan(100_000);
    expect(reasonOf(inspectDicom(bomb, { maxUncompressedBytes: 8 * 2 ** 20 }))).toBe('too_large');
    expect(reasonOf(inspectDicom(withBody(new TextEncoder().encode('not deflate data at all'))))).toBe(
      'not_dicom',
    );
    expect(new TextDecoder().decode(header)).toContain(DEFLATED_LE);
  });
});

describe('inspectDicom under mutation', () => {
  const variants: TestDicomVariant[] = [
    'explicit-le',
    'implicit-le',
    'big-endian',
    'deflated',
    'jpeg-baseline',
  ];
  const bases = [
    ...variants.map((variant) => makeTestDicom({ variant, nestedSequences: true, privateTag: true })),
  ];
  bases.push(makeTestDicom({ variant: 'preamble-less' }));

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
    fc.record({
      kind: fc.constant('word' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 0xffffffff }),
    }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

  function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'truncate') return bytes.slice(0, at);
    if (m.kind === 'insert')
      return new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    const out = bytes.slice();
    if (m.kind === 'flip') out[at] = out[at]! ^ (1 << m.bit);
    // Overwriting four bytes at once reaches lengths and tags that single bit flips rarely do.
    else if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, m.value, true);
    return out;
  }

  it('never throws and always returns ok or a known reason with its fixed message', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bases.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (base, mutations) => {
          const bytes = mutations.reduce(apply, bases[base]!);
          const r = inspectDicom(bytes);
          if (!r.ok) {
            expect(SKIP_REASONS).toContain(r.reason);
            expect(r).toEqual({ ok: false, ...safeFailure(r.reason) });
            return;
          }
          expect(r.header.rows).toBeLessThanOrEqual(DEFAULT_DICOM_LIMITS.maxDimension);
          expect(reasonOf(inspectDicom(r.bytes))).toBe('ok');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
