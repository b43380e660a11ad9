import dicomParser, { type DataSet } from 'dicom-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPLICIT_LE, inspectDicom } from '../inspect';
import { DicomSkipError } from '../safe-error';
import {
  indexOfAscii,
  makeTestDicom,
  TEST_BIRTH_DATE,
  type TestDicomOptions,
  type TestDicomVariant,
} from '../test-dicom';
import { stripPhi, uidRemapper } from './strip';

const CANARY = 'CANARY';
const ALL_VARIANTS: TestDicomVariant[] = [
  'explicit-le',
  'implicit-le',
  'big-endian',
  'deflated',
  'preamble-less',
  'jpeg-baseline',
];
const options = { remapUid: uidRemapper('study-secret'), replacementPatientId: 'ANON-0001' };
const canaryFile = (o: TestDicomOptions = {}) =>
  makeTestDicom({ canary: CANARY, privateTag: true, nestedSequences: true, ...o });
const parse = (bytes: Uint8Array) => dicomParser.parseDicom(bytes);

/** Raw bytes of the pixel data element's value (fragments and delimiters included). */
function pixelValue(ds: DataSet): Uint8Array {
  const el = ds.elements.x7fe00010!;
  return ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length);
}

const itemString = (ds: DataSet, sequence: string, tag: string) =>
  ds.elements[sequence]?.items?.[0]?.dataSet?.string(tag);

