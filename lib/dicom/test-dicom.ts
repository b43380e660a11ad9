// Test support: builds small DICOM files in memory. Not imported by application code.
import { deflateRawSync } from 'node:zlib';
// @ts-expect-error -- dcmjs ships no type declarations; the small part used here is typed below.
import dcmjsUntyped from 'dcmjs';

type Dict = Record<string, { vr: string; Value: unknown[] }>;
type DcmjsData = {
  DicomDict: new (meta: Dict) => { dict: Dict; write(): ArrayBuffer };
  DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Dict };
};
const { DicomDict, DicomMetaDictionary } = (dcmjsUntyped as { data: DcmjsData }).data;

export type TestDicomVariant =
  'explicit-le' | 'implicit-le' | 'big-endian' | 'deflated' | 'preamble-less' | 'jpeg-baseline';

export type TestDicomOptions = {
  variant?: TestDicomVariant;
  /** Put this marker into PHI attributes (names, IDs, institution, descriptions, comments). */
  canary?: string;
  /** Add a private block: creator (0009,0010) and value (0009,1001) carrying the canary. */
  privateTag?: boolean;
  /** Add nested sequences: RequestAttributes, ReferencedStudy, ReferencedImage, ContributingEquipment. */
  nestedSequences?: boolean;
  burnedIn?: boolean;
  rows?: number;
  columns?: number;
  frames?: number;
  /** Declared in the file meta only; the dataset stays encoded as the variant says. */
  transferSyntaxUid?: string;
  /** dcmjs keywords to leave out, e.g. 'SOPInstanceUID' or 'PixelData'. */
  omit?: string[];
  /** Raw pixel value bytes instead of the generated ramp. */
  pixelData?: Uint8Array;
  uids?: Partial<Record<'study' | 'series' | 'sop' | 'frameOfReference' | 'referencedSop', string>>;
  /** Extra dcmjs-naturalized attributes, applied last. */
  attributes?: Record<string, unknown>;
  /** Raw elements by tag ('60003000': { vr, Value }), for groups dcmjs has no keywords for. */
  elements?: Dict;
};

export const TEST_UIDS = {
  study: '2.25.1001',
  series: '2.25.1002',
  sop: '2.25.1003',
  frameOfReference: '2.25.1004',
  referencedSop: '2.25.1005',
} as const;

/** A birth date no test fixture uses elsewhere, so its bytes can be searched for. */
export const TEST_BIRTH_DATE = '19420917';

const SYNTAX: Record<TestDicomVariant, string> = {
  'explicit-le': '1.2.840.10008.1.2.1',
  'implicit-le': '1.2.840.10008.1.2',
  'big-endian': '1.2.840.10008.1.2.2',
  deflated: '1.2.840.10008.1.2.1',
  'preamble-less': '1.2.840.10008.1.2',
  'jpeg-baseline': '1.2.840.10008.1.2.4.50',
};
const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/** 16-bit little-endian ramp, or a stand-in JPEG stream for the encapsulated variant. */
function pixels(rows: number, columns: number, frames: number, variant: TestDicomVariant): Uint8Array {
  if (variant === 'jpeg-baseline') return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
  const out = new Uint8Array(rows * columns * frames * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < rows * columns * frames; i++)
    view.setUint16(i * 2, (i * 37) % 4096, variant !== 'big-endian');
  return out;
}

