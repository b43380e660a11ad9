import type { ColumnType, ExportCell, ExportColumn, ExportRow, ExportTable } from './table';

/**
 * cBioPortal clinical attribute files (data_clinical_patient.txt, data_clinical_sample.txt), as
 * described in cBioPortal's "File Formats" documentation, section "Clinical Data":
 *
 * - Tab-separated. "The first four rows of the clinical data file contain tab-delimited metadata
 *   about the clinical attributes. These rows have to start with a '#' symbol": row 1 display
 *   names, row 2 descriptions, row 3 datatypes ("must be one of: STRING, NUMBER, BOOLEAN"), row 4
 *   priorities ("A number which indicates the importance of each attribute"; 0 hides a chart).
 * - Row 5 holds "the attribute name for the database: This name should be in upper case"; row 6
 *   is the first row of data.
 * - The patient file's required column is PATIENT_ID, "a unique patient ID. This field allows
 *   only numbers, letters, points, underscores and hyphens." The sample file requires PATIENT_ID
 *   and SAMPLE_ID under the same rule (the documentation's example lists PATIENT_ID first;
 *   cBioPortal's study validator does not require an order, and Annolex writes SAMPLE_ID first).
 * - "Banned column names": MUTATION_COUNT and FRACTION_GENOME_ALTERED are filled in by cBioPortal.
 *
 * Points the documentation leaves open follow cBioPortal's study validator (validateData.py):
 * booleans are TRUE or FALSE; a blank cell, NA and the bracketed placeholders such as
 * "[Not Available]" are missing values; metadata cells may not be blank; priorities are integers
 * of at least 0. Annolex writes missing values as blank cells and attribute ids from uppercase
 * letters, digits and underscores only.
 */

export type CbioportalLevel = 'patient' | 'sample';
export type CbioportalOptions = { level: CbioportalLevel };

export const CBIOPORTAL_DATATYPES = ['STRING', 'NUMBER', 'BOOLEAN'] as const;
export type CbioportalDatatype = (typeof CBIOPORTAL_DATATYPES)[number];

export type CbioportalAttribute = {
  /** The table column the attribute is read from. */
  columnId: string;
  /** The attribute id on the fifth header line. */
  attributeId: string;
  displayName: string;
  description: string;
  datatype: CbioportalDatatype;
  priority: number;
};

/** Attribute ids cBioPortal reserves: the two case ids and the banned, computed columns. */
const RESERVED_IDS = ['PATIENT_ID', 'SAMPLE_ID', 'MUTATION_COUNT', 'FRACTION_GENOME_ALTERED'];
const BANNED_IDS = new Set(['MUTATION_COUNT', 'FRACTION_GENOME_ALTERED']);
/** Values cBioPortal reads as missing (compared trimmed and lower-cased). */
const NULL_VALUES = new Set([
  '',
  'na',
  '[not applicable]',
  '[not available]',
  '[pending]',
  '[discrepancy]',
  '[completed]',
  '[null]',
]);
const CASE_ID = /^[A-Za-z0-9._-]+$/;
const ATTRIBUTE_ID = /^[A-Z0-9_]+$/;
const REAL_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DEFAULT_PRIORITY = 1;

const isNull = (value: string) => NULL_VALUES.has(value.trim().toLowerCase());
/** Tabs and line breaks would split a cell or a line: they become spaces. */
const flat = (text: string) => text.replace(/[\t\r\n]+/g, ' ');

export function cbioportalDatatype(type: ColumnType): CbioportalDatatype {
  if (type === 'integer' || type === 'number') return 'NUMBER';
  if (type === 'boolean') return 'BOOLEAN';
  return 'STRING';
}

/**
 * A column id as a cBioPortal attribute id: accents dropped, upper case, every run of other
 * characters an underscore, no leading or trailing underscore (`findings[0].mass_shape` →
 * `FINDINGS_0_MASS_SHAPE`). Not yet unique: see `cbioportalAttributes`.
 */
export function cbioportalAttributeId(columnId: string): string {
  const id = columnId
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return id === '' ? 'ATTRIBUTE' : id;
}

function metadataText(text: string | undefined, fallback: string): string {
  const cleaned = flat(text ?? '').trim();
  return isNull(cleaned) ? fallback : cleaned;
}

function attribute(column: ExportColumn, attributeId: string): CbioportalAttribute {
  // The id itself can read as missing (NA): then the fallback says what it is.
  const displayName = metadataText(
    column.label,
    isNull(attributeId) ? `Attribute ${attributeId}` : attributeId,
  );
  return {
    columnId: column.id,
    attributeId,
    displayName,
    description: metadataText(column.description, displayName),
    datatype:
      attributeId === 'PATIENT_ID' || attributeId === 'SAMPLE_ID'
        ? 'STRING'
        : cbioportalDatatype(column.type),
    priority: DEFAULT_PRIORITY,
  };
}

