/**
 * Joins imaging cases to the rows of a genomic table: one pair per subject, by exact identifier,
 * or from a TCGA patient barcode to one of its sample barcodes. Pure: cases and table in, the
 * pairs and what could not be paired out.
 */
import type { GenomicTable } from '@/lib/genomics/types';
import { compareNatural } from '@/lib/genomics/typing';

export type JoinCase = { caseKey: string; subjectId: string | null };

export type JoinMatch = {
  /** The imaging case used for the subject (the first by case key). */
  caseKey: string;
  /** The subject id (or case key) as the imaging side has it. */
  imagingId: string;
  /** The genomic row's id. */
  genomicId: string;
  /** The row's index in `table.rows`. */
  rowIndex: number;
};

export type JoinReport = {
  /** One pair per subject, in case key order. */
  matched: JoinMatch[];
  /** Imaging ids without a genomic row, in case key order; a case without a subject id is listed by its case key. */
  unmatchedImaging: string[];
  /** Genomic ids without an imaging case, in file order (other samples of a matched TCGA patient are not listed). */
  unmatchedGenomic: string[];
  /** The rule that paired them, in words. */
  rule: string;
  notes: string[];
};

export type JoinOptions = {
  /** The imaging side's identifier: the cases' subject ids (default) or their case keys. */
  key?: 'subject_id' | 'case_key';
};

/** A TCGA patient (participant) barcode: TCGA-02-0001. */
export const TCGA_PATIENT_BARCODE = /^TCGA-[A-Z0-9]{2}-[A-Z0-9]{4}$/i;
/** A TCGA sample or aliquot barcode: the patient's, then the sample type (characters 14–15) and more. */
const TCGA_LONGER_BARCODE = /^(TCGA-[A-Z0-9]{2}-[A-Z0-9]{4})-(\d{2})?/i;

/** TCGA sample type codes (characters 14–15 of a sample barcode). */
const SAMPLE_TYPES: Record<number, string> = {
  1: 'primary tumour',
  2: 'recurrent tumour',
  3: 'primary blood-derived cancer',
  5: 'additional new primary',
  6: 'metastatic',
  7: 'additional metastatic',
  10: 'blood-derived normal',
  11: 'solid tissue normal',
  12: 'buccal cell normal',
  14: 'bone marrow normal',
};
/** Codes from 10 on are normal tissue. */
const FIRST_NORMAL_TYPE = 10;
/** Notes of one kind listed one by one; the rest are counted. */
const NOTES_PER_KIND = 10;

/** The sample type code of a TCGA sample barcode (01 for TCGA-02-0001-01A), or null. */
export function tcgaSampleType(barcode: string): number | null {
  const code = TCGA_LONGER_BARCODE.exec(barcode.trim())?.[2];
  return code === undefined ? null : Number(code);
}

function describeType(code: number | null): string {
  if (code === null) return 'sample type unknown';
  const name = SAMPLE_TYPES[code] ?? `sample type ${String(code).padStart(2, '0')}`;
  return code >= FIRST_NORMAL_TYPE ? `${name}: a normal-tissue sample` : name;
}

/** Appends notes, listing the first NOTES_PER_KIND and counting the rest. */
function pushCapped(notes: string[], items: string[], rest: (n: number) => string): void {
  notes.push(...items.slice(0, NOTES_PER_KIND));
  if (items.length > NOTES_PER_KIND) notes.push(rest(items.length - NOTES_PER_KIND));
}