function dataset(o: TestDicomOptions, variant: TestDicomVariant): Record<string, unknown> {
  const c = o.canary ?? 'TEST';
  const uids = { ...TEST_UIDS, ...o.uids };
  const [rows, columns, frames] = [o.rows ?? 16, o.columns ?? 16, o.frames ?? 1];
  const encapsulated = variant === 'jpeg-baseline';
  const ds: Record<string, unknown> = {
    _vrMap: { PixelData: variant === 'jpeg-baseline' ? 'OB' : 'OW' },
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: MR_IMAGE_STORAGE,
    SOPInstanceUID: uids.sop,
    StudyInstanceUID: uids.study,
    SeriesInstanceUID: uids.series,
    FrameOfReferenceUID: uids.frameOfReference,
    StudyDate: '20240102',
    StudyTime: '101500',
    AccessionNumber: `${c}ACC`,
    Modality: 'MR',
    Manufacturer: 'ACME',
    InstitutionName: `${c} HOSPITAL`,
    InstitutionAddress: `${c} ROAD 1`,
    ReferringPhysicianName: `${c}^REFERRER`,
    StationName: `${c}ST`,
    StudyDescription: `${c} STUDY`,
    SeriesDescription: `${c} SERIES`,
    PerformingPhysicianName: `${c}^PERFORMER`,
    OperatorsName: `${c}^OPERATOR`,
    PatientName: `${c}^PATIENT`,
    PatientID: `${c}-PID`,
    PatientBirthDate: TEST_BIRTH_DATE,
    PatientSex: 'O',
    OtherPatientIDs: `${c}-OTHER`,
    PatientAddress: `${c} STREET 2`,
    PatientComments: `${c} PATIENT COMMENT`,
    DeviceSerialNumber: `${c}-SN`,
    ProtocolName: `${c} PROTOCOL`,
    SliceThickness: 3,
    StudyID: `${c}SID`,
    SeriesNumber: 3,
    InstanceNumber: 7,
    ImagePositionPatient: [-4, -4, 10],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    ImageComments: `${c} IMAGE COMMENT`,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    PixelSpacing: [0.5, 0.5],
    BitsAllocated: encapsulated ? 8 : 16,
    BitsStored: encapsulated ? 8 : 12,
    HighBit: encapsulated ? 7 : 11,
    PixelRepresentation: 0,
    BurnedInAnnotation: o.burnedIn ? 'YES' : 'NO',
    WindowCenter: 2048,
    WindowWidth: 4096,
    PixelData: new Uint8Array(o.pixelData ?? pixels(rows, columns, frames, variant)).buffer,
  };
  if (frames !== 1) ds.NumberOfFrames = frames;
  if (o.nestedSequences) {
    ds.RequestAttributesSequence = [
      { RequestedProcedureID: `${c}RPID`, ScheduledProcedureStepDescription: `${c} SPS` },
    ];
    ds.ReferencedStudySequence = [
      { ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.1', ReferencedSOPInstanceUID: uids.study },
    ];
    ds.ReferencedImageSequence = [
      { ReferencedSOPClassUID: MR_IMAGE_STORAGE, ReferencedSOPInstanceUID: uids.referencedSop },
    ];
    ds.ContributingEquipmentSequence = [
      { Manufacturer: 'ACME', InstitutionName: `${c} NESTED HOSPITAL`, OperatorsName: `${c}^NESTED` },
    ];
  }
  for (const keyword of o.omit ?? []) delete ds[keyword];
  return { ...ds, ...o.attributes };
}

const metaEnd = (file: Uint8Array) => 144 + new DataView(file.buffer, file.byteOffset).getUint32(140, true);

/**
 * A small valid MR image (16×16, 16-bit, explicit VR little endian unless a variant says otherwise),
 * with options to plant PHI canaries, private and nested attributes, or break it in specific ways.
 */
export function makeTestDicom(options: TestDicomOptions = {}): Uint8Array {
  const variant = options.variant ?? 'explicit-le';
  const syntax = SYNTAX[variant];
  const natural = dataset(options, variant);
  const dict = DicomMetaDictionary.denaturalizeDataset(natural);
  const pixel = dict['7FE00010'];
  if (pixel) pixel.vr = variant === 'jpeg-baseline' ? 'OB' : 'OW';
  Object.assign(dict, options.elements);
  if (options.privateTag) {
    dict['00090010'] = { vr: 'LO', Value: ['ACME 1.0'] };
    dict['00091001'] = { vr: 'LO', Value: [`${options.canary ?? 'TEST'} PRIVATE`] };
  }

  const meta = (transferSyntax: string) =>
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: natural.SOPClassUID ?? MR_IMAGE_STORAGE,
      MediaStorageSOPInstanceUID: natural.SOPInstanceUID ?? TEST_UIDS.sop,
      TransferSyntaxUID: transferSyntax,
      ImplementationClassUID: '2.25.1',
    });
  const full = new DicomDict(meta(syntax));
  full.dict = dict;
  const written = new Uint8Array(full.write());
  const body = written.subarray(metaEnd(written));
  if (variant === 'preamble-less') return body.slice();

  const declared = options.transferSyntaxUid ?? (variant === 'deflated' ? '1.2.840.10008.1.2.1.99' : syntax);
  const header = new Uint8Array(new DicomDict(meta(declared)).write());
  const payload = variant === 'deflated' ? deflateRawSync(body) : body;
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

/** Byte offset of the first occurrence of `needle` (ASCII) in `haystack`, or -1. */
export function indexOfAscii(haystack: Uint8Array, needle: string): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, 0, 'latin1');
}
