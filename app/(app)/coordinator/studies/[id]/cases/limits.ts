/** Server actions take at most 1 MB of form data, so a case mapping CSV is limited to that. */
export const CASE_CSV_MAX_BYTES = 1_000_000;

/** How many problems of a refused file are listed. */
export const CASE_CSV_MAX_LISTED = 50;