describe('stripPhi', () => {
  it.each(ALL_VARIANTS)('leaves no canary bytes in %s files', (variant) => {
    const input = canaryFile({ variant });
    const inspected = inspectDicom(input);
    // Deflated files hide the canary until inflated; check the plan is real before checking it is gone.
    expect(inspected.ok && indexOfAscii(inspected.bytes, CANARY)).toBeGreaterThan(0);
    const out = stripPhi(input, options);
    expect(indexOfAscii(out, CANARY)).toBe(-1);
    expect(indexOfAscii(out, TEST_BIRTH_DATE)).toBe(-1);
    const ds = parse(out);
    for (const uid of ['2.25.1001', '2.25.1002', '2.25.1003', '2.25.1004', '2.25.1005']) {
      for (const tag of ['x0020000d', 'x0020000e', 'x00080018', 'x00200052', 'x00020003']) {
        expect(ds.string(tag)).not.toBe(uid);
      }
    }
    expect(inspectDicom(out).ok).toBe(true);
  });

  it.each(ALL_VARIANTS)('keeps the pixel data of %s files byte for byte', (variant) => {
    const input = canaryFile({ variant });
    const inspected = inspectDicom(input);
    if (!inspected.ok) throw new Error(inspected.message);
    const before = parse(inspected.bytes);
    const after = parse(stripPhi(input, options));
    expect(pixelValue(after)).toEqual(pixelValue(before));
    expect(after.string('x00020010')).toBe(before.string('x00020010'));
  });

  it('returns deflated input as explicit little endian', () => {
    expect(parse(stripPhi(canaryFile({ variant: 'deflated' }), options)).string('x00020010')).toBe(
      EXPLICIT_LE,
    );
  });

  it('remaps UIDs consistently across files and keeps references intact', () => {
    const a = canaryFile({ uids: { sop: '2.25.2001' } });
    const b = canaryFile({ uids: { sop: '2.25.2002', referencedSop: '2.25.2001' }, variant: 'implicit-le' });
    const [sa, sb] = [parse(stripPhi(a, options)), parse(stripPhi(b, options))];
    for (const tag of ['x0020000d', 'x0020000e', 'x00200052']) {
      expect(sa.string(tag)).toBe(sb.string(tag));
      expect(sa.string(tag)).toMatch(/^2\.25\.\d+$/);
    }
    expect(sa.string('x0020000d')).toBe(options.remapUid('2.25.1001'));
    expect(sa.string('x00080018')).not.toBe(sb.string('x00080018'));
    expect(itemString(sb, 'x00081140', 'x00081155')).toBe(sa.string('x00080018'));
    // File meta follows the new SOP Instance UID; the SOP class is not an identifier and stays.
    expect(sa.string('x00020003')).toBe(sa.string('x00080018'));
    expect(sa.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.4');
    expect(sa.string('x00020002')).toBe('1.2.840.10008.5.1.4.1.1.4');

    const other = parse(stripPhi(a, { ...options, remapUid: uidRemapper('another-secret') }));
    expect(other.string('x0020000d')).not.toBe(sa.string('x0020000d'));
  });

  it('applies the profile actions and marks the file de-identified', () => {
    const ds = parse(stripPhi(canaryFile(), options));
    expect(ds.string('x00100010')).toBe('ANON-0001');
    expect(ds.string('x00100020')).toBe('ANON-0001');
    expect(ds.string('x00120062')).toBe('YES');
    expect(ds.string('x00120063')).toBe('DICOM PS3.15 Basic Application Level Confidentiality Profile');
    const code = ds.elements.x00120064?.items?.[0]?.dataSet;
    expect([code?.string('x00080100'), code?.string('x00080102')]).toEqual(['113100', 'DCM']);
    // Z: present and empty. X: gone. D: a dummy. Sequences: emptied or removed.
    expect(ds.elements.x00080020?.length).toBe(0);
    expect(ds.elements.x00100030?.length).toBe(0);
    expect(ds.elements.x00081030).toBeUndefined();
    expect(ds.elements.x00101040).toBeUndefined();
    expect(ds.string('x00181030')).toBe('ANONYMIZED');
    expect(ds.elements.x00400275).toBeUndefined();
    expect(ds.elements.x00081110?.items ?? []).toEqual([]);
    expect(Object.keys(ds.elements).filter((t) => parseInt(t.slice(1, 5), 16) % 2 === 1)).toEqual([]);
    // Kept sequences are walked: equipment stays, the institution inside it goes.
    expect(itemString(ds, 'x0018a001', 'x00080070')).toBe('ACME');
    expect(itemString(ds, 'x0018a001', 'x00080080')).toBeUndefined();
  });

  it('keeps attributes the profile does not touch', () => {
    const before = parse(makeTestDicom());
    const after = parse(stripPhi(makeTestDicom(), options));
    for (const tag of [
      'x00080060',
      'x00080070',
      'x00280030',
      'x00281050',
      'x00200032',
      'x00200037',
      'x00200013',
    ]) {
      expect(after.string(tag)).toBe(before.string(tag));
    }
    expect(after.uint16('x00280010')).toBe(16);
  });

  it('removes curve and overlay groups entirely', () => {
    const input = makeTestDicom({
      elements: {
        '50000005': { vr: 'US', Value: [2] },
        '60000010': { vr: 'US', Value: [16] },
        '60003000': { vr: 'OW', Value: [new Uint8Array(32).fill(1).buffer] },
        '60004000': { vr: 'LT', Value: [`${CANARY} OVERLAY`] },
      },
    });
    const out = stripPhi(input, options);
    expect(indexOfAscii(out, CANARY)).toBe(-1);
    const groups = Object.keys(parse(out).elements).map((t) => t.slice(1, 3));
    expect(groups).not.toContain('50');
    expect(groups).not.toContain('60');
  });

  it('is idempotent apart from a second UID remapping', () => {
    const once = stripPhi(canaryFile(), options);
    const twice = stripPhi(once, { ...options, remapUid: (uid) => uid });
    expect(twice).toEqual(once);
  });

  it('reads Node Buffers that are views into a shared pool', () => {
    const plain = [1, 2].map((n) => canaryFile({ uids: { sop: `2.25.300${n}` } }));
    const pooled = plain.map((bytes) => Buffer.from(bytes));
    expect(pooled[1]!.byteOffset).toBeGreaterThan(0);
    const out = pooled.map((bytes) => stripPhi(bytes, options));
    expect(out[0]).toEqual(stripPhi(plain[0]!, options));
    expect(out[1]).toEqual(stripPhi(plain[1]!, options));
    expect(parse(out[0]!).string('x00080018')).not.toBe(parse(out[1]!).string('x00080018'));
  });

  it('throws a fixed-message DicomSkipError for unreadable input', () => {
    const junk = new TextEncoder().encode(`${CANARY} `.repeat(64));
    expect(() => stripPhi(junk, options)).toThrow(DicomSkipError);
    expect(() => stripPhi(canaryFile().slice(0, 900), options)).toThrow(/ends before/);
  });
});

describe('uidRemapper', () => {
  it('gives valid 2.25 UIDs, deterministic per secret', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{0,8}(\.\d{1,8}){1,6}$/),
        fc.string({ minLength: 1 }),
        (uid, secret) => {
          const remap = uidRemapper(secret);
          const out = remap(uid);
          expect(out).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
          expect(out.length).toBeLessThanOrEqual(64);
          expect(remap(uid)).toBe(out);
          expect(uidRemapper(secret)(`${uid}\0`)).toBe(out);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('separates UIDs and secrets', () => {
    const remap = uidRemapper('s');
    expect(remap('1.2.3')).not.toBe(remap('1.2.4'));
    expect(uidRemapper('t')('1.2.3')).not.toBe(remap('1.2.3'));
    expect(remap('')).toBe('');
  });
});
