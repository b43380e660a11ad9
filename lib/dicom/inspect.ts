import { constants as bufferConstants } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { readHeader, type InstanceHeader } from './header';
import { DicomSkipError, normaliseDicomError, safeFailure } from './safe-error';
import { type SkipReason } from './skip-reason';

export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const EXPLICIT_BE = '1.2.840.10008.1.2.2';
export const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

const NATIVE_SYNTAXES: ReadonlySet<string> = new Set([IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE]);

/** Transfer syntaxes the viewer can decode. Deflated files are inflated to explicit little endian on import. */
export const SUPPORTED_TRANSFER_SYNTAXES = [
  IMPLICIT_LE,
  EXPLICIT_LE,
  EXPLICIT_BE,
  DEFLATED_LE,
  '1.2.840.10008.1.2.5', // RLE lossless
  '1.2.840.10008.1.2.4.50', // JPEG baseline
  '1.2.840.10008.1.2.4.51', // JPEG extended
  '1.2.840.10008.1.2.4.57', // JPEG lossless
  '1.2.840.10008.1.2.4.70', // JPEG lossless, first-order prediction
  '1.2.840.10008.1.2.4.80', // JPEG-LS lossless
  '1.2.840.10008.1.2.4.81', // JPEG-LS near-lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 lossless
  '1.2.840.10008.1.2.4.91', // JPEG 2000
  '1.2.840.10008.1.2.4.201', // HTJ2K lossless
  '1.2.840.10008.1.2.4.202', // HTJ2K lossless RPCL
  '1.2.840.10008.1.2.4.203', // HTJ2K
] as const;

const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_TRANSFER_SYNTAXES);

export type DicomLimits = {
  maxDimension: number;
  maxFrames: number;
  /** Declared size of the decoded pixels: rows × columns × frames × samples × bytes. */
  maxPixelBytes: number;
  /** Cap on a deflated dataset's inflated size, so a small file cannot expand without bound. */
  maxUncompressedBytes: number;
};

export const DEFAULT_DICOM_LIMITS: Readonly<DicomLimits> = {
  maxDimension: 8192,
  maxFrames: 2000,
  maxPixelBytes: 512 * 1024 * 1024,
  maxUncompressedBytes: 576 * 1024 * 1024,
};

export type InspectResult =
  | { ok: true; header: InstanceHeader; bytes: Uint8Array }
  | { ok: false; reason: SkipReason; message: string };

/** Parsed, Part 10, non-deflated bytes: what the rest of the import works on. */
export type LoadedDicom = { bytes: Uint8Array; dataSet: DataSet; transferSyntaxUid: string };

// Identifies this importer in file meta it writes (preamble-less files, inflated files).
const IMPLEMENTATION_CLASS_UID = '2.25.74569701762413904391898119340536692369';
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ALL_VRS = new Set([
  ...LONG_VRS,
  ...['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST'],
  ...['TM', 'UI', 'UL', 'US'],
]);
const UID = /^[0-9]+(\.[0-9]+)*$/;

type MetaElement = { tag: number; vr: string; value: Uint8Array };

const ascii = (s: string) => new TextEncoder().encode(s);
const cleanUid = (s: string | undefined) => (s ?? '').replace(/[\0 ]+$/, '');

