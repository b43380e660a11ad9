/**
 * Text made safe for a download's file name: every run of characters other than letters,
 * digits, `_`, `.` and `-` becomes `sep`.
 */
export function fileSafe(text: string, sep = '-'): string {
  return text.replace(/[^\w.-]+/g, sep);
}
