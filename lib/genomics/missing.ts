/**
 * Cells that mean "no value" in genomic and clinical tables: R and pandas (NA, NaN), spreadsheets
 * (#N/A), VCF and MAF ('.'), the GDC ('--, not reported) and the TCGA Biospecimen Core Resource
 * ([Not Available], [Unknown], …). Compared after trimming, ignoring case.
 *
 * Deliberately not missing: a bare "Unknown" or "None" (often a real category, e.g. "unknown
 * primary", "no invasion"), and '-' (often "negative", as in ER +/-).
 */
export const MISSING_TOKENS: readonly string[] = [
  '',
  'NA',
  'N/A',
  'N.A.',
  '#N/A',
  'NaN',
  'null',
  'NULL',
  '.',
  '--',
  "'--",
  'not reported',
  'not available',
  '[Not Available]',
  '[Not Applicable]',
  '[Unknown]',
  '[Not Evaluated]',
  '[Discrepancy]',
  '[Not Reported]',
  '[Not Requested]',
  '[Pending]',
];

const MISSING = new Set(MISSING_TOKENS.map((token) => token.toLowerCase()));

/** Whether a cell holds no value: null, blank, or one of MISSING_TOKENS (any case). */
export function isMissing(text: string | null | undefined): boolean {
  if (text == null) return true;
  return MISSING.has(text.trim().toLowerCase());
}

/** A cell as a genomic value: trimmed text, or null when missing. */
export function cellValue(text: string | null | undefined): string | null {
  if (text == null) return null;
  const trimmed = text.trim();
  return isMissing(trimmed) ? null : trimmed;
}
