import { createHash } from 'node:crypto';

/** DICOM caps a UID at 64 characters (PS3.5 §9.1). */
export const UID_MAX_LENGTH = 64;

/**
 * A deterministic UID under the UUID-derived root 2.25 (PS3.5 §B.2): the decimal value of the first
 * 128 bits of sha256 over the parts. The same parts always give the same UID, so regenerating a
 * synthetic case yields identical studies instead of duplicates in a PACS. Parts are joined by NUL
 * so that ('ab', 'c') and ('a', 'bc') differ.
 */
export function uidFrom(...parts: string[]): string {
  if (parts.length === 0) throw new Error('uidFrom needs at least one part');
  const digest = createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex');
  // BigInt's decimal form never has a leading zero, and 2^128 has 39 digits: at most 44 characters.
  return `2.25.${BigInt(`0x${digest.slice(0, 32)}`).toString(10)}`;
}

/** Whether a string is a syntactically valid DICOM UID. */
export function isValidUid(uid: string): boolean {
  return uid.length <= UID_MAX_LENGTH && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
