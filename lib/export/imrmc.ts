/**
 * The iMRMC input file (`.imrmc`) for multi-reader multi-case ROC analysis, as the iMRMC user
 * manual describes it in "4.1.1 Study Raw Data" and "4.1.3 Possible Formatting Errors":
 *
 * - "Study Description can include any information as free text, or no information at all.
 *   iMRMC looks for four lines corresponding to the size of the experiment": N0 (cases without
 *   disease), N1 (cases with disease), NR (readers) and NM (modalities), written `N0: 12`.
 * - "The list of ROC ratings begins with "BEGIN DATA:"", which "must be typed exactly as given".
 * - A score row has four fields in order: reader I.D., case I.D., modality I.D., score. "Do not
 *   use "-1" [as a reader I.D.] as that indicates a row recording the truth state."
 * - A truth row: "-1" (or "truth"), the case I.D., an arbitrary string ("You can use "0""), and
 *   the truth state 0 (no disease) or 1 (disease). "Every case I.D. scored by a reader ... must
 *   have one and only one row recording the truth state."
 * - "Commas with no spaces must be used to separate the four fields."
 *
 * iMRMC finds the N0/N1/NR/NM keys anywhere in a header line and drops all whitespace from the
 * data fields, so Annolex keeps those keys out of the free text and refuses ids holding
 * whitespace or commas (rather than changing them, which could merge two readers or cases).
 */

export type ImrmcScore = { readerId: string; caseId: string; modalityId: string; score: number };
export type ImrmcTruth = { caseId: string; truth: 0 | 1 };
export type ImrmcInput = {
  studyDescription: string;
  rows: Iterable<ImrmcScore>;
  /** Without truth the file carries scores only, and no N0/N1 lines. */
  truth?: Iterable<ImrmcTruth>;
};

export const IMRMC_TRUTH_READER = '-1';
export const IMRMC_TRUTH_MODALITY = '0';
/** Reader ids iMRMC reads as a truth row. */
const TRUTH_FLAGS = new Set(['-1', 'truth']);
const EOL = '\n';

function checkId(kind: string, id: string, where: string): string {
  if (typeof id !== 'string' || id === '') throw new Error(`${where}: the ${kind} id is empty.`);
  if (id.includes(',')) {
    throw new Error(
      `${where}: the ${kind} id ${JSON.stringify(id)} contains a comma, which separates iMRMC fields.`,
    );
  }
  if (/\s/.test(id)) {
    throw new Error(
      `${where}: the ${kind} id ${JSON.stringify(id)} contains whitespace, which iMRMC removes (ids could merge).`,
    );
  }
  return id;
}

/**
 * The free-text study description, made safe for the header: line breaks kept, every header key
 * iMRMC looks for (N0:, N1:, NR:, NM:, BEGIN DATA:) loosened to `N0 :` so it reads as text.
 */
export function imrmcDescriptionLines(description: string): string[] {
  const lines = description
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/(N[01RM]|BEGIN\s+DATA)\s*:/gi, '$1 :').trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.length === 0 || lines.every((l) => l.trim() === '') ? ['Annolex reader study'] : lines;
}

/**
 * An iMRMC input file, one line at a time (each ending in LF): the study description, the
 * experiment size (N0, N1, NR, NM), `BEGIN DATA:`, one truth row per case (`-1,case,0,truth`),
 * then one row per score (`reader,case,modality,score`).
 *
 * The header counts come before the data, so the rows are read once in full before the first
 * line is yielded (a reader study is small: readers × cases × modalities lines).
 *
 * Throws a clear Error for an id that is empty or holds a comma or whitespace, a reader id iMRMC
 * reserves for truth (-1, truth), a score that is not a finite number, a repeated reader, case and
 * modality, a case given truth twice, or (when truth is given) a scored case without truth.
 */
export function* imrmcLines(input: ImrmcInput): Generator<string> {
  const truthByCase = new Map<string, 0 | 1>();
  if (input.truth) {
    let n = 0;
    for (const { caseId, truth } of input.truth) {
      n++;
      const where = `Truth ${n}`;
      checkId('case', caseId, where);
      if (truth !== 0 && truth !== 1) throw new Error(`${where}: truth for case ${caseId} must be 0 or 1.`);
      if (truthByCase.has(caseId)) throw new Error(`${where}: case ${caseId} has truth more than once.`);
      truthByCase.set(caseId, truth);
    }
  }

  const readers = new Set<string>();
  const modalities = new Set<string>();
  const observed = new Set<string>();
  const scoreLines: string[] = [];
  let n = 0;
  for (const { readerId, caseId, modalityId, score } of input.rows) {
    n++;
    const where = `Score ${n}`;
    checkId('reader', readerId, where);
    checkId('case', caseId, where);
    checkId('modality', modalityId, where);
    if (TRUTH_FLAGS.has(readerId.toLowerCase())) {
      throw new Error(
        `${where}: the reader id ${JSON.stringify(readerId)} is reserved by iMRMC for truth rows.`,
      );
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new Error(`${where}: the score of reader ${readerId} for case ${caseId} is not a finite number.`);
    }
    if (input.truth && !truthByCase.has(caseId)) throw new Error(`${where}: case ${caseId} has no truth.`);
    const key = JSON.stringify([readerId, caseId, modalityId]);
    if (observed.has(key)) {
      throw new Error(
        `${where}: reader ${readerId} scored case ${caseId} in modality ${modalityId} more than once.`,
      );
    }
    observed.add(key);
    readers.add(readerId);
    modalities.add(modalityId);
    scoreLines.push(`${readerId},${caseId},${modalityId},${String(score)}${EOL}`);
  }

  for (const line of imrmcDescriptionLines(input.studyDescription)) yield `${line}${EOL}`;
  yield EOL;
  if (input.truth) {
    const truths = [...truthByCase.values()];
    yield `N0: ${truths.filter((t) => t === 0).length}${EOL}`;
    yield `N1: ${truths.filter((t) => t === 1).length}${EOL}`;
  }
  yield `NR: ${readers.size}${EOL}`;
  yield `NM: ${modalities.size}${EOL}`;
  yield EOL;
  yield `BEGIN DATA:${EOL}`;
  for (const [caseId, truth] of truthByCase) {
    yield `${IMRMC_TRUTH_READER},${caseId},${IMRMC_TRUTH_MODALITY},${truth}${EOL}`;
  }
  yield* scoreLines;
}
