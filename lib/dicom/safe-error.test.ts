import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { DicomSkipError, normaliseDicomError, safeFailure } from './safe-error';
import { SKIP_REASONS } from './skip-reason';
import { makeTestDicom } from './test-dicom';

const CANARY = 'CANARY';

describe('normaliseDicomError', () => {
  it('never carries the exception text or an attached dataset', () => {
    const hostile: unknown[] = [
      CANARY,
      new Error(`failed on ${CANARY}`),
      {
        exception: `dicomParser.readFixedString: attempt to read past end of buffer near ${CANARY}`,
        dataSet: { elements: { x00100010: { value: CANARY } }, byteArray: new TextEncoder().encode(CANARY) },
      },
      { exception: new Error(CANARY), dataSet: { warnings: [CANARY] } },
      { message: CANARY, toString: () => CANARY },
      Object.assign(new Error(CANARY), { dataSet: CANARY, cause: CANARY }),
    ];
    for (const error of hostile) {
      const out = normaliseDicomError(error);
      expect(JSON.stringify(out)).not.toContain(CANARY);
      expect(Object.keys(out).sort()).toEqual(['message', 'reason']);
      expect(out).toEqual(safeFailure(out.reason));
    }
  });

  it('recognises the ways dicom-parser reports running out of bytes', () => {
    const messages = [
      'dicomParser.readFixedString: attempt to read past end of buffer',
      'dicomParser:parseDicomDataSetExplicit: buffer overrun',
      'dicomParser.ByteStream.prototype.readByteStream: readByteStream - buffer overread',
      "dicomParser.ByteStream: parameter 'position' cannot be greater than or equal to 'byteArray' length",
      'bigEndianByteArrayParser.readUint16: attempt to read past end of buffer',
    ];
    for (const m of messages) {
      expect(normaliseDicomError(m).reason).toBe('truncated');
      expect(normaliseDicomError({ exception: m, dataSet: {} }).reason).toBe('truncated');
    }
  });

  it('maps a real parser exception on a truncated file, without its dataset', () => {
    const bytes = makeTestDicom({ canary: CANARY }).slice(0, 1000);
    let thrown: unknown;
    try {
      dicomParser.parseDicom(bytes);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeDefined();
    const out = normaliseDicomError(thrown);
    expect(out.reason).toBe('truncated');
    expect(JSON.stringify(out)).not.toContain(CANARY);
  });

  it('uses the fallback for anything unrecognised, and survives hostile objects', () => {
    expect(normaliseDicomError('something odd').reason).toBe('not_dicom');
    expect(normaliseDicomError(undefined, 'invalid_pixel_data').reason).toBe('invalid_pixel_data');
    const trap = new Proxy(
      {},
      {
        has: () => {
          throw new Error(CANARY);
        },
      },
    );
    expect(normaliseDicomError(trap)).toEqual(safeFailure('not_dicom'));
  });

  it('passes DicomSkipError reasons through with the fixed message', () => {
    for (const reason of SKIP_REASONS) {
      const error = new DicomSkipError(reason);
      expect(error.message).toBe(safeFailure(reason).message);
      expect(normaliseDicomError(error)).toEqual(safeFailure(reason));
    }
  });

  it('has a distinct message for every reason', () => {
    const messages = SKIP_REASONS.map((r) => safeFailure(r).message);
    expect(new Set(messages).size).toBe(SKIP_REASONS.length);
  });
});
