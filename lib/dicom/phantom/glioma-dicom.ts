import { uidFrom } from '../uid';
import { writePart10 } from '../write-part10';
import {
  brainGliomaPhantom,
  SEQUENCES,
  type GliomaTruth,
  type PhantomOptions,
  type Sequence,
} from './brain-glioma';

/** One Part 10 instance with the identifiers an importer needs without parsing it again. */
export type DicomFile = {
  bytes: Uint8Array;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  seriesDescription: string;
  instanceNumber: number;
};

export type GliomaCaseDicom = { studyInstanceUid: string; files: DicomFile[]; truth: GliomaTruth };

export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
export const DEIDENTIFICATION_METHOD = 'Synthetic phantom, no patient data';
/** 12-bit unsigned samples: the range most MR and mammography archives expect. */
export const MAX_SAMPLE = 4095;

type SeriesSpec = {
  description: string;
  window: [center: number, width: number];
  acquisition: Record<string, unknown>;
};

/** Windows frame the phantom's tissue signals (see brain-glioma SIGNAL) the way a reader would set them. */
const SERIES: Record<Sequence, SeriesSpec> = {
  T1: {
    description: 'AX T1',
    window: [600, 1200],
    acquisition: { ScanningSequence: 'SE', SequenceVariant: 'NONE', RepetitionTime: 500, EchoTime: 10 },
  },
  T1C: {
    description: 'AX T1 POST',
    window: [750, 1500],
    acquisition: {
      ScanningSequence: 'SE',
      SequenceVariant: 'NONE',
      RepetitionTime: 500,
      EchoTime: 10,
      ContrastBolusAgent: 'Gadolinium (simulated)',
    },
  },
  T2: {
    description: 'AX T2',
    window: [1000, 2000],
    acquisition: { ScanningSequence: 'SE', SequenceVariant: 'SK', RepetitionTime: 4000, EchoTime: 100 },
  },
  FLAIR: {
    description: 'AX FLAIR',
    window: [700, 1400],
    acquisition: {
      ScanningSequence: ['SE', 'IR'],
      SequenceVariant: 'SK',
      RepetitionTime: 9000,
      EchoTime: 120,
      InversionTime: 2500,
    },
  },
};

/** A case key becomes PatientID (LO) and PatientName (PN): printable ASCII, no value delimiter, ≤ 64. */
export function checkCaseKey(caseKey: string): void {
  if (!/^[\x21-\x5b\x5d-\x7e](?:[\x20-\x5b\x5d-\x7e]{0,62}[\x21-\x5b\x5d-\x7e])?$/.test(caseKey)) {
    throw new Error(
      `Case key must be 1-64 printable ASCII characters without backslash: ${JSON.stringify(caseKey)}`,
    );
  }
}

/**
 * Patient, study and equipment headers of a synthetic case. The case key is the only identity:
 * every other identifying attribute a modality would fill (birth date, sex, dates, accession,
 * physicians, institution) is empty or absent, and the de-identification flags say so.
 */
export function syntheticCaseHeaders(
  caseKey: string,
  studyInstanceUid: string,
  studyDescription: string,
): Record<string, unknown> {
  checkCaseKey(caseKey);
  return {
    PatientName: caseKey,
    PatientID: caseKey,
    PatientBirthDate: '',
    PatientSex: '',
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: DEIDENTIFICATION_METHOD,
    StudyInstanceUID: studyInstanceUid,
    StudyDate: '',
    StudyTime: '',
    ReferringPhysicianName: '',
    StudyID: '1',
    AccessionNumber: '',
    StudyDescription: studyDescription,
    Manufacturer: 'Annolex',
    ManufacturerModelName: 'Synthetic phantom',
    BurnedInAnnotation: 'NO',
  };
}

