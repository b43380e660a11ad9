import type { PhiFinding } from './check';

/** Tags a de-identification process keeps as pseudonyms: Patient's Name and Patient ID. */
const PSEUDONYMS = new Set(['00100010', '00100020']);

/**
 * The findings that make the `refuse` policy refuse a file. UIDs (action U) are not identity
 * by themselves and every file has them; a file that declares Patient Identity Removed may keep
 * pseudonymous Patient's Name and ID (needed to group it into cases). Everything else counts.
 */
export function refusingFindings(findings: PhiFinding[], declaredDeidentified: boolean): PhiFinding[] {
  return findings.filter((f) => {
    if (f.action === 'U' || f.action === 'K') return false;
    return !(declaredDeidentified && PSEUDONYMS.has(f.tag));
  });
}