function examples(values: string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`);
  return values.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Pairs imaging cases with genomic rows.
 *
 * - The imaging id is the case's subject id (or its case key with `key: 'case_key'`), trimmed;
 *   cases without one are unmatched. Cases sharing a subject id count once: the first by case
 *   key is used and the others are noted.
 * - Exact match first (after trimming). Otherwise, for a TCGA patient barcode
 *   (TCGA-02-0001), the genomic sample or aliquot barcodes of that patient (first 12
 *   characters, ignoring case): a primary tumour (type 01) is preferred, else the lowest sample
 *   type, then the first in file order; the choice is noted when there are several.
 */
export function joinGenomic(
  cases: readonly JoinCase[],
  table: Pick<GenomicTable, 'idColumn' | 'rows'>,
  options: JoinOptions = {},
): JoinReport {
  const key = options.key ?? 'subject_id';
  const keyName = key === 'case_key' ? 'case key' : 'subject id';
  const notes: string[] = [];

  // Subjects, each with its cases in case key order.
  const sorted = [...cases].sort((a, b) => compareNatural(a.caseKey, b.caseKey));
  const subjects = new Map<string, string[]>();
  const noId: string[] = [];
  const order: ({ id: string } | { caseKey: string })[] = [];
  for (const c of sorted) {
    const id = (key === 'case_key' ? c.caseKey : c.subjectId)?.trim() ?? '';
    if (id === '') {
      noId.push(c.caseKey);
      order.push({ caseKey: c.caseKey });
      continue;
    }
    const keys = subjects.get(id);
    if (keys) keys.push(c.caseKey);
    else {
      subjects.set(id, [c.caseKey]);
      order.push({ id });
    }
  }

  // The genomic side: exact ids, and TCGA sample barcodes by patient.
  const exact = new Map<string, number>();
  const byPatient = new Map<string, number[]>();
  table.rows.forEach((row, index) => {
    const id = row.id.trim();
    if (!exact.has(id)) exact.set(id, index);
    const patient = TCGA_LONGER_BARCODE.exec(id)?.[1]?.toUpperCase();
    if (patient) byPatient.set(patient, [...(byPatient.get(patient) ?? []), index]);
  });

  const matched: JoinMatch[] = [];
  const unmatchedImaging: string[] = [];
  const claimed = new Set<number>();
  const patientsUsed = new Map<string, string>();
  const sampleNotes: string[] = [];
  const sharedNotes: string[] = [];
  const collisionNotes: string[] = [];
  let exactCount = 0;
  let tcgaCount = 0;

  for (const entry of order) {
    if ('caseKey' in entry) {
      unmatchedImaging.push(entry.caseKey);
      continue;
    }
    const id = entry.id;
    const keys = subjects.get(id)!;
    const caseKey = keys[0]!;
    if (keys.length > 1)
      sharedNotes.push(
        `${keyName} ${id} has ${keys.length} cases (${keys.join(', ')}); ${caseKey} is used so the subject counts once.`,
      );

    const exactRow = exact.get(id);
    if (exactRow !== undefined && !claimed.has(exactRow)) {
      claimed.add(exactRow);
      matched.push({ caseKey, imagingId: id, genomicId: table.rows[exactRow]!.id, rowIndex: exactRow });
      exactCount += 1;
      continue;
    }
    const patient = TCGA_PATIENT_BARCODE.test(id) ? id.toUpperCase() : null;
    const candidates = patient ? (byPatient.get(patient) ?? []) : [];
    if (!patient || candidates.length === 0) {
      unmatchedImaging.push(id);
      continue;
    }
    const earlier = patientsUsed.get(patient);
    if (earlier !== undefined) {
      collisionNotes.push(
        `${keyName} ${id} is the same TCGA patient as ${earlier}, which is already paired; it is left out.`,
      );
      unmatchedImaging.push(id);
      continue;
    }
    const ranked = [...candidates].sort(
      (a, b) =>
        (tcgaSampleType(table.rows[a]!.id) ?? Infinity) - (tcgaSampleType(table.rows[b]!.id) ?? Infinity) ||
        a - b,
    );
    const rowIndex = ranked[0]!;
    const genomicId = table.rows[rowIndex]!.id;
    const type = tcgaSampleType(genomicId);
    for (const i of candidates) claimed.add(i);
    patientsUsed.set(patient, id);
    matched.push({ caseKey, imagingId: id, genomicId, rowIndex });
    tcgaCount += 1;
    if (candidates.length > 1)
      sampleNotes.push(
        `${id} has ${candidates.length} samples (${candidates.map((i) => table.rows[i]!.id).join(', ')}); ` +
          `${genomicId} (${describeType(type)}) is used.`,
      );
    else if (type === null || type >= FIRST_NORMAL_TYPE)
      sampleNotes.push(`${id} has one sample, ${genomicId} (${describeType(type)}); it is used.`);
  }

  const unmatchedGenomic = table.rows.filter((_, i) => !claimed.has(i)).map((row) => row.id);

  const exactRule = `${keyName} = ${table.idColumn}, exact`;
  const tcgaRule = `TCGA patient barcode (${keyName}) = first 12 characters of the sample barcode (${table.idColumn})`;
  const rule =
    exactCount && tcgaCount
      ? `${exactRule} (${exactCount}); ${tcgaRule} (${tcgaCount})`
      : exactCount
        ? exactRule
        : tcgaCount
          ? tcgaRule
          : subjects.size
            ? `no match between ${keyName} and ${table.idColumn}`
            : `no match: no case has a ${keyName}`;

  notes.push(
    `${matched.length} of ${subjects.size} ${key === 'case_key' ? 'cases' : 'subjects'} paired with a genomic row; ` +
      `${unmatchedGenomic.length} of ${table.rows.length} genomic rows have no imaging case.`,
  );
  if (noId.length)
    notes.push(
      `${noId.length} case${noId.length === 1 ? ' has' : 's have'} no ${keyName} and cannot be paired: ${noId.slice(0, NOTES_PER_KIND).join(', ')}${noId.length > NOTES_PER_KIND ? ', …' : ''}.`,
    );
  if (matched.length === 0 && subjects.size && table.rows.length) {
    const imagingIds = [...subjects.keys()];
    const genomicIds = table.rows.map((r) => r.id);
    const lower = new Set(genomicIds.map((g) => g.trim().toLowerCase()));
    const caseOnly = imagingIds.filter((i) => lower.has(i.toLowerCase())).length;
    notes.push(
      `No ${keyName} matches a ${table.idColumn}: e.g. ${examples(imagingIds)} against ${examples(genomicIds)}.` +
        (caseOnly
          ? ` ${caseOnly} would match ignoring upper/lower case: correct the ids so they are written alike.`
          : ''),
    );
  }
  pushCapped(
    notes,
    sharedNotes,
    (n) => `… and ${n} more ${key === 'case_key' ? 'case keys' : 'subjects'} with several cases.`,
  );
  pushCapped(notes, sampleNotes, (n) => `… and ${n} more TCGA patients with a sample chosen among several.`);
  pushCapped(notes, collisionNotes, (n) => `… and ${n} more ids naming an already paired TCGA patient.`);

  return { matched, unmatchedImaging, unmatchedGenomic, rule, notes };
}
