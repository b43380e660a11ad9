import { type DataSet } from 'dicom-parser';

/** What the importer keeps from one instance's header; no patient data beyond the two identifiers. */
export type InstanceHeader = {
  patientId: string | null;
  patientName: string | null;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  modality: string | null;
  studyDescription: string | null;
  seriesDescription: string | null;
  seriesNumber: number | null;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  numberOfFrames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  photometricInterpretation: string | null;
  pixelSpacing: [number, number] | null;
  imagerPixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  imagePositionPatient: [number, number, number] | null;
  imageOrientationPatient: number[] | null;
  frameOfReferenceUid: string | null;
  windowCenter: number | null;
  windowWidth: number | null;
  viewPosition: string | null;
  imageLaterality: string | null;
  burnedInAnnotation: boolean;
};

/** The subset of a dicom-parser DataSet read here, so tests can pass plain objects. */
type HeaderSource = Pick<DataSet, 'elements' | 'string' | 'uint16'>;

function text(ds: HeaderSource, tag: string): string | null {
  if (!ds.elements[tag]) return null;
  // Trailing NUL padding survives dicom-parser's trim on some writers' UIDs.
  const value = ds.string(tag)?.replace(/\0+$/, '').trim();
  return value ? value : null;
}

/** Every value of a multi-valued DS/IS, or null if any is missing or not a number. */
function numbers(ds: HeaderSource, tag: string): number[] | null {
  const raw = text(ds, tag);
  if (raw === null) return null;
  const values = raw.split('\\').map((part) => (part.trim() === '' ? NaN : Number(part)));
  return values.every(Number.isFinite) ? values : null;
}

const firstNumber = (ds: HeaderSource, tag: string): number | null => numbers(ds, tag)?.[0] ?? null;

function integer(ds: HeaderSource, tag: string): number | null {
  const value = firstNumber(ds, tag);
  return value !== null && Number.isInteger(value) ? value : null;
}

function tuple<N extends 2 | 3>(ds: HeaderSource, tag: string, n: N) {
  const values = numbers(ds, tag);
  type T = N extends 2 ? [number, number] : [number, number, number];
  return values && values.length === n ? (values as T) : null;
}

function unsigned(ds: HeaderSource, tag: string): number | null {
  const element = ds.elements[tag];
  if (!element || element.length < 2) return null;
  return ds.uint16(tag) ?? null;
}

/** Reads the importer's header fields from a parsed dataset; absent required UIDs come back as ''. */
export function readHeader(ds: HeaderSource): InstanceHeader {
  const orientation = numbers(ds, 'x00200037');
  return {
    patientId: text(ds, 'x00100020'),
    patientName: text(ds, 'x00100010'),
    studyInstanceUid: text(ds, 'x0020000d') ?? '',
    seriesInstanceUid: text(ds, 'x0020000e') ?? '',
    sopInstanceUid: text(ds, 'x00080018') ?? '',
    sopClassUid: text(ds, 'x00080016') ?? '',
    transferSyntaxUid: text(ds, 'x00020010') ?? '',
    modality: text(ds, 'x00080060'),
    studyDescription: text(ds, 'x00081030'),
    seriesDescription: text(ds, 'x0008103e'),
    seriesNumber: integer(ds, 'x00200011'),
    instanceNumber: integer(ds, 'x00200013'),
    rows: unsigned(ds, 'x00280010') ?? 0,
    columns: unsigned(ds, 'x00280011') ?? 0,
    // Absent means single-frame; a present but unreadable value is reported as 0 for the caller to reject.
    numberOfFrames: ds.elements.x00280008 ? (integer(ds, 'x00280008') ?? 0) : 1,
    samplesPerPixel: unsigned(ds, 'x00280002') ?? 1,
    bitsAllocated: unsigned(ds, 'x00280100') ?? 0,
    photometricInterpretation: text(ds, 'x00280004'),
    pixelSpacing: tuple(ds, 'x00280030', 2),
    imagerPixelSpacing: tuple(ds, 'x00181164', 2),
    sliceThickness: firstNumber(ds, 'x00180050'),
    imagePositionPatient: tuple(ds, 'x00200032', 3),
    imageOrientationPatient: orientation && orientation.length === 6 ? orientation : null,
    frameOfReferenceUid: text(ds, 'x00200052'),
    windowCenter: firstNumber(ds, 'x00281050'),
    windowWidth: firstNumber(ds, 'x00281051'),
    viewPosition: text(ds, 'x00185101'),
    imageLaterality: text(ds, 'x00200062'),
    burnedInAnnotation: text(ds, 'x00280301')?.toUpperCase() === 'YES',
  };
}
