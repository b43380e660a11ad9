import { isSkipReason, type SkipReason } from './skip-reason';

/** A skip the UI and logs may show: the message is fixed per reason and never carries file content. */
export type SafeDicomFailure = { reason: SkipReason; message: string };

const SAFE_MESSAGES: Record<SkipReason, string> = {
  not_dicom: 'The file is not a DICOM file or could not be parsed as one.',
  truncated: 'The file ends before the data it declares.',
  no_pixel_data: 'The file has no pixel data.',
  unsupported_syntax: 'The file uses a transfer syntax that is not supported.',
  invalid_pixel_data: 'The pixel data does not match the image attributes.',
  too_large: 'The image exceeds the size limits for import.',
  missing_uid: 'A required UID (study, series, SOP instance or SOP class) is missing or invalid.',
  phi: 'The file contains identifying data that must be removed first.',
  burned_in: 'The image is flagged as having burned-in annotation.',
};

export const safeFailure = (reason: SkipReason): SafeDicomFailure => ({
  reason,
  message: SAFE_MESSAGES[reason],
});

/** Thrown by this module's own code: carries only a reason, so normalising it is lossless. */
export class DicomSkipError extends Error {
  constructor(readonly reason: SkipReason) {
    super(SAFE_MESSAGES[reason]);
    this.name = 'DicomSkipError';
  }
}

// dicom-parser reports running off the end of the buffer in several wordings, all thrown as strings.
const TRUNCATION = [
  /past end of buffer/i,
  /buffer overr(un|ead)/i,
  /cannot be greater than or equal to 'byteArray' length/i,
  /\beof\b/i,
  /unexpected end of (file|data)/i,
];

/** Text of a parser exception, used only to classify it; never returned. */
function exceptionText(error: unknown, depth = 0): string {
  if (depth > 3 || error === null || error === undefined) return '';
  if (typeof error === 'string') return error;
  if (error instanceof Error) return typeof error.message === 'string' ? error.message : '';
  // dicom-parser wraps dataset errors as { exception, dataSet }; only the exception is looked at.
  if (typeof error === 'object' && 'exception' in error) {
    return exceptionText((error as { exception: unknown }).exception, depth + 1);
  }
  return '';
}

/**
 * Turns anything a parser threw into a reason and a fixed message. The original exception and
 * any dataset attached to it are dropped: they can hold patient names and other file content.
 */
export function normaliseDicomError(error: unknown, fallback: SkipReason = 'not_dicom'): SafeDicomFailure {
  try {
    if (error instanceof DicomSkipError && isSkipReason(error.reason)) return safeFailure(error.reason);
    const text = exceptionText(error);
    if (TRUNCATION.some((pattern) => pattern.test(text))) return safeFailure('truncated');
  } catch {
    // A hostile getter or proxy: classification is best effort, the fallback is always safe.
  }
  return safeFailure(fallback);
}
