/**
 * Reads a genomic or clinical table (CSV or TSV, or a cBioPortal clinical data file) into a
 * GenomicTable: one row per patient or sample, every column but the identifier typed for the
 * association tests. Pure: text in, table out; every problem is reported with its line and
 * nothing partial is returned.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '@/lib/errors';
import { cellValue } from '@/lib/genomics/missing';
import type { GenomicColumn, GenomicRow, GenomicSource, GenomicTable } from '@/lib/genomics/types';
import { type DatatypeHint, inferGenomicType } from '@/lib/genomics/typing';

export const GENOMIC_MAX_COLUMNS = 500;
export const GENOMIC_MAX_ROWS = 100_000;
/** Problems listed in a GenomicTableError's message (all are in `problems`, up to 100). */
const MESSAGE_PROBLEMS = 5;
const KEPT_PROBLEMS = 100;

/** Identifier columns, in order of preference (matched ignoring case). */
export const GENOMIC_ID_COLUMNS = [
  'PATIENT_ID',
  'SAMPLE_ID',
  'patient_id',
  'sample_id',
  'subject_id',
  'case_submitter_id',
  'bcr_patient_barcode',
  'Tumor_Sample_Barcode',
  'barcode',
  'id',
] as const;

/** Identifier columns that name samples rather than patients (matched ignoring case). */
const SAMPLE_ID_COLUMNS = new Set(['sample_id', 'tumor_sample_barcode']);

/** A TCGA sample (or aliquot) barcode: project-TSS-participant-sample type and vial, e.g. TCGA-02-0001-01A. */
export const TCGA_SAMPLE_BARCODE = /^TCGA-[A-Z0-9]{2}-[A-Z0-9]{4}-\d{2}[A-Z]?(?:-|$)/i;

/** cBioPortal's attribute datatypes. */
const DATATYPES = new Set(['STRING', 'NUMBER', 'BOOLEAN']);

/** A genomic file that cannot be read: `problems` lists what is wrong, each with its line where there is one. */
export class GenomicTableError extends AppError {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, MESSAGE_PROBLEMS).join('; ');
    const more = problems.length - MESSAGE_PROBLEMS;
    super('invalid', more > 0 ? `${shown}; and ${more} more problem${more === 1 ? '' : 's'}` : shown, {
      file: problems.slice(0, KEPT_PROBLEMS),
    });
    this.name = 'GenomicTableError';
  }
}

function fail(...problems: string[]): never {
  throw new GenomicTableError(problems);
}

/**
 * The text of an uploaded table, ready to split into lines: BOM stripped, line ends as \n.
 * Refuses text that is not text (a compressed file, a spreadsheet, an image read as UTF-8).
 */
export function normalizeText(text: string, what = 'file'): string {
  const sample = text.slice(0, 8192);
  if (sample.startsWith('PK\u0003\u0004'))
    fail(
      `the ${what} is a ZIP archive or an Excel workbook, not text: save it as CSV or TSV (tab-separated) first`,
    );
  if (sample.startsWith('\u001f\u008b') || sample.startsWith('\u001f\uFFFD'))
    fail(`the ${what} is gzip-compressed: decompress it (e.g. gunzip) and upload the text file`);
  // NUL bytes, or many undecodable bytes or control characters, mean a binary file.
  const odd = sample.match(/[\u0000-\u0008\u000e-\u001f\uFFFD]/g)?.length ?? 0;
  if (sample.includes('\u0000') || odd > Math.max(8, sample.length * 0.05))
    fail(`the ${what} is not text (it holds binary data): upload a CSV or TSV (tab-separated) file`);
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Counts a character outside double-quoted stretches of one line. */
function countOutsideQuotes(line: string, char: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) n += 1;
  }
  return n;
}