/**
 * The attributes of a clinical file, in file order: SAMPLE_ID then PATIENT_ID (sample level) or
 * PATIENT_ID (patient level) from the table's `sample_id` and `patient_id` columns, then every
 * other column under a unique attribute id (a clash, or a reserved id, gets `_2`, `_3`, …).
 * Throws when a required id column is missing.
 */
export function cbioportalAttributes(columns: ExportColumn[], level: CbioportalLevel): CbioportalAttribute[] {
  const required = level === 'sample' ? ['sample_id', 'patient_id'] : ['patient_id'];
  const missing = required.filter((id) => !columns.some((c) => c.id === id));
  if (missing.length > 0) {
    throw new Error(
      `A cBioPortal ${level} file needs the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} in the table.`,
    );
  }
  const idColumns = required.map((id) => columns.find((c) => c.id === id)!);
  const used = new Set(RESERVED_IDS);
  const rest = columns
    .filter((c) => !required.includes(c.id))
    .map((column) => {
      const base = cbioportalAttributeId(column.id);
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
      used.add(id);
      return attribute(column, id);
    });
  return [...idColumns.map((column) => attribute(column, column.id.toUpperCase())), ...rest];
}

function valueOf(row: ExportRow, id: string): ExportCell {
  return Object.hasOwn(row, id) ? (row[id] ?? null) : null;
}

function caseIdCell(value: ExportCell, attr: CbioportalAttribute, rowNumber: number): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || text === '') {
    throw new Error(`Row ${rowNumber}: ${attr.attributeId} is missing.`);
  }
  if (!CASE_ID.test(text)) {
    throw new Error(
      `Row ${rowNumber}: ${attr.attributeId} ${JSON.stringify(text)} may contain only letters, digits, points, underscores and hyphens.`,
    );
  }
  return text;
}

function valueCell(value: ExportCell, attr: CbioportalAttribute, rowNumber: number): string {
  if (value === null) return '';
  const wrong = () =>
    new Error(
      `Row ${rowNumber}: ${attr.attributeId} is ${attr.datatype} but holds ${JSON.stringify(value)}.`,
    );
  if (attr.datatype === 'NUMBER') {
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
    if (typeof value === 'string' && (value.trim() === '' || REAL_NUMBER.test(value.trim())))
      return value.trim();
    throw wrong();
  }
  if (attr.datatype === 'BOOLEAN') {
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'string' && /^\s*(true|false)?\s*$/i.test(value)) return value.trim().toUpperCase();
    throw wrong();
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return flat(value);
}

/**
 * A cBioPortal clinical attribute file, one line at a time (each ending in LF): the four `#`
 * metadata lines, the attribute-id line, then one line per row, read as it is yielded. Throws a
 * clear Error for a missing id column, and for a row whose case id is missing, repeated or not
 * made of letters, digits, points, underscores and hyphens, or whose value does not fit its
 * datatype (the file would not load).
 */
export function* cbioportalClinicalLines(
  table: ExportTable,
  { level }: CbioportalOptions,
): Generator<string> {
  const attrs = cbioportalAttributes(table.columns, level);
  const metadata = (pick: (a: CbioportalAttribute) => string | number) =>
    `#${attrs.map((a) => String(pick(a))).join('\t')}\n`;
  yield metadata((a) => a.displayName);
  yield metadata((a) => a.description);
  yield metadata((a) => a.datatype);
  yield metadata((a) => a.priority);
  yield `${attrs.map((a) => a.attributeId).join('\t')}\n`;

  const keyAttr = attrs[0]!; // SAMPLE_ID or PATIENT_ID: one line each
  const seen = new Set<string>();
  let rowNumber = 0;
  for (const row of table.rows) {
    rowNumber++;
    const cells = attrs.map((attr) => {
      const value = valueOf(row, attr.columnId);
      return attr.attributeId === 'PATIENT_ID' || attr.attributeId === 'SAMPLE_ID'
        ? caseIdCell(value, attr, rowNumber)
        : valueCell(value, attr, rowNumber);
    });
    const key = cells[0]!;
    if (seen.has(key))
      throw new Error(`Row ${rowNumber}: ${keyAttr.attributeId} ${key} appears more than once.`);
    seen.add(key);
    yield `${cells.join('\t')}\n`;
  }
}

const METADATA_NAMES = ['display name', 'description', 'datatype', 'priority'] as const;
const MAX_PROBLEMS = 100;

/**
 * Checks a clinical attribute file against the rules above and returns its problems, each naming
 * the line (and column where there is one); an empty list means the file is valid. The level is
 * taken from the options, or else from the header (a SAMPLE_ID column makes a sample file).
 */
