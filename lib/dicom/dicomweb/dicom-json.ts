import type { InstanceHeader } from '../header';
import { SERVED_REDACTIONS } from '../redact';
import { isDicomUid } from './paths';

/** DICOM JSON (PS3.18 F.2): tag → { vr, Value: [...] }. */
type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const first = (d: DicomJson, tag: string): unknown => d[tag]?.Value?.[0];
const str = (d: DicomJson, tag: string): string | null => {
  const v = first(d, tag);
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  return null;
};
const num = (d: DicomJson, tag: string): number | null => {
  const v = first(d, tag);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};
const nums = (d: DicomJson, tag: string): number[] | null => {
  const vs = d[tag]?.Value;
  if (!vs?.length) return null;
  const out = vs.map((v) => (typeof v === 'number' ? v : Number(v)));
  return out.every(Number.isFinite) ? out : null;
};

/**
 * The header fields Annolex indexes, from one instance of a WADO-RS metadata response. Returns
 * null for an entry without valid UIDs or image dimensions (it is left out, never guessed).
 */
export function headerFromDicomJson(
  d: DicomJson,
  transferSyntaxUid = '1.2.840.10008.1.2.1',
): InstanceHeader | null {
  const studyInstanceUid = str(d, '0020000D');
  const seriesInstanceUid = str(d, '0020000E');
  const sopInstanceUid = str(d, '00080018');
  const sopClassUid = str(d, '00080016');
  const rows = num(d, '00280010');
  const columns = num(d, '00280011');
  if (![studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid].every(isDicomUid)) return null;
  if (!rows || !columns) return null;
  const pair = (tag: string) => {
    const v = nums(d, tag);
    return v && v.length >= 2 ? ([v[0]!, v[1]!] as [number, number]) : null;
  };
  const ipp = nums(d, '00200032');
  return {
    patientId: null,
    patientName: null,
    studyInstanceUid: studyInstanceUid!,
    seriesInstanceUid: seriesInstanceUid!,
    sopInstanceUid: sopInstanceUid!,
    sopClassUid: sopClassUid!,
    transferSyntaxUid: str(d, '00020010') ?? transferSyntaxUid,
    modality: str(d, '00080060'),
    studyDescription: str(d, '00081030'),
    seriesDescription: str(d, '0008103E'),
    seriesNumber: num(d, '00200011'),
    instanceNumber: num(d, '00200013'),
    rows,
    columns,
    numberOfFrames: num(d, '00280008') ?? 1,
    samplesPerPixel: num(d, '00280002') ?? 1,
    bitsAllocated: num(d, '00280100') ?? 16,
    photometricInterpretation: str(d, '00280004'),
    pixelSpacing: pair('00280030'),
    imagerPixelSpacing: pair('00181164'),
    sliceThickness: num(d, '00180050'),
    imagePositionPatient: ipp && ipp.length === 3 ? [ipp[0]!, ipp[1]!, ipp[2]!] : null,
    imageOrientationPatient: nums(d, '00200037'),
    frameOfReferenceUid: str(d, '00200052'),
    windowCenter: num(d, '00281050'),
    windowWidth: num(d, '00281051'),
    viewPosition: str(d, '00185101'),
    imageLaterality: str(d, '00200062'),
    burnedInAnnotation: str(d, '00280301') === 'YES',
  };
}

/** Patient identity tags removed from metadata before it reaches the browser (as in served files). */
export const METADATA_REDACTIONS: readonly string[] = SERVED_REDACTIONS.map((t) => t.slice(1).toUpperCase());

/** Removes patient identity from DICOM JSON (every instance, every nesting level). */
export function redactDicomJson(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(redactDicomJson);
  if (json === null || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [tag, el] of Object.entries(json as Record<string, unknown>)) {
    if (METADATA_REDACTIONS.includes(tag.toUpperCase())) continue;
    if (el && typeof el === 'object' && (el as { vr?: string }).vr === 'SQ') {
      const value = (el as { Value?: unknown[] }).Value;
      out[tag] = { ...(el as object), Value: value?.map(redactDicomJson) };
    } else out[tag] = el;
  }
  return out;
}
