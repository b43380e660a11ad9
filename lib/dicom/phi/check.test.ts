import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { DicomSkipError } from '../safe-error';
import { makeTestDicom, type TestDicomVariant } from '../test-dicom';
import { findPhi, isDeidentified } from './check';
import { stripPhi, uidRemapper } from './strip';

const names = (bytes: Uint8Array) => findPhi(bytes).map((f) => f.name);
const canaryFile = (variant?: TestDicomVariant) =>
  makeTestDicom({ variant, canary: 'CANARY', privateTag: true, nestedSequences: true });

describe('findPhi', () => {
  it('lists the planted PHI attributes, nested and private ones included', () => {
    const found = findPhi(canaryFile());
    const byName = new Map(found.map((f) => [f.name, f]));
    for (const name of [
      "Patient's Name",
      'Patient ID',
      "Patient's Birth Date",
      'Other Patient IDs',
      "Patient's Address",
      'Institution Name',
      'Institution Address',
      "Referring Physician's Name",
      "Operators' Name",
      "Performing Physician's Name",
      'Study Description',
      'Series Description',
      'Accession Number',
      'Station Name',
      'Device Serial Number',
      'Image Comments',
      'Patient Comments',
      'Request Attributes Sequence',
      'Requested Procedure ID',
      'Scheduled Procedure Step Description',
      'Referenced Image Sequence',
      'Referenced SOP Instance UID',
      'Study Instance UID',
      'private',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.get('private')?.tag).toMatch(/^0009/);
    expect(byName.get('Study Instance UID')).toEqual({
      tag: '0020000D',
      name: 'Study Instance UID',
      action: 'U',
    });
    expect(new Set(found.map((f) => f.tag)).size).toBe(found.length);
  });

  it('finds attributes that occur only inside a sequence item', () => {
    const bytes = makeTestDicom({ nestedSequences: true, omit: ['InstitutionName', 'OperatorsName'] });
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.elements.x00080080).toBeUndefined();
    expect(names(bytes)).toEqual(expect.arrayContaining(['Institution Name', "Operators' Name"]));
  });

  it('ignores empty and padding-only values', () => {
    const bytes = makeTestDicom({ attributes: { PatientComments: '', AccessionNumber: '  ' } });
    expect(names(bytes)).not.toContain('Patient Comments');
    expect(names(bytes)).not.toContain('Accession Number');
    expect(names(bytes)).toContain("Patient's Name");
  });

  it.each<TestDicomVariant>(['implicit-le', 'big-endian', 'deflated', 'preamble-less', 'jpeg-baseline'])(
    'finds the same attributes in %s files',
    (variant) => {
      const expected = names(canaryFile()).sort();
      const actual = names(canaryFile(variant)).sort();
      expect(actual).toEqual(expected);
    },
  );

  it('reports curve and overlay data', () => {
    const bytes = makeTestDicom({
      elements: {
        '60003000': { vr: 'OW', Value: [new Uint8Array(32).fill(1).buffer] },
        '60004000': { vr: 'LT', Value: ['overlay note'] },
      },
    });
    expect(names(bytes)).toEqual(expect.arrayContaining(['Overlay Data', 'Overlay Comments']));
  });

  it('after stripping, reports only replaced identifiers, dummies and UIDs', () => {
    const stripped = stripPhi(canaryFile(), { remapUid: uidRemapper('k'), replacementPatientId: 'ANON-1' });
    const after = findPhi(stripped);
    expect(after.map((f) => f.name)).not.toContain('private');
    const unexpected = after.filter((f) => f.action !== 'U' && !['00100010', '00100020'].includes(f.tag));
    // X/D gives Protocol Name a dummy value; X/Z/U* keeps Referenced Image Sequence with new UIDs inside.
    expect(unexpected.map((f) => f.name).sort()).toEqual(['Protocol Name', 'Referenced Image Sequence']);
  });

  it('throws a fixed-message DicomSkipError for files it cannot parse', () => {
    const junk = new TextEncoder().encode('CANARY '.repeat(100));
    expect(() => findPhi(junk)).toThrow(DicomSkipError);
    try {
      findPhi(junk);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('CANARY');
    }
  });
});

describe('isDeidentified', () => {
  it('reads Patient Identity Removed from bytes or a parsed dataset', () => {
    const original = makeTestDicom();
    const stripped = stripPhi(original, { remapUid: uidRemapper('k'), replacementPatientId: 'P1' });
    expect(isDeidentified(original)).toBe(false);
    expect(isDeidentified(stripped)).toBe(true);
    expect(isDeidentified(dicomParser.parseDicom(stripped))).toBe(true);
    expect(isDeidentified(makeTestDicom({ attributes: { PatientIdentityRemoved: 'NO' } }))).toBe(false);
    expect(isDeidentified(makeTestDicom({ attributes: { PatientIdentityRemoved: 'YES' } }))).toBe(true);
    expect(isDeidentified(new Uint8Array(10))).toBe(false);
  });
});