export function checkCbioportalClinical(text: string, options: { level?: CbioportalLevel } = {}): string[] {
  const problems: string[] = [];
  const report = (message: string) => problems.push(message);
  if (text.trim() === '') return ['The file is empty.'];

  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();

  let metadataCount = 0;
  while (metadataCount < lines.length && lines[metadataCount]!.startsWith('#')) metadataCount++;
  if (metadataCount !== 4) {
    return [
      `Expected 4 metadata lines starting with '#' (display names, descriptions, datatypes, priorities); found ${metadataCount}.`,
    ];
  }
  const headerLine = lines[4];
  if (headerLine === undefined) return ['Line 5: the attribute-id header line is missing.'];

  const header = headerLine.split('\t');
  const width = header.length;
  const metadata = lines.slice(0, 4).map((l) => l.slice(1).split('\t'));
  const name = (col: number) => header[col] ?? `column ${col + 1}`;

  metadata.forEach((fields, i) => {
    const line = i + 1;
    if (fields.length !== width) {
      report(
        `Line ${line}: ${fields.length} ${METADATA_NAMES[i]} fields, but the header line has ${width} columns.`,
      );
    }
    fields.forEach((value, col) => {
      const where = `Line ${line}, column ${col + 1} (${name(col)})`;
      if (i < 2 && isNull(value)) report(`${where}: the ${METADATA_NAMES[i]} is empty.`);
      if (i === 2 && !(CBIOPORTAL_DATATYPES as readonly string[]).includes(value)) {
        report(`${where}: datatype ${JSON.stringify(value)} must be STRING, NUMBER or BOOLEAN.`);
      }
      if (i === 3 && !/^\d+$/.test(value)) {
        report(`${where}: priority ${JSON.stringify(value)} must be a whole number, 0 or more.`);
      }
    });
  });

  const seenIds = new Set<string>();
  header.forEach((id, col) => {
    const where = `Line 5, column ${col + 1}`;
    if (!ATTRIBUTE_ID.test(id)) {
      report(
        `${where}: attribute id ${JSON.stringify(id)} must use only uppercase letters, digits and underscores.`,
      );
    }
    if (seenIds.has(id)) report(`${where}: attribute id ${id} appears more than once.`);
    seenIds.add(id);
    if (BANNED_IDS.has(id))
      report(`${where}: ${id} is filled in by cBioPortal and may not be in a clinical file.`);
  });

  const level = options.level ?? (header.includes('SAMPLE_ID') ? 'sample' : 'patient');
  if (level === 'patient') {
    if (header[0] !== 'PATIENT_ID') {
      report(`Line 5: a patient file must start with PATIENT_ID; found ${JSON.stringify(header[0])}.`);
    }
    if (header.includes('SAMPLE_ID')) report('Line 5: a patient file has no SAMPLE_ID column.');
  } else {
    const firstTwo = header.slice(0, 2).sort().join(',');
    if (firstTwo !== 'PATIENT_ID,SAMPLE_ID') {
      report(
        `Line 5: a sample file must start with SAMPLE_ID and PATIENT_ID; found ${header
          .slice(0, 2)
          .map((h) => JSON.stringify(h))
          .join(', ')}.`,
      );
    }
  }

  const datatypes = metadata[2]!;
  const keyId = level === 'sample' ? 'SAMPLE_ID' : 'PATIENT_ID';
  const keyCol = header.indexOf(keyId);
  const keys = new Set<string>();
  for (let i = 5; i < lines.length && problems.length <= MAX_PROBLEMS; i++) {
    const line = i + 1;
    const raw = lines[i]!;
    if (raw.startsWith('#')) {
      report(`Line ${line}: only the first 4 lines may start with '#'.`);
      continue;
    }
    const fields = raw.split('\t');
    if (fields.length !== width) {
      report(`Line ${line}: ${fields.length} fields, but the header line has ${width} columns.`);
      continue;
    }
    fields.forEach((value, col) => {
      const where = `Line ${line}, column ${col + 1} (${name(col)})`;
      const id = header[col];
      if (id === 'PATIENT_ID' || id === 'SAMPLE_ID') {
        if (isNull(value)) report(`${where}: the ${id} is missing.`);
        else if (!CASE_ID.test(value)) {
          report(
            `${where}: ${JSON.stringify(value)} may contain only letters, digits, points, underscores and hyphens.`,
          );
        }
        return;
      }
      if (isNull(value)) return;
      const v = value.trim();
      if (datatypes[col] === 'NUMBER' && !REAL_NUMBER.test(v)) {
        report(`${where}: ${JSON.stringify(value)} is not a number.`);
      }
      if (datatypes[col] === 'BOOLEAN' && v !== 'TRUE' && v !== 'FALSE') {
        report(`${where}: ${JSON.stringify(value)} must be TRUE or FALSE.`);
      }
    });
    const key = keyCol >= 0 ? fields[keyCol]! : '';
    if (key !== '' && keys.has(key)) report(`Line ${line}: ${keyId} ${key} appears more than once.`);
    keys.add(key);
  }
  if (problems.length > MAX_PROBLEMS) {
    return [...problems.slice(0, MAX_PROBLEMS), 'More problems follow; fix these first.'];
  }
  return problems;
}
