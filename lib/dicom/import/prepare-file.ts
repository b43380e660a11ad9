import { createHmac } from 'node:crypto';
import type { InstanceHeader } from '../header';
import { inspectDicom, type DicomLimits } from '../inspect';
import { findPhi, isDeidentified } from '../phi/check';
import { refusingFindings } from '../phi/refuse';
import type { PhiPolicy } from '../phi/policy';
import { stripPhi, uidRemapper } from '../phi/strip';
import { normaliseDicomError } from '../safe-error';
import { groupingValue, type CaseBy, type CaseMap, type ImportSkipReason } from './plan';

export type PrepareOptions = {
  policy: PhiPolicy;
  caseBy: CaseBy;
  map?: CaseMap;
  /** Study-specific secret: pseudonyms and remapped UIDs are stable within the study, unguessable outside it. */
  secret: string;
  limits?: Partial<DicomLimits>;
};

export type PreparedFile =
  | {
      ok: true;
      header: InstanceHeader;
      bytes: Uint8Array;
      caseKey: string;
      subjectId: string | null;
      label: string | null;
      quarantine: 'burned_in' | null;
    }
  | { ok: false; reason: ImportSkipReason; message: string };

/** A pseudonymous case key for stripped data without a case map: stable per patient within the study. */
export function pseudonym(secret: string, value: string): string {
  const digest = createHmac('sha256', secret).update(`case:${value}`).digest('hex');
  return `ANON-${digest.slice(0, 10).toUpperCase()}`;
}

/**
 * One file through the import pipeline, bytes in, decision out: inspect and validate it,
 * find its case, apply the study's PHI policy, and flag declared burned-in annotation.
 * Nothing is stored here, so a file is either wholly accepted or wholly skipped.
 */
export function prepareFile(input: Uint8Array, options: PrepareOptions): PreparedFile {
  const inspected = inspectDicom(input, options.limits);
  if (!inspected.ok) return inspected;
  const key = groupingValue(inspected.header, options.caseBy);
  if (!key) return { ok: false, reason: 'no_case_key', message: `The file has no ${options.caseBy}` };
  const mapped = options.map ? options.map.get(key) : undefined;
  if (options.map && !mapped) {
    return { ok: false, reason: 'not_in_map', message: `Its ${options.caseBy} is not in the case map` };
  }

  let header = inspected.header;
  let bytes = inspected.bytes;
  let caseKey = mapped?.caseKey ?? key;
  let subjectId = mapped ? mapped.subjectId : options.caseBy === 'PatientID' ? key : header.patientId;

  if (options.policy === 'refuse') {
    let found;
    try {
      found = refusingFindings(findPhi(bytes), isDeidentified(bytes));
    } catch (error) {
      return { ok: false, ...normaliseDicomError(error) };
    }
    if (found.length > 0) {
      const names = [...new Set(found.map((f) => f.name))].slice(0, 5).join(', ');
      return { ok: false, reason: 'phi', message: `PHI attributes present: ${names}` };
    }
  } else if (options.policy === 'strip') {
    if (!mapped) caseKey = pseudonym(options.secret, key);
    subjectId = mapped?.subjectId ?? null;
    try {
      bytes = stripPhi(bytes, { remapUid: uidRemapper(options.secret), replacementPatientId: caseKey });
    } catch (error) {
      return { ok: false, ...normaliseDicomError(error) };
    }
    const again = inspectDicom(bytes, options.limits);
    if (!again.ok) return again;
    header = again.header;
  }

  return {
    ok: true,
    header,
    bytes,
    caseKey,
    subjectId,
    label: mapped?.label ?? null,
    quarantine: header.burnedInAnnotation ? 'burned_in' : null,
  };
}
