/** Why an imported file was not added to a study. Order is the order checks run in. */
export const SKIP_REASONS = [
  'not_dicom',
  'truncated',
  'no_pixel_data',
  'unsupported_syntax',
  'invalid_pixel_data',
  'too_large',
  'missing_uid',
  'phi',
  'burned_in',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

/** Short labels for import summaries ("3 skipped: truncated file"). */
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  not_dicom: 'not DICOM',
  truncated: 'truncated file',
  no_pixel_data: 'no pixel data',
  unsupported_syntax: 'unsupported transfer syntax',
  invalid_pixel_data: 'pixel data does not match the declared size',
  too_large: 'dimensions or pixel data over the limits',
  missing_uid: 'missing required UIDs',
  phi: 'carries PHI (study policy: refuse)',
  burned_in: 'declares burned-in annotation',
};

export function isSkipReason(value: unknown): value is SkipReason {
  return typeof value === 'string' && (SKIP_REASONS as readonly string[]).includes(value);
}
