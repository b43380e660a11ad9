import { type DataSet, type Element } from 'dicom-parser';
import { loadDicom } from '../inspect';
import { DicomSkipError, normaliseDicomError } from '../safe-error';
import { profileRuleFor, type ProfileAction } from './basic-profile';

export type PhiFinding = { tag: string; name: string; action: ProfileAction };

/** A value counts as present unless it is empty or only padding (spaces, NULs). */
function hasValue(ds: DataSet, element: Element): boolean {
  if (element.items) return element.items.length > 0;
  if (element.hadUndefinedLength) return true;
  const end = Math.min(element.dataOffset + element.length, ds.byteArray.length);
  for (let i = element.dataOffset; i < end; i++) {
    const byte = ds.byteArray[i];
    if (byte !== 0x00 && byte !== 0x20) return true;
  }
  return false;
}

function walk(ds: DataSet, found: Map<string, PhiFinding>): void {
  for (const element of Object.values(ds.elements)) {
    const rule = profileRuleFor(element.tag);
    if (rule && rule.action !== 'K' && !found.has(rule.tag) && hasValue(ds, element)) {
      found.set(rule.tag, { tag: rule.tag, name: rule.name, action: rule.action });
    }
    for (const item of element.items ?? []) if (item.dataSet) walk(item.dataSet, found);
  }
}

/**
 * Basic-profile attributes present with a non-empty value, at any nesting depth, plus private
 * attributes (name 'private'). One entry per tag. Everything is reported, UIDs included: which
 * findings matter is the caller's policy. Throws DicomSkipError if the file cannot be parsed.
 */
export function findPhi(bytes: Uint8Array): PhiFinding[] {
  let dataSet: DataSet;
  try {
    dataSet = loadDicom(bytes).dataSet;
  } catch (error) {
    throw new DicomSkipError(normaliseDicomError(error).reason);
  }
  const found = new Map<string, PhiFinding>();
  walk(dataSet, found);
  return [...found.values()];
}

type StringSource = { string(tag: string): string | undefined };

/** Whether the file declares itself de-identified: Patient Identity Removed (0012,0062) is YES. */
export function isDeidentified(source: Uint8Array | StringSource): boolean {
  let ds: StringSource;
  try {
    ds = source instanceof Uint8Array ? loadDicom(source).dataSet : source;
    return ds.string('x00120062')?.trim().toUpperCase() === 'YES';
  } catch {
    return false;
  }
}