/** One explicit-VR little-endian element, padded to even length as the standard requires. */
function encodeElement({ tag, vr, value }: MetaElement): Uint8Array {
  const length = value.length + (value.length % 2);
  const long = LONG_VRS.has(vr);
  if (!long && length > 0xffff) throw new DicomSkipError('not_dicom');
  const head = long ? 12 : 8;
  const out = new Uint8Array(head + length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  // dicom-parser decodes VRs byte for byte; write them back the same way, whatever they contain.
  out[4] = vr.charCodeAt(0) & 0xff;
  out[5] = vr.charCodeAt(1) & 0xff;
  if (long) view.setUint32(8, length, true);
  else view.setUint16(6, length, true);
  out.set(value, head);
  if (length > value.length) out[head + value.length] = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
  return out;
}

/** Preamble, 'DICM', file meta with a recomputed group length, then the dataset bytes. */
function part10(meta: MetaElement[], body: Uint8Array): Uint8Array {
  const elements = meta
    .filter((e) => e.tag !== 0x00020000)
    .sort((a, b) => a.tag - b.tag)
    .map(encodeElement);
  const metaLength = elements.reduce((n, e) => n + e.length, 0);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaLength, true);
  const parts = [
    new Uint8Array(128),
    ascii('DICM'),
    encodeElement({ tag: 0x00020000, vr: 'UL', value: groupLength }),
  ];
  const out = new Uint8Array(132 + 12 + metaLength + body.length);
  let at = 0;
  for (const part of [...parts, ...elements, body]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function inflate(body: Uint8Array, cap: number): Uint8Array {
  try {
    return inflateRawSync(body, { maxOutputLength: Math.max(1, Math.min(cap, bufferConstants.MAX_LENGTH)) });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new DicomSkipError('too_large');
    throw new DicomSkipError(code === 'Z_BUF_ERROR' ? 'truncated' : 'not_dicom');
  }
}

/** Validates the file meta; inflates deflated datasets and rewrites irregular meta. */
function normalisePart10(bytes: Uint8Array, limits: DicomLimits): { bytes: Uint8Array; syntax: string } {
  const meta = dicomParser.readPart10Header(bytes) as DataSet & { position: number };
  const tsElement = meta.elements.x00020010;
  if (!tsElement) throw new DicomSkipError('not_dicom');
  if (tsElement.dataOffset + tsElement.length > bytes.length) throw new DicomSkipError('truncated');
  const raw = dicomParser.readFixedString(bytes, tsElement.dataOffset, tsElement.length);
  const declared = cleanUid(raw);
  if (!SUPPORTED.has(declared)) throw new DicomSkipError('unsupported_syntax');
  // Rewritten when deflated, when the UID is space-padded (dicom-parser would misread the syntax),
  // or when the group length is missing (dcmjs, used for stripping, requires it).
  const clean = declared !== DEFLATED_LE && raw === declared && meta.elements.x00020000;
  if (clean) return { bytes, syntax: declared };

  const syntax = declared === DEFLATED_LE ? EXPLICIT_LE : declared;
  const elements: MetaElement[] = Object.values(meta.elements).map((e) => {
    if (e.dataOffset + e.length > bytes.length) throw new DicomSkipError('truncated');
    const tag = parseInt(e.tag.slice(1), 16);
    const value = tag === 0x00020010 ? ascii(syntax) : bytes.subarray(e.dataOffset, e.dataOffset + e.length);
    return { tag, vr: e.vr ?? 'UN', value };
  });
  const rest = bytes.subarray(Math.min(meta.position, bytes.length));
  const body = declared === DEFLATED_LE ? inflate(rest, limits.maxUncompressedBytes) : rest;
  return { bytes: part10(elements, body), syntax };
}

/**
 * A file without the 128-byte preamble: accepted only if it starts like a dataset (group 0008) and
 * parses with SOP class and instance UIDs. Wrapped in a Part 10 header so later steps see one layout.
 */
function wrapPreambleless(bytes: Uint8Array): { bytes: Uint8Array; syntax: string } {
  if (bytes.length < 8) throw new DicomSkipError('not_dicom');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) !== 0x0008) throw new DicomSkipError('not_dicom');
  // Implicit VR is what preamble-less writers produce; explicit VR shows up as a VR where a length would be.
  const syntax = ALL_VRS.has(String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0)) ? EXPLICIT_LE : IMPLICIT_LE;
  let sopClass = '';
  let sopInstance = '';
  try {
    const ds = dicomParser.parseDicom(bytes, { TransferSyntaxUID: syntax });
    sopClass = cleanUid(ds.string('x00080016'));
    sopInstance = cleanUid(ds.string('x00080018'));
  } catch {
    // Anything short of a readable dataset with SOP UIDs is not recognisable as DICOM.
  }
  if (!UID.test(sopClass) || !UID.test(sopInstance)) throw new DicomSkipError('not_dicom');
  const meta: MetaElement[] = [
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: ascii(sopClass) },
    { tag: 0x00020003, vr: 'UI', value: ascii(sopInstance) },
    { tag: 0x00020010, vr: 'UI', value: ascii(syntax) },
    { tag: 0x00020012, vr: 'UI', value: ascii(IMPLEMENTATION_CLASS_UID) },
  ];
  return { bytes: part10(meta, bytes), syntax };
}

/** Whether any element or pixel fragment claims more bytes than the file holds. */
function isTruncated(ds: DataSet): boolean {
  if (ds.warnings.some((w) => /\beof\b|missing sequence delimiter/i.test(w))) return true;
  const size = ds.byteArray.length;
  return Object.values(ds.elements).some(
    (e) =>
      (!e.hadUndefinedLength && e.dataOffset + e.length > size) ||
      (e.fragments ?? []).some((f) => f.position + f.length > size),
  );
}

