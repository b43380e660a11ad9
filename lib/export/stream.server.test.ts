import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl, { type Entry } from 'yauzl';
import type { Db } from '@/db/client';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { exportRows, prepareExport } from '@/db/queries/export-data';
import { referenceAnswers } from '@/db/schema';
import { makeTestDb } from '@/db/test-db';
import { checkCbioportalClinical } from './cbioportal';
import { ZExportParams } from './params';
import {
  cbioportalTable,
  exportFileName,
  exportFileType,
  exportStream,
  type ExportStreamOptions,
} from './stream.server';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let caseKeys: string[];

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { lexicon: 'vasari' }).id;
  const readers = [makeUser(db).id, makeUser(db).id];
  for (const id of readers) addMember(db, studyId, id, 'reader');
  caseKeys = [];
  for (let i = 0; i < 30; i++) {
    const c = makeCase(db, studyId);
    caseKeys.push(c.caseKey);
    readers.forEach((readerId, r) => {
      const read = makeRead(db, { studyId, caseId: c.id, readerId, status: 'submitted' });
      makeAnswer(db, read.id, 'F4', ['none', 'mild', 'marked'][(i + r) % 3]);
      makeAnswer(db, read.id, 'F2', 'right');
      makeAnswer(db, read.id, 'F29', 10 + i);
    });
  }
});
afterEach(() => t.close());

async function exported(input: Record<string, unknown>, options: ExportStreamOptions = {}) {
  const params = ZExportParams.parse(input);
  const plan = prepareExport(db, CLI_ACTOR, studyId, params, { now: new Date('2026-02-03T10:00:00Z') });
  const it = exportStream(t.file, plan, params, options);
  const chunks: (string | Uint8Array)[] = [];
  let next = await it.next();
  for (; !next.done; next = await it.next()) chunks.push(next.value);
  const bytes = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  return { plan, params, bytes, text: bytes.toString('utf8'), summary: next.value, chunks };
}

/** The entries of a zip with their text. */
async function unzip(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  const files = new Map<string, string>();
  try {
    for (;;) {
      const entry = await new Promise<Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', reject);
        zip.readEntry();
      });
      if (!entry) break;
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
    }
  } finally {
    zip.close();
  }
  return files;
}

