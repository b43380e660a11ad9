import { parse } from 'csv-parse/sync';

export const CASE_CSV_MAX_ROWS = 10_000;
export const CASE_CSV_MAX_COLUMNS = 200;
export const CASE_KEY_MAX_LENGTH = 128;
export const CASE_LABEL_MAX_LENGTH = 128;

/** Header names accepted for the subject ID (the patient or sample ID used for genomic joins). */
export const SUBJECT_ID_COLUMNS = ['subject_id', 'patient_id', 'sample_id', 'barcode'] as const;

/** A metadata value: text, a plain number, or null for an empty cell (which clears that key). */
export type CaseMetadataValue = string | number | null;

export type CaseCsvRow = {
  /** The line of the file the row ends on (the header is line 1). */
  line: number;
  caseKey: string;
  /** null when the file has no subject ID column or the cell is empty (then a stored ID is kept). */
  subjectId: string | null;
  /** null when not given: a new case is then numbered, an existing one keeps its label. */
  label: string | null;
  /** One entry per metadata column of the file, empty cells as null. */
  metadata: Record<string, CaseMetadataValue>;
};

export type CaseCsvParse =
  { ok: true; rows: CaseCsvRow[]; metadataColumns: string[] } | { ok: false; errors: string[] };

const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A cell as metadata: plain numbers (no leading zeros, no exponent, exact) become numbers, the rest stays text. */
export function metadataValue(raw: string): CaseMetadataValue {
  if (raw === '') return null;
  if (!PLAIN_NUMBER.test(raw)) return raw;
  const n = Number(raw);
  if (!Number.isFinite(n)) return raw;
  if (Number.isInteger(n) && !raw.includes('.') && !Number.isSafeInteger(n)) return raw;
  return n;
}

/**
 * Reads a case mapping CSV: a header row with a required case_key column, an optional
 * subject_id (or patient_id, sample_id, barcode) and label, and any other columns as case
 * metadata. Every problem is reported with its line; nothing partial is returned.
 */
export function parseCaseCsv(text: string): CaseCsvParse {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with the line it ends on.
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    return { ok: false, errors: [`not a readable CSV: ${(error as Error).message}`] };
  }
  const [head, ...body] = records;
  if (!head) return { ok: false, errors: ['the file is empty: it needs a header row with case_key'] };
  const header = head.record;
  const headerLine = head.info.lines;
  if (header.length > CASE_CSV_MAX_COLUMNS)
    return {
      ok: false,
      errors: [`line ${headerLine}: ${header.length} columns; at most ${CASE_CSV_MAX_COLUMNS} are accepted`],
    };
  const dataRows = body.filter((r) => r.record.some((cell) => cell !== ''));
  if (dataRows.length > CASE_CSV_MAX_ROWS)
    return {
      ok: false,
      errors: [`${dataRows.length} rows; at most ${CASE_CSV_MAX_ROWS.toLocaleString('en-US')} are accepted`],
    };

  const errors: string[] = [];
  const names = header.map((h) => h.toLowerCase());
  const seenNames = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') errors.push(`line ${headerLine}: column ${i + 1} has no name`);
    else if (seenNames.has(names[i]!)) errors.push(`line ${headerLine}: the column "${h}" appears twice`);
    seenNames.set(names[i]!, i);
  });
  const keyIndex = names.indexOf('case_key');
  if (keyIndex < 0)
    errors.push(`line ${headerLine}: the CSV needs a case_key column (found ${header.join(',') || 'none'})`);
  const subjectColumns = names
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => (SUBJECT_ID_COLUMNS as readonly string[]).includes(n));
  if (subjectColumns.length > 1)
    errors.push(
      `line ${headerLine}: give the subject ID in one column, not ${subjectColumns.map(({ i }) => header[i]).join(' and ')}`,
    );
  const subjectIndex = subjectColumns[0]?.i ?? -1;
  const labelIndex = names.indexOf('label');
  const metadataIndexes = header
    .map((_, i) => i)
    .filter((i) => i !== keyIndex && i !== labelIndex && !subjectColumns.some((s) => s.i === i));
  if (errors.length) return { ok: false, errors };

  const rows: CaseCsvRow[] = [];
  const keyLines = new Map<string, number>();
  const labelLines = new Map<string, number>();
  for (const { record, info } of dataRows) {
    const line = info.lines;
    if (record.length > header.length) {
      errors.push(`line ${line}: ${record.length} values but the header has ${header.length} columns`);
      continue;
    }
    const cell = (i: number) => (i < 0 ? '' : (record[i] ?? ''));
    const caseKey = cell(keyIndex);
    const label = cell(labelIndex);
    if (caseKey === '') errors.push(`line ${line}: the case_key is empty`);
    else if (caseKey.length > CASE_KEY_MAX_LENGTH)
      errors.push(`line ${line}: the case_key is longer than ${CASE_KEY_MAX_LENGTH} characters`);
    else if (keyLines.has(caseKey))
      errors.push(`line ${line}: the case_key "${caseKey}" is also on line ${keyLines.get(caseKey)}`);
    else keyLines.set(caseKey, line);
    if (label.length > CASE_LABEL_MAX_LENGTH)
      errors.push(`line ${line}: the label is longer than ${CASE_LABEL_MAX_LENGTH} characters`);
    else if (label !== '' && labelLines.has(label))
      errors.push(`line ${line}: the label "${label}" is also on line ${labelLines.get(label)}`);
    else if (label !== '') labelLines.set(label, line);
    rows.push({
      line,
      caseKey,
      subjectId: cell(subjectIndex) || null,
      label: label || null,
      metadata: Object.fromEntries(metadataIndexes.map((i) => [header[i]!, metadataValue(cell(i))])),
    });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, rows, metadataColumns: metadataIndexes.map((i) => header[i]!) };
}
