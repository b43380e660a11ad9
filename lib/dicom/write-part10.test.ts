import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { uidFrom } from './uid';
import {
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLEMENTATION_CLASS_UID,
  IMPLICIT_VR_LITTLE_ENDIAN,
  writePart10,
} from './write-part10';

const SOP_CLASS = '1.2.840.10008.5.1.4.1.1.4';

function sample(): Record<string, unknown> {
  const pixels = new Uint16Array(4 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = i * 300;
  return {
    SOPClassUID: SOP_CLASS,
    SOPInstanceUID: uidFrom('test', 'instance'),
    Modality: 'MR',
    PatientName: 'CASE-1',
    PatientID: 'CASE-1',
    PatientBirthDate: '',
    Rows: 3,
    Columns: 4,
    PixelSpacing: [0.5, 0.25],
    WindowCenter: 600,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: pixels.buffer,
  };
}

describe('writePart10', () => {
  it('writes a preamble, DICM and a complete file meta group', () => {
    const bytes = writePart10(sample());
    expect(bytes.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(String.fromCharCode(...bytes.subarray(128, 132))).toBe('DICM');
    const parsed = dicomParser.parseDicom(bytes);
    expect(parsed.string('x00020002')).toBe(SOP_CLASS);
    expect(parsed.string('x00020003')).toBe(uidFrom('test', 'instance'));
    expect(parsed.string('x00020010')).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
    expect(parsed.string('x00020012')).toBe(IMPLEMENTATION_CLASS_UID);
    expect(IMPLEMENTATION_CLASS_UID).toBe(uidFrom('annolex', 'implementation'));
    expect(parsed.string('x00020013')).toBe('ANNOLEX_0_1');
    const version = parsed.elements.x00020001!;
    expect([...bytes.subarray(version.dataOffset, version.dataOffset + 2)]).toEqual([0, 1]);
    // The group length covers every meta element after itself (which takes 12 bytes at offset 132).
    const metaEnd = Math.max(
      ...Object.values(parsed.elements)
        .filter((e) => e.tag.startsWith('x0002'))
        .map((e) => e.dataOffset + e.length),
    );
    expect(parsed.uint32('x00020000')).toBe(metaEnd - 132 - 12);
  });

  it('round-trips dataset values and pixel data', () => {
    const bytes = writePart10(sample());
    const parsed = dicomParser.parseDicom(bytes);
    expect(parsed.string('x00080016')).toBe(SOP_CLASS);
    expect(parsed.string('x00080060')).toBe('MR');
    expect(parsed.string('x00100010')).toBe('CASE-1');
    expect(parsed.elements.x00100030?.length).toBe(0);
    expect(parsed.uint16('x00280010')).toBe(3);
    expect(parsed.uint16('x00280011')).toBe(4);
    expect(parsed.string('x00280030')).toBe('0.5\\0.25');
    expect(parsed.floatString('x00281050')).toBe(600);
    const pixel = parsed.elements.x7fe00010!;
    expect(pixel.vr).toBe('OW');
    expect(pixel.length).toBe(4 * 3 * 2);
    const samples = new Uint16Array(bytes.slice(pixel.dataOffset, pixel.dataOffset + pixel.length).buffer);
    expect([...samples]).toEqual(Array.from({ length: 12 }, (_, i) => i * 300));
  });

  it('accepts pixel data as a typed array view over a larger buffer', () => {
    const backing = new Uint16Array(20).map((_, i) => i);
    const bytes = writePart10({ ...sample(), PixelData: backing.subarray(4, 16) });
    const pixel = dicomParser.parseDicom(bytes).elements.x7fe00010!;
    const samples = new Uint16Array(bytes.slice(pixel.dataOffset, pixel.dataOffset + pixel.length).buffer);
    expect([...samples]).toEqual(Array.from({ length: 12 }, (_, i) => i + 4));
  });

  it('writes implicit VR little endian on request', () => {
    const bytes = writePart10(sample(), { transferSyntaxUid: IMPLICIT_VR_LITTLE_ENDIAN });
    const parsed = dicomParser.parseDicom(bytes);
    expect(parsed.string('x00020010')).toBe(IMPLICIT_VR_LITTLE_ENDIAN);
    expect(parsed.string('x00100020')).toBe('CASE-1');
    expect(parsed.elements.x7fe00010?.length).toBe(24);
  });

  it('is byte-for-byte deterministic and leaves its input alone', () => {
    const input = sample();
    const snapshot = { ...input };
    expect(writePart10(input)).toEqual(writePart10(sample()));
    expect(input).toEqual(snapshot);
    expect('_vrMap' in input).toBe(false);
  });

  it('rejects compressed syntaxes, unknown keywords, meta keywords and missing UIDs', () => {
    expect(() => writePart10(sample(), { transferSyntaxUid: '1.2.840.10008.1.2.4.50' })).toThrow(
      /transfer syntax/,
    );
    expect(() => writePart10({ ...sample(), PatientNmae: 'x' })).toThrow(/Unknown DICOM keyword/);
    expect(() => writePart10({ ...sample(), TransferSyntaxUID: '1.2' })).toThrow(/file meta/);
    expect(() => writePart10({ ...sample(), SOPInstanceUID: undefined })).toThrow(/SOPInstanceUID/);
    expect(() => writePart10({ ...sample(), SOPClassUID: '1.02' })).toThrow(/SOPClassUID/);
  });
});