const hasPrefix = (bytes: Uint8Array) =>
  bytes.length >= 132 &&
  bytes[128] === 0x44 &&
  bytes[129] === 0x49 &&
  bytes[130] === 0x43 &&
  bytes[131] === 0x4d;

/**
 * Parses a file into Part 10, non-deflated form. Throws DicomSkipError or a raw parser exception;
 * callers pass the latter through normaliseDicomError.
 */
export function loadDicom(input: Uint8Array, limits: DicomLimits = DEFAULT_DICOM_LIMITS): LoadedDicom {
  const { bytes, syntax } = hasPrefix(input) ? normalisePart10(input, limits) : wrapPreambleless(input);
  const dataSet = dicomParser.parseDicom(bytes);
  if (isTruncated(dataSet)) throw new DicomSkipError('truncated');
  return { bytes, dataSet, transferSyntaxUid: syntax };
}

/** Pixel bytes the header declares once decoded. */
export function declaredPixelBytes(h: InstanceHeader): number {
  const pixels = h.rows * h.columns * h.numberOfFrames;
  // YBR_*_422 in a native syntax stores two samples per pixel, not three.
  const samples = /^YBR_(FULL|PARTIAL)_422$/.test(h.photometricInterpretation ?? '') ? 2 : h.samplesPerPixel;
  return h.bitsAllocated === 1 ? Math.ceil((pixels * samples) / 8) : pixels * samples * (h.bitsAllocated / 8);
}

function imageProblem(h: InstanceHeader, pixel: Element, limits: DicomLimits): SkipReason | null {
  if (h.rows < 1 || h.columns < 1 || h.numberOfFrames < 1) return 'invalid_pixel_data';
  if (h.rows > limits.maxDimension || h.columns > limits.maxDimension) return 'too_large';
  if (h.numberOfFrames > limits.maxFrames) return 'too_large';
  if (h.samplesPerPixel !== 1 && h.samplesPerPixel !== 3) return 'invalid_pixel_data';
  if (![1, 8, 16, 32].includes(h.bitsAllocated)) return 'invalid_pixel_data';
  const expected = declaredPixelBytes(h);
  if (expected > limits.maxPixelBytes) return 'too_large';
  if (NATIVE_SYNTAXES.has(h.transferSyntaxUid)) {
    if (pixel.hadUndefinedLength || pixel.encapsulatedPixelData) return 'invalid_pixel_data';
    const padded = expected % 2 === 1 && pixel.length === expected + 1;
    return pixel.length === expected || padded ? null : 'invalid_pixel_data';
  }
  const fragments = pixel.fragments?.length ?? 0;
  return pixel.encapsulatedPixelData && pixel.hadUndefinedLength && fragments > 0
    ? null
    : 'invalid_pixel_data';
}

function resolveLimits(limits: Partial<DicomLimits> | undefined): DicomLimits {
  const resolved = { ...DEFAULT_DICOM_LIMITS };
  for (const key of Object.keys(resolved) as (keyof DicomLimits)[]) {
    const value = limits?.[key];
    if (typeof value === 'number' && value >= 0) resolved[key] = value;
  }
  return resolved;
}

const validUid = (uid: string) => uid.length <= 64 && UID.test(uid);

/**
 * Decides whether one file can be imported: structure, UIDs, pixel data and size limits.
 * Never throws; failures carry a fixed message free of file content.
 */
export function inspectDicom(input: Uint8Array, limits?: Partial<DicomLimits>): InspectResult {
  const resolved = resolveLimits(limits);
  try {
    const { bytes, dataSet, transferSyntaxUid } = loadDicom(input, resolved);
    const header = { ...readHeader(dataSet), transferSyntaxUid };
    const uids = [
      header.studyInstanceUid,
      header.seriesInstanceUid,
      header.sopInstanceUid,
      header.sopClassUid,
    ];
    if (!uids.every(validUid)) return { ok: false, ...safeFailure('missing_uid') };
    const pixel = dataSet.elements.x7fe00010;
    if (!pixel) return { ok: false, ...safeFailure('no_pixel_data') };
    const problem = imageProblem(header, pixel, resolved);
    return problem ? { ok: false, ...safeFailure(problem) } : { ok: true, header, bytes };
  } catch (error) {
    return { ok: false, ...normaliseDicomError(error) };
  }
}