/** Options enter the UIDs, so two differently sized phantoms of one case never share an instance UID. */
export function optionsKey(options: object | undefined): string {
  const entries = Object.entries(options ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? 'default' : JSON.stringify(entries);
}

/** Copies samples into a reusable 16-bit buffer, clamped to the stored 12 bits. */
export function clampInto(target: Uint16Array, source: ArrayLike<number>, offset: number): void {
  for (let i = 0; i < target.length; i++) {
    const v = source[offset + i]!;
    target[i] = v < 0 ? 0 : v > MAX_SAMPLE ? MAX_SAMPLE : v;
  }
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0; // + 0 turns -0 into 0

/**
 * A glioma phantom case as DICOM: one axial MR series per sequence, one Part 10 file per slice,
 * all four series co-registered in one frame of reference. Deterministic by (caseKey, seed,
 * phantom options): the same inputs give the same UIDs and the same bytes.
 */
export function gliomaCaseDicom(input: {
  caseKey: string;
  seed: number;
  phantom?: PhantomOptions;
}): GliomaCaseDicom {
  const { caseKey, seed } = input;
  checkCaseKey(caseKey);
  const { series, truth } = brainGliomaPhantom(seed, input.phantom);
  const base = [caseKey, String(seed), optionsKey(input.phantom), 'brain-glioma'];
  const studyInstanceUid = uidFrom(...base, 'study');
  const frameOfReferenceUid = uidFrom(...base, 'frame-of-reference');
  const caseHeaders = syntheticCaseHeaders(caseKey, studyInstanceUid, 'MR BRAIN W/WO (synthetic phantom)');

  const files: DicomFile[] = [];
  SEQUENCES.forEach((sequence, s) => {
    const volume = series[sequence];
    const spec = SERIES[sequence];
    const { columns, rows, slices } = volume;
    const [colMm, rowMm, sliceMm] = volume.spacing;
    const seriesInstanceUid = uidFrom(...base, 'series', sequence);
    const seriesHeaders: Record<string, unknown> = {
      SOPClassUID: MR_IMAGE_STORAGE,
      ...caseHeaders,
      Modality: 'MR',
      SeriesInstanceUID: seriesInstanceUid,
      SeriesNumber: s + 1,
      SeriesDescription: spec.description,
      ProtocolName: spec.description,
      BodyPartExamined: 'BRAIN',
      PatientPosition: 'HFS',
      FrameOfReferenceUID: frameOfReferenceUid,
      PositionReferenceIndicator: '',
      // Simulated, not acquired: DERIVED keeps the phantom from posing as a scan.
      ImageType: ['DERIVED', 'PRIMARY', 'OTHER'],
      MRAcquisitionType: '2D',
      ...spec.acquisition,
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PixelSpacing: [rowMm, colMm],
      SliceThickness: sliceMm,
      SpacingBetweenSlices: sliceMm,
      Rows: rows,
      Columns: columns,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: spec.window[0],
      WindowWidth: spec.window[1],
    };
    const x0 = round4(-(columns * colMm) / 2);
    const y0 = round4(-(rows * rowMm) / 2);
    const frame = columns * rows;
    // One buffer for every slice: writePart10 copies the samples into the file it returns.
    const pixels = new Uint16Array(frame);
    for (let k = 0; k < slices; k++) {
      clampInto(pixels, volume.data, k * frame);
      const z = round4((k - slices / 2) * sliceMm);
      const instanceNumber = k + 1;
      const sopInstanceUid = uidFrom(...base, 'instance', sequence, String(instanceNumber));
      const bytes = writePart10({
        ...seriesHeaders,
        SOPInstanceUID: sopInstanceUid,
        InstanceNumber: instanceNumber,
        ImagePositionPatient: [x0, y0, z],
        SliceLocation: z,
        PixelData: pixels.buffer,
      });
      files.push({
        bytes,
        studyInstanceUid,
        seriesInstanceUid,
        sopInstanceUid,
        seriesDescription: spec.description,
        instanceNumber,
      });
    }
  });
  return { studyInstanceUid, files, truth };
}