/** Tab or comma: whichever the header line uses; the filename extension settles a tie. */
export function detectDelimiter(headerLine: string, filename?: string): '\t' | ',' {
  const extension = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const byName =
    extension === 'csv' ? ',' : ['tsv', 'tab', 'txt', 'maf'].includes(extension ?? '') ? '\t' : null;
  const tabs = countOutsideQuotes(headerLine, '\t');
  const commas = countOutsideQuotes(headerLine, ',');
  if (tabs && !commas) return '\t';
  if (commas && !tabs) return ',';
  if (byName) return byName;
  return tabs >= commas && tabs > 0 ? '\t' : ',';
}

/** The header lines of a cBioPortal clinical file, read from the '#' lines above the column names. */
type CbioportalHeader = {
  displayNames: string[];
  descriptions: string[];
  datatypes: string[];
  /** 1-based line numbers, for messages. */
  lines: { displayNames: number; descriptions: number; datatypes: number };
};

/** Recognises cBioPortal's metadata: at least 4 '#' lines, one of them (after the second) all datatypes. */
function readCbioportalHeader(comments: { text: string; line: number }[]): CbioportalHeader | null {
  if (comments.length < 4) return null;
  const fields = comments.map((c) =>
    c.text
      .replace(/^#/, '')
      .split('\t')
      .map((f) => f.trim()),
  );
  const datatypeIndex = fields.findIndex(
    (f, i) => i >= 2 && f.length > 0 && f.every((value) => DATATYPES.has(value.toUpperCase())),
  );
  if (datatypeIndex < 0) return null;
  return {
    displayNames: fields[0]!,
    descriptions: fields[1]!,
    datatypes: fields[datatypeIndex]!.map((d) => d.toUpperCase()),
    lines: {
      displayNames: comments[0]!.line,
      descriptions: comments[1]!.line,
      datatypes: comments[datatypeIndex]!.line,
    },
  };
}

function listLines(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

function quoteList(values: string[], max = 10): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`);
  return values.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Ids that occur more than once, with their lines. */
function duplicateIds(ids: { id: string; line: number }[]): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const { id, line } of ids) lines.set(id, [...(lines.get(id) ?? []), line]);
  return new Map([...lines].filter(([, l]) => l.length > 1));
}

export type ParseGenomicTableOptions = {
  /** The identifier column; by default the first of GENOMIC_ID_COLUMNS present, else the first column. */
  idColumn?: string;
  /** The uploaded file's name: its extension settles the delimiter when the header does not. */
  filename?: string;
};

/**
 * Reads a CSV or TSV genomic/clinical table, or a cBioPortal clinical data file
 * (data_clinical_patient.txt, data_clinical_sample.txt: four '#' lines of display names,
 * descriptions, datatypes and priorities above the column names).
 *
 * Throws a GenomicTableError (AppError 'invalid') naming every problem and its line.
 */
export function parseGenomicTable(text: string, options: ParseGenomicTableOptions = {}): GenomicTable {
  const normalized = normalizeText(text);
  const notes: string[] = [];

  // Leading blank and '#' lines: cBioPortal's metadata, or comments.
  const comments: { text: string; line: number }[] = [];
  let offset = 0;
  let lineCount = 0;
  while (offset < normalized.length) {
    const end = normalized.indexOf('\n', offset);
    const line = normalized.slice(offset, end < 0 ? normalized.length : end);
    if (line.trim() !== '' && !line.startsWith('#')) break;
    lineCount += 1;
    if (line.startsWith('#')) comments.push({ text: line, line: lineCount });
    offset = end < 0 ? normalized.length : end + 1;
  }
  const body = normalized.slice(offset);
  if (body.trim() === '')
    fail(
      comments.length
        ? `the file has only '#' comment lines: it needs a header row with the column names and one row per patient or sample`
        : 'the file is empty: it needs a header row with the column names and one row per patient or sample',
    );

  const headerText = body.slice(0, body.indexOf('\n') < 0 ? body.length : body.indexOf('\n'));
  const cbioportal = readCbioportalHeader(comments);
  const delimiter = cbioportal ? '\t' : detectDelimiter(headerText, options.filename);
  if (comments.length && !cbioportal)
    notes.push(
      `Skipped ${comments.length} comment line${comments.length === 1 ? '' : 's'} starting with '#'.`,
    );

  type Parsed = { record: string[]; info: { lines: number } };
  let records: Parsed[];
  /** The line the last good record ends on (in `body`), for a quote that is never closed. */
  let lastGoodLine = 0;
  try {
    records = parse(body, {
      delimiter,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      // One record past the limit is enough to know the file is too long.
      to: GENOMIC_MAX_ROWS + 2,
      on_record: (record, context) => {
        lastGoodLine = context.lines;
        return record;
      },
    }) as unknown as Parsed[];
  } catch (error) {
    const kind = delimiter === '\t' ? 'TSV' : 'CSV';
    if ((error as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED') {
      const bodyLines = body.split('\n');
      let start = lastGoodLine;
      while (start < bodyLines.length - 1 && bodyLines[start]!.trim() === '') start += 1;
      fail(
        `line ${start + 1 + lineCount}: the ${kind} cannot be read: a quoted value starting on this line is never closed (a stray " character?)`,
      );
    }
    const lines = (error as { lines?: unknown }).lines;
    const where = typeof lines === 'number' ? `line ${lines + lineCount}: ` : '';
    const code = (error as { code?: unknown }).code;
    if (code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || code === 'CSV_INVALID_CLOSING_QUOTE')
      fail(
        `${where}the ${kind} cannot be read: text follows the closing quote of a quoted value (a quote inside a quoted value is written "")`,
      );
    const reason = (error as Error).message.replace(/ at line \d+/, '');
    fail(`${where}the ${kind} cannot be read (${reason})`);
  }
  const lineOf = (r: Parsed) => r.info.lines + lineCount;

  const [head, ...rest] = records;
  if (!head) fail('the file is empty: it needs a header row with the column names');
  const headerLine = lineOf(head);
  const header = head.record.map((h) => h.trim());
  if (header.length > GENOMIC_MAX_COLUMNS)
    fail(
      `line ${headerLine}: ${header.length.toLocaleString('en-US')} columns; at most ${GENOMIC_MAX_COLUMNS} are accepted (one per variable). ` +
        'A gene-by-sample matrix must first be turned into one row per sample and cut down to the genes to test.',
    );
  if (records.length > GENOMIC_MAX_ROWS + 1)
    fail(
      `more than ${GENOMIC_MAX_ROWS.toLocaleString('en-US')} data rows; at most ${GENOMIC_MAX_ROWS.toLocaleString('en-US')} are accepted (one row per patient or sample)`,
    );

  const problems: string[] = [];
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.toLowerCase();
    if (name === '') problems.push(`line ${headerLine}: column ${i + 1} has no name`);
    else if (seen.has(key))
      problems.push(
        `line ${headerLine}: the column "${name}" appears twice (columns ${seen.get(key)! + 1} and ${i + 1})`,
      );
    else seen.set(key, i);
  });
  if (cbioportal) {
    for (const [what, values, line] of [
      ['display names', cbioportal.displayNames, cbioportal.lines.displayNames],
      ['descriptions', cbioportal.descriptions, cbioportal.lines.descriptions],
      ['datatypes', cbioportal.datatypes, cbioportal.lines.datatypes],
    ] as const)
      if (values.length !== header.length)
        problems.push(
          `line ${line}: the cBioPortal ${what} line has ${values.length} fields but the header (line ${headerLine}) has ${header.length} columns`,
        );
  }
  if (problems.length) fail(...problems);

  const dataRows = rest.filter((r) => r.record.some((cell) => cell.trim() !== ''));
  if (dataRows.length === 0)
    fail(
      `line ${headerLine}: the header is there but no data rows follow: the file needs one row per patient or sample`,
    );
  if (dataRows.length < rest.length)
    notes.push(
      `Skipped ${rest.length - dataRows.length} row${rest.length - dataRows.length === 1 ? '' : 's'} with no values.`,
    );

  for (const { record, info } of dataRows)
    if (record.length !== header.length)
      problems.push(
        `line ${info.lines + lineCount}: ${record.length} values but the header has ${header.length} columns`,
      );
  if (problems.length) fail(...problems);

  const cells = dataRows.map((r) => r.record.map((cell) => cell.trim()));
  const idIndex = chooseIdColumn(header, cells, options.idColumn, headerLine, notes);
  const idColumn = header[idIndex]!;

  const ids = dataRows.map((r, i) => ({
    id: cellValue(cells[i]![idIndex]) ?? '',
    line: lineOf(r),
    raw: cells[i]![idIndex]!,
  }));
  for (const { id, line, raw } of ids)
    if (id === '')
      problems.push(
        `line ${line}: the ${idColumn} is empty${raw === '' ? '' : ` (it reads "${raw}", a missing value)`}`,
      );
  for (const [id, lines] of duplicateIds(ids.filter((x) => x.id !== '')))
    problems.push(`the ${idColumn} "${id}" is on ${listLines(lines)}: each patient or sample needs one row`);
  if (problems.length) fail(...problems);

  const valueIndexes = header.map((_, i) => i).filter((i) => i !== idIndex);
  const rows: GenomicRow[] = ids.map(({ id }, r) => ({
    id,
    values: valueIndexes.map((i) => cellValue(cells[r]![i])),
  }));
  const columns: GenomicColumn[] = valueIndexes.map((i, c) => {
    const values = rows.map((row) => row.values[c]!);
    const datatype = cbioportal?.datatypes[i];
    const hint = datatype && DATATYPES.has(datatype) ? (datatype as DatatypeHint) : undefined;
    const inferred = inferGenomicType(values, hint);
    const label = cbioportal?.displayNames[i] || header[i]!;
    // cBioPortal often repeats the display name as the description.
    const description = cbioportal?.descriptions[i];
    const described = description && description.toLowerCase() !== label.toLowerCase();
    return { id: header[i]!, label, type: inferred, inferred, ...(described ? { description } : {}) };
  });

  const source: GenomicSource = cbioportal ? 'cbioportal_clinical' : 'delimited';
  const idLevel =
    SAMPLE_ID_COLUMNS.has(idColumn.toLowerCase()) || ids.every(({ id }) => TCGA_SAMPLE_BARCODE.test(id))
      ? 'sample'
      : 'patient';
  return { source, idColumn, idLevel, columns, rows, notes };
}

