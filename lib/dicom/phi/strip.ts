import { createHmac } from 'node:crypto';
// @ts-expect-error -- dcmjs ships no type declarations; the small part used here is typed below.
import dcmjsUntyped from 'dcmjs';
import { IMPLICIT_LE, loadDicom } from '../inspect';
import { DicomSkipError, normaliseDicomError } from '../safe-error';
import {
  isCurveGroup,
  isOverlayGroup,
  isPrivateGroup,
  profileRuleFor,
  type ProfileAction,
} from './basic-profile';

type DcmElement = { vr: string; Value?: unknown[]; _rawValue?: unknown };
type Dict = Record<string, DcmElement>;
type DcmjsData = {
  DicomDict: new (meta: Dict) => {
    dict: Dict;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  };
  DicomMessage: { readFile(buffer: ArrayBuffer): { meta: Dict; dict: Dict } };
};
const { DicomDict, DicomMessage } = (dcmjsUntyped as { data: DcmjsData }).data;

export type StripOptions = {
  /** Called for every UID the profile replaces; must be deterministic to keep references intact. */
  remapUid: (uid: string) => string;
  /** Written to both Patient ID and Patient's Name. */
  replacementPatientId: string;
};

/**
 * Replacement UIDs for one study: '2.25.' + the first 128 bits of HMAC-SHA256(secret, uid) in
 * decimal. The same UID always maps to the same replacement, so references between files stay
 * valid, and without the secret the original cannot be confirmed by hashing guesses.
 */
export function uidRemapper(secret: string): (uid: string) => string {
  return (uid) => {
    const clean = uid.replace(/[\0 ]+$/, '');
    if (clean === '') return '';
    const digest = createHmac('sha256', secret).update(clean, 'utf8').digest('hex');
    return `2.25.${BigInt(`0x${digest.slice(0, 32)}`).toString(10)}`;
  };
}