describe('exportStream', () => {
  it('writes CSV and TSV with the row count, in large pieces rather than line by line', async () => {
    const csv = await exported({ layout: 'long', features: 'F4,F29' });
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['study', 'case_key', 'subject_id', 'reader']);
    expect(lines).toHaveLength(1 + 120);
    expect(csv.summary).toEqual({ cases: 30, rows: 120 });
    expect(csv.chunks.length).toBeLessThan(5);
    expect(exportFileName(csv.plan, csv.params)).toMatch(/^study-\d+-\w+-long-20260203\.csv$/);
    expect(exportFileType(csv.params).contentType).toBe('text/csv; charset=utf-8; header=present');
    const tsv = await exported({ format: 'tsv', features: 'F4' });
    expect(tsv.text.split('\r\n')[0]).toBe('subject_id\tcase_key\tn_reads\tF4__reader_01\tF4__reader_02');
    expect(tsv.summary.rows).toBe(30);
  });

  it('writes JSON that parses to the same rows as the table', async () => {
    const json = await exported({ format: 'json', layout: 'long', features: 'F2' });
    const doc = JSON.parse(json.text) as { columns: { id: string }[]; rows: Record<string, unknown>[] };
    expect(doc.columns.map((c) => c.id)).toEqual(json.plan.columns.map((c) => c.id));
    expect(doc.rows).toEqual([...exportRows(t.file, json.plan, json.params)]);
  });

  it('writes Parquet readable back to the same rows, across row groups', async () => {
    const pq = await exported({ format: 'parquet', layout: 'long' }, { parquetRowGroupSize: 50 });
    expect(pq.summary.rows).toBe(180);
    expect(exportFileType(pq.params)).toEqual({
      contentType: 'application/vnd.apache.parquet',
      extension: 'parquet',
    });
    const file = pq.bytes.buffer.slice(pq.bytes.byteOffset, pq.bytes.byteOffset + pq.bytes.byteLength);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const expected = [...exportRows(t.file, pq.plan, pq.params)];
    expect(rows).toHaveLength(180);
    expect(rows.map((r) => [r.case_key, r.reader, r.feature_id, r.value])).toEqual(
      expected.map((r) => [r.case_key, r.reader, r.feature_id, r.value]),
    );
  });

  it('writes a cBioPortal clinical file that passes the checks, patient id from the subject id', async () => {
    const patient = await exported({
      format: 'cbioportal',
      per: 'aggregate',
      aggregate: 'central',
      features: 'F4,F29',
    });
    expect(checkCbioportalClinical(patient.text, { level: 'patient' })).toEqual([]);
    expect(patient.text.split('\n')[4]).toBe('PATIENT_ID\tCASE_KEY\tN_READS\tF4\tF4_TIE\tF29');
    expect(exportFileName(patient.plan, patient.params)).toMatch(
      /-wide-20260203-data_clinical_patient\.txt$/,
    );
    const sample = await exported({ format: 'cbioportal', level: 'sample', features: 'F4' });
    expect(checkCbioportalClinical(sample.text, { level: 'sample' })).toEqual([]);
    expect(sample.text.split('\n')[4]).toBe('SAMPLE_ID\tPATIENT_ID\tN_READS\tF4_READER_01\tF4_READER_02');
    expect(sample.text.split('\n')[5]?.split('\t')[0]).toBe(caseKeys[0]);
  });

  it('renames the case columns for cBioPortal without touching the rest', () => {
    const table = cbioportalTable(
      {
        columns: [
          { id: 'subject_id', label: 'Subject', type: 'string' },
          { id: 'case_key', label: 'Case', type: 'string' },
        ],
        rows: [{ subject_id: 'P1', case_key: 'C1' }],
      },
      'sample',
    );
    expect(table.columns.map((c) => [c.id, c.label])).toEqual([
      ['patient_id', 'Patient ID'],
      ['sample_id', 'Sample ID'],
    ]);
    expect([...table.rows]).toEqual([{ patient_id: 'P1', sample_id: 'C1' }]);
  });

  it('writes an iMRMC file with truth from the reference standard', async () => {
    caseKeys.forEach((caseKey, i) =>
      db
        .insert(referenceAnswers)
        .values({ studyId, caseKey, featurePath: 'postoperative', value: i % 2 === 0 })
        .run(),
    );
    const imrmc = await exported({
      format: 'imrmc',
      layout: 'long',
      scoreFeature: 'F4',
      truthFeature: 'postoperative',
    });
    const lines = imrmc.text.split('\n');
    expect(lines).toContain('N0: 15');
    expect(lines).toContain('N1: 15');
    expect(lines).toContain('NR: 2');
    expect(lines).toContain('NM: 1');
    expect(lines).toContain(`-1,${caseKeys[0]},0,1`);
    const firstCase = lines.filter((l) => l.includes(`,${caseKeys[0]},session_1,`)).sort();
    // The two readers chose none (score 1) and mild (score 2) for the first case.
    expect(firstCase.map((l) => l.split(',')[0])).toEqual(['reader_01', 'reader_02']);
    expect(firstCase.map((l) => l.split(',')[3]).sort()).toEqual(['1', '2']);
    expect(imrmc.summary).toEqual({ cases: 30, rows: 60 });
  });

  it('writes a zip with the CSV table, the codebook in CSV and JSON, and a README with the row count', async () => {
    const zip = await exported({ format: 'zip', layout: 'long', features: 'F4' }, { exportedBy: 'Ana Lyst' });
    expect(zip.summary.rows).toBe(60);
    expect(exportFileName(zip.plan, zip.params)).toMatch(/-long-20260203\.zip$/);
    const files = await unzip(zip.bytes);
    const table = `${zip.plan.filenameBase}.csv`;
    expect([...files.keys()]).toEqual([table, 'codebook.csv', 'codebook.json', 'README.md']);
    const csv = await exported({ format: 'csv', layout: 'long', features: 'F4' });
    expect(files.get(table)).toBe(csv.text);
    expect(files.get('codebook.csv')?.split('\r\n')[0]).toMatch(/^column_id,label,description,type/);
    const codebook = JSON.parse(files.get('codebook.json')!) as { columns: { column_id: string }[] };
    expect(codebook.columns.map((c) => c.column_id)).toEqual(zip.plan.columns.map((c) => c.id));
    const readme = files.get('README.md')!;
    expect(readme).toContain('- Rows: 60');
    expect(readme).toContain('by Ana Lyst');
    expect(readme).toContain(zip.plan.lexicon.sha256);
    expect(readme).toContain('`F4`');
  });

  it('reports progress per chunk of cases', async () => {
    const seen: number[] = [];
    await exported({ layout: 'long' }, { chunkCases: 10, onProgress: (p) => seen.push(p.casesDone) });
    expect(seen).toEqual([10, 20, 30, 30]);
  });

  it('closes the snapshot when the reader stops early, for text, Parquet and zip alike', async () => {
    for (const format of ['csv', 'parquet', 'zip'] as const) {
      const params = ZExportParams.parse({ format, layout: 'long' });
      const plan = prepareExport(db, CLI_ACTOR, studyId, params);
      const it = exportStream(t.file, plan, params, { chunkCases: 2, parquetRowGroupSize: 5 });
      await it.next();
      await it.return({ cases: 0, rows: 0 });
      const caseId = makeCase(db, studyId).id;
      makeRead(db, { studyId, caseId, readerId: makeUser(db).id });
      const [result] = db.$client.pragma('wal_checkpoint(PASSIVE)') as {
        log: number;
        checkpointed: number;
      }[];
      expect(result!.checkpointed).toBe(result!.log);
    }
  });
});
