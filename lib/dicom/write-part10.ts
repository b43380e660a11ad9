// @ts-expect-error -- dcmjs ships no type declarations; the small part used here is typed below.
import dcmjsUntyped from 'dcmjs';
import { isValidUid, uidFrom } from './uid';

type NaturalDataset = Record<string, unknown>;
type DcmjsData = {
  DicomDict: new (meta: NaturalDataset) => {
    dict: NaturalDataset;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer | Uint8Array;
  };
  DicomMetaDictionary: {
    nameMap: Record<string, { tag: string; vr: string } | undefined>;
    denaturalizeDataset(dataset: NaturalDataset): NaturalDataset;
  };
};
const { DicomDict, DicomMetaDictionary } = (dcmjsUntyped as { data: DcmjsData }).data;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
/** Fixed per implementation, as PS3.7 Annex D asks; derived rather than registered under an org root. */
export const IMPLEMENTATION_CLASS_UID = uidFrom('annolex', 'implementation');
export const IMPLEMENTATION_VERSION_NAME = 'ANNOLEX_0_1';

/** Native (uncompressed) syntaxes only: pixel data is written as given, never encoded. */
const SUPPORTED_SYNTAXES = new Set([EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN]);

export type WritePart10Options = { transferSyntaxUid?: string };

/**
 * Writes a dcmjs-naturalized dataset (keyword → value) as a DICOM Part 10 file: 128-byte preamble,
 * "DICM", the file meta group taken from the dataset's SOP class and instance, then the dataset.
 * PixelData is an ArrayBuffer (or typed array) of little-endian 16-bit samples, written as OW.
 * Unknown keywords throw instead of being dropped, so a typo cannot silently lose a header.
 */
export function writePart10(dataset: NaturalDataset, options: WritePart10Options = {}): Uint8Array {
  const transferSyntaxUid = options.transferSyntaxUid ?? EXPLICIT_VR_LITTLE_ENDIAN;
  if (!SUPPORTED_SYNTAXES.has(transferSyntaxUid)) {
    throw new Error(`Unsupported transfer syntax ${transferSyntaxUid}: only native little endian is written`);
  }
  const sopClassUid = requireUid(dataset, 'SOPClassUID');
  const sopInstanceUid = requireUid(dataset, 'SOPInstanceUID');

  const body: NaturalDataset = {};
  for (const [keyword, value] of Object.entries(dataset)) {
    if (keyword === '_meta' || keyword === '_vrMap' || value === undefined) continue;
    const entry = DicomMetaDictionary.nameMap[keyword];
    if (!entry) throw new Error(`Unknown DICOM keyword: ${keyword}`);
    if (entry.tag.startsWith('(0002,')) throw new Error(`${keyword} belongs to the file meta group`);
    body[keyword] = value;
  }
  const vrMap = { ...(dataset._vrMap as Record<string, string> | undefined) };
  if (body.PixelData !== undefined) {
    body.PixelData = asArrayBuffer(body.PixelData);
    vrMap.PixelData ??= 'OW';
  }
  body._vrMap = vrMap;

  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0x00, 0x01]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(body);
  const written = dict.write({ allowInvalidVRLength: false });
  return written instanceof Uint8Array ? written : new Uint8Array(written);
}

function requireUid(dataset: NaturalDataset, keyword: string): string {
  const value = dataset[keyword];
  if (typeof value !== 'string' || !isValidUid(value)) {
    throw new Error(`${keyword} must be a valid UID, got ${String(value)}`);
  }
  return value;
}

function asArrayBuffer(pixels: unknown): ArrayBuffer {
  if (pixels instanceof ArrayBuffer) return pixels;
  if (ArrayBuffer.isView(pixels)) {
    // A view may cover part of a larger buffer; copy exactly its bytes.
    return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength).slice().buffer;
  }
  throw new Error('PixelData must be an ArrayBuffer or a typed array');
}