const TEXT_VRS = new Set(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
const NUMBER_VRS = new Set(['DS', 'IS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);
const DUMMY_DATES: Record<string, string> = {
  DA: '19000101',
  TM: '000000',
  DT: '19000101000000',
  AS: '000Y',
};

/** A harmless value of the element's VR; VRs without a sensible dummy get zero length. */
function dummy(vr: string): unknown[] {
  if (TEXT_VRS.has(vr)) return ['ANONYMIZED'];
  const date = DUMMY_DATES[vr];
  if (date) return [date];
  return NUMBER_VRS.has(vr) ? [0] : [];
}

type Applied = 'X' | 'Z' | 'D' | 'U' | 'keep';

/**
 * Compound codes resolve to the option that keeps the attribute present (Z or D), since the IOD
 * type is not known here: an empty or dummy value carries no identity either way. C (clean) is
 * treated as D, and U* keeps the sequence while the walk replaces the UIDs inside it.
 */
function resolve(action: ProfileAction, vr: string): Applied {
  const applied: Applied =
    action === 'K' || action === 'X/Z/U*'
      ? 'keep'
      : action === 'X/Z' || action === 'X/Z/D' || action === 'Z/D'
        ? 'Z'
        : action === 'X/D' || action === 'C'
          ? 'D'
          : action;
  // A dummy sequence would need dummy items; an empty one removes the identity just as well.
  return applied === 'D' && vr === 'SQ' ? 'Z' : applied;
}

function transform(dict: Dict, remapUid: (uid: string) => string): Dict {
  const out: Dict = {};
  for (const [rawTag, element] of Object.entries(dict)) {
    const tag = rawTag.toUpperCase();
    const group = parseInt(tag.slice(0, 4), 16);
    // Whole overlay groups go, not just their data: rows, origin and labels describe burned-in marks.
    if (isPrivateGroup(group) || isCurveGroup(group) || isOverlayGroup(group)) continue;
    const rule = profileRuleFor(tag);
    const applied = rule ? resolve(rule.action, element.vr) : 'keep';
    const values = element.Value ?? [];
    if (applied === 'X') continue;
    if (applied === 'Z') out[tag] = { vr: element.vr, Value: [] };
    else if (applied === 'D') out[tag] = { vr: element.vr, Value: dummy(element.vr) };
    else if (applied === 'U') {
      out[tag] = { vr: element.vr, Value: values.map((v) => (typeof v === 'string' ? remapUid(v) : v)) };
    } else if (element.vr === 'SQ') {
      out[tag] = { vr: 'SQ', Value: values.map((item) => transform((item ?? {}) as Dict, remapUid)) };
    } else out[tag] = element;
  }
  return out;
}

const METHOD = 'DICOM PS3.15 Basic Application Level Confidentiality Profile';

function markDeidentified(dict: Dict, replacementPatientId: string): void {
  dict['00100010'] = { vr: 'PN', Value: [replacementPatientId] };
  dict['00100020'] = { vr: 'LO', Value: [replacementPatientId] };
  dict['00120062'] = { vr: 'CS', Value: ['YES'] };
  dict['00120063'] = { vr: 'LO', Value: [METHOD] };
  dict['00120064'] = {
    vr: 'SQ',
    Value: [
      {
        '00080100': { vr: 'SH', Value: ['113100'] },
        '00080102': { vr: 'SH', Value: ['DCM'] },
        '00080104': { vr: 'LO', Value: ['Basic Application Confidentiality Profile'] },
      },
    ],
  };
  // The profile removes or blanks dates, so longitudinal information is gone.
  dict['00280303'] = { vr: 'CS', Value: ['REMOVED'] };
}

/** Meta elements that can name the sending system or carry private data. */
const META_REMOVED = ['00020000', '00020016', '00020017', '00020018', '00020100', '00020102'];

/** The pixel data element's exact bytes (header through end), so it is carried over untouched. */
function pixelElementRange(loaded: ReturnType<typeof loadDicom>): [number, number] | null {
  const pixel = loaded.dataSet.elements.x7fe00010;
  if (!pixel) return null;
  const longVr = pixel.vr === undefined || ['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN'].includes(pixel.vr);
  const start = pixel.dataOffset - (loaded.transferSyntaxUid === IMPLICIT_LE || !longVr ? 8 : 12);
  const bytes = loaded.bytes;
  const tagLe = bytes[start] === 0xe0 && bytes[start + 1] === 0x7f && bytes[start + 2] === 0x10;
  const tagBe = bytes[start] === 0x7f && bytes[start + 1] === 0xe0 && bytes[start + 3] === 0x10;
  if (start < 0 || !(tagLe || tagBe)) throw new DicomSkipError('invalid_pixel_data');
  return [start, Math.min(pixel.dataOffset + pixel.length, bytes.length)];
}

/**
 * Applies the basic profile: profile actions at every nesting depth, private attributes, curves and
 * overlays removed, UIDs replaced through `remapUid` (file meta kept consistent), and the patient
 * identified only by `replacementPatientId`. Transfer syntax and pixel data bytes are unchanged;
 * elements after the pixel data (trailing padding) are dropped. Deflated input comes back explicit
 * little endian, preamble-less input as Part 10. Throws DicomSkipError, never file content.
 */
export function stripPhi(bytes: Uint8Array, options: StripOptions): Uint8Array {
  try {
    const loaded = loadDicom(bytes);
    const range = pixelElementRange(loaded);
    // A fresh copy: a Node Buffer may be a view into a shared pool, and dcmjs reads the whole ArrayBuffer.
    const head = new Uint8Array(loaded.bytes.subarray(0, range ? range[0] : loaded.bytes.length));
    const { meta, dict } = DicomMessage.readFile(head.buffer);

    const stripped = transform(dict, options.remapUid);
    markDeidentified(stripped, options.replacementPatientId);
    for (const tag of META_REMOVED) delete meta[tag];
    const sop = stripped['00080018']?.Value?.[0];
    const metaSop = meta['00020003']?.Value?.[0];
    const newSop =
      typeof sop === 'string' ? sop : typeof metaSop === 'string' ? options.remapUid(metaSop) : null;
    if (newSop) meta['00020003'] = { vr: 'UI', Value: [newSop] };

    const file = new DicomDict(meta);
    file.dict = stripped;
    // Over-long values in the source are carried as they are; validating the source is not this step's job.
    const written = new Uint8Array(file.write({ allowInvalidVRLength: true }));
    if (!range) return written;
    const out = new Uint8Array(written.length + range[1] - range[0]);
    out.set(written);
    out.set(loaded.bytes.subarray(range[0], range[1]), written.length);
    return out;
  } catch (error) {
    throw new DicomSkipError(normaliseDicomError(error).reason);
  }
}
