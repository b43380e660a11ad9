import type { InstanceHeader } from '../header';
import { SKIP_REASON_LABELS, type SkipReason } from '../skip-reason';

/** How files are grouped into cases: by a header field, optionally mapped to case keys by a CSV. */
export type CaseBy = 'PatientID' | 'StudyInstanceUID';

export type CaseMapRow = { caseKey: string; subjectId: string | null; label: string | null };
export type CaseMap = Map<string, CaseMapRow>;

/** Why a file was not imported: the inspector's reasons plus the ones decided while grouping. */
export type ImportSkipReason = SkipReason | 'not_in_map' | 'no_case_key' | 'symlink';

export const IMPORT_SKIP_LABELS: Record<ImportSkipReason, string> = {
  ...SKIP_REASON_LABELS,
  not_in_map: 'not listed in the case map',
  no_case_key: 'no value to group by',
  symlink: 'symbolic link (not followed)',
};

export type ImportSummary = {
  files: number;
  imported: number;
  duplicates: number;
  quarantined: number;
  skipped: Partial<Record<ImportSkipReason, number>>;
  cases: { created: number; matched: number };
  series: number;
  bytes: number;
};

export function emptySummary(): ImportSummary {
  return {
    files: 0,
    imported: 0,
    duplicates: 0,
    quarantined: 0,
    skipped: {},
    cases: { created: 0, matched: 0 },
    series: 0,
    bytes: 0,
  };
}

export function countSkip(summary: ImportSummary, reason: ImportSkipReason): void {
  summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
}

/** The value a file is grouped by, before any de-identification touches it. */
export function groupingValue(header: InstanceHeader, caseBy: CaseBy): string | null {
  const raw = caseBy === 'PatientID' ? header.patientId : header.studyInstanceUid;
  const value = raw?.trim();
  return value ? value : null;
}

/**
 * Position of a slice along its normal (mm): the dot product of ImagePositionPatient with the
 * cross product of the orientation's row and column vectors. Stacks sort by it, and fall back
 * to the instance number where a file has no geometry (projection images).
 */
export function slicePosition(header: InstanceHeader): number | null {
  const p = header.imagePositionPatient;
  const o = header.imageOrientationPatient;
  if (!p || !o || o.length !== 6) return header.instanceNumber;
  const [r0, r1, r2, c0, c1, c2] = o as [number, number, number, number, number, number];
  const n = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0] as const;
  return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
}

/** A case label readers see: never derived from patient identity. */
export function caseLabel(ordinal: number): string {
  return `Case ${String(ordinal).padStart(2, '0')}`;
}

/** Parses a case map CSV's rows (already split into records) into the map, with clear errors. */
export function caseMapFromRecords(records: Record<string, string>[]): CaseMap {
  const map: CaseMap = new Map();
  records.forEach((r, i) => {
    const line = i + 2;
    const key = r.key?.trim();
    const caseKey = r.case_key?.trim();
    if (!key || !caseKey) throw new Error(`case map line ${line}: needs the columns key and case_key`);
    if (map.has(key)) throw new Error(`case map line ${line}: the key appears twice`);
    map.set(key, { caseKey, subjectId: r.subject_id?.trim() || null, label: r.label?.trim() || null });
  });
  return map;
}
