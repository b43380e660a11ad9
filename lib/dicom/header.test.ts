import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { readHeader } from './header';
import { makeTestDicom, type TestDicomOptions } from './test-dicom';

const header = (options: TestDicomOptions = {}) => readHeader(dicomParser.parseDicom(makeTestDicom(options)));

describe('readHeader', () => {
  it('reads identifiers, geometry and display fields', () => {
    expect(header({ canary: 'X' })).toEqual({
      patientId: 'X-PID',
      patientName: 'X^PATIENT',
      studyInstanceUid: '2.25.1001',
      seriesInstanceUid: '2.25.1002',
      sopInstanceUid: '2.25.1003',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      modality: 'MR',
      studyDescription: 'X STUDY',
      seriesDescription: 'X SERIES',
      seriesNumber: 3,
      instanceNumber: 7,
      rows: 16,
      columns: 16,
      numberOfFrames: 1,
      samplesPerPixel: 1,
      bitsAllocated: 16,
      photometricInterpretation: 'MONOCHROME2',
      pixelSpacing: [0.5, 0.5],
      imagerPixelSpacing: null,
      sliceThickness: 3,
      imagePositionPatient: [-4, -4, 10],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      frameOfReferenceUid: '2.25.1004',
      windowCenter: 2048,
      windowWidth: 4096,
      viewPosition: null,
      imageLaterality: null,
      burnedInAnnotation: false,
    });
  });

  it('reads big-endian and implicit VR files the same way', () => {
    const explicit = header();
    for (const variant of ['big-endian', 'implicit-le'] as const) {
      const { transferSyntaxUid: _, ...rest } = header({ variant });
      const { transferSyntaxUid: __, ...expected } = explicit;
      expect(rest).toEqual(expected);
    }
  });

  it('returns null or defaults for absent and malformed values', () => {
    const h = header({
      omit: ['PatientName', 'StudyDescription', 'SOPInstanceUID', 'SliceThickness'],
      attributes: {
        PixelSpacing: [0.5],
        ImageOrientationPatient: [1, 0, 0, 0, 1],
        WindowCenter: [40, 400],
        WindowWidth: [80, 2000],
        ImagerPixelSpacing: [0.2, 0.3],
        ViewPosition: 'CC',
        ImageLaterality: 'L',
        BurnedInAnnotation: 'yes',
        NumberOfFrames: 4,
      },
    });
    expect(h).toMatchObject({
      patientName: null,
      studyDescription: null,
      sopInstanceUid: '',
      sliceThickness: null,
      pixelSpacing: null,
      imageOrientationPatient: null,
      windowCenter: 40,
      windowWidth: 80,
      imagerPixelSpacing: [0.2, 0.3],
      viewPosition: 'CC',
      imageLaterality: 'L',
      burnedInAnnotation: true,
      numberOfFrames: 4,
    });
  });

  it('reports an unreadable frame count as 0 for the caller to reject', () => {
    expect(header({ attributes: { NumberOfFrames: 'many' } }).numberOfFrames).toBe(0);
  });
});