/**
 * The identifier column: the one asked for; else the first of GENOMIC_ID_COLUMNS; else the first
 * column. When the preferred column repeats (a cBioPortal sample file keyed by PATIENT_ID, with
 * several samples for a patient) and a later candidate is unique, the later one is used.
 */
function chooseIdColumn(
  header: string[],
  cells: string[][],
  requested: string | undefined,
  headerLine: number,
  notes: string[],
): number {
  const lower = header.map((h) => h.toLowerCase());
  if (requested !== undefined) {
    const wanted = requested.trim();
    const index = header.indexOf(wanted) >= 0 ? header.indexOf(wanted) : lower.indexOf(wanted.toLowerCase());
    if (index < 0)
      fail(
        `line ${headerLine}: there is no column "${wanted}" for the identifiers (columns: ${quoteList(header)})`,
      );
    return index;
  }
  const candidates = [...new Set(GENOMIC_ID_COLUMNS.map((name) => lower.indexOf(name.toLowerCase())))].filter(
    (i) => i >= 0,
  );
  if (candidates.length === 0) return 0;
  const unique = (i: number) => {
    const values = cells.map((row) => cellValue(row[i])).filter((v) => v !== null);
    return new Set(values).size === values.length;
  };
  const first = candidates[0]!;
  if (unique(first)) return first;
  const alternative = candidates.slice(1).find(unique);
  if (alternative === undefined) return first;
  notes.push(
    `${header[first]} repeats (a patient with several samples?), so rows are identified by ${header[alternative]}.`,
  );
  return alternative;
}
