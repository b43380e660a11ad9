import 'server-only';
import { Writable } from 'node:stream';
import {
  exportRows,
  planCodebook,
  type ExportPlan,
  type ExportProgress,
  type ExportSummary,
} from '@/db/queries/export-data';
import { imrmcInput } from '@/db/queries/export-imrmc';
import { AppError } from '@/lib/errors';
import packageJson from '@/package.json';
import { bundleReadme, writeBundle, type BundleProvenance } from './bundle.server';
import { cbioportalClinicalLines } from './cbioportal';
import { codebookJson, codebookTable } from './codebook';
import { delimitedLines } from './delimited';
import { imrmcLines } from './imrmc';
import { jsonChunks } from './json-writer';
import type { ExportFormat, ExportParams } from './params';
import { PARQUET_ROW_GROUP_SIZE, writeParquet, type ParquetSink } from './parquet.server';
import type { ExportColumn, ExportRow, ExportTable } from './table';

/**
 * An export as bytes, in the format the analyst asked for, streamed from one snapshot of the
 * database (see exportRows): the shared code of the export API and `annolex export`.
 */

export type ExportStreamOptions = {
  /** Called after each chunk of cases, and once at the end. */
  onProgress?: (progress: ExportProgress) => void;
  /** Cases read per query round (default 200). */
  chunkCases?: number;
  /** Rows per Parquet row group (default 10 000). */
  parquetRowGroupSize?: number;
  /** Who exports, as the zip's README names them. */
  exportedBy?: string;
};

export type ExportChunk = Uint8Array | string;

/** Text is handed on in pieces of about this size rather than line by line. */
const TEXT_BATCH = 64 * 1024;

/** The content type and file extension of each format. */
export const EXPORT_FILE_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  tsv: { contentType: 'text/tab-separated-values; charset=utf-8', extension: 'tsv' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  parquet: { contentType: 'application/vnd.apache.parquet', extension: 'parquet' },
  cbioportal: { contentType: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
  imrmc: { contentType: 'text/plain; charset=utf-8', extension: 'imrmc' },
  zip: { contentType: 'application/zip', extension: 'zip' },
};

export function exportFileType(params: Pick<ExportParams, 'format'>) {
  return EXPORT_FILE_TYPES[params.format];
}

/**
 * The download's file name: `<slug>-<layout>-<yyyymmdd>.<ext>`; a cBioPortal file names its level
 * (`…-data_clinical_patient.txt`), as cBioPortal's own files do.
 */
export function exportFileName(plan: ExportPlan, params: ExportParams): string {
  const level = params.format === 'cbioportal' ? `-data_clinical_${params.level}` : '';
  return `${plan.filenameBase}${level}.${EXPORT_FILE_TYPES[params.format].extension}`;
}

/** Joins small strings into pieces of about TEXT_BATCH characters. */
function* batched(pieces: Iterable<string>): Generator<string> {
  let buffer: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    size += piece.length;
    if (size >= TEXT_BATCH) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length) yield buffer.join('');
}

/** Raised into a writer whose reader has stopped, so it stops too. */
class ExportStopped extends Error {
  constructor() {
    super('The export was stopped');
    this.name = 'ExportStopped';
  }
}

/**
 * Turns a writer that pushes bytes into a sink (Parquet, zip) into chunks pulled one at a time.
 * Each `write` resolves once its chunk has been taken, which the writers wait for before reading
 * more rows, so memory stays bounded by what they hold between waits (a row group). When the
 * reader stops early, pending and later writes fail, and the writer's failure closes its
 * snapshot before `return()` resolves.
 */
async function* pulled<R>(
  run: (sink: ParquetSink & { write(chunk: Uint8Array): Promise<void> }) => Promise<R>,
): AsyncGenerator<Uint8Array, R> {
  type Item = { chunk: Uint8Array; taken: () => void; stop: (e: Error) => void };
  const queue: Item[] = [];
  const state: {
    wake: (() => void) | null;
    stopped: boolean;
    settled: { ok: true; value: R } | { ok: false; error: unknown } | null;
  } = { wake: null, stopped: false, settled: null };
  const notify = () => {
    state.wake?.();
    state.wake = null;
  };
  const running = run({
    write(chunk: Uint8Array) {
      if (state.stopped) return Promise.reject(new ExportStopped());
      return new Promise<void>((taken, stop) => {
        queue.push({ chunk, taken, stop });
        notify();
      });
    },
  }).then(
    (value) => {
      state.settled = { ok: true, value };
      notify();
    },
    (error: unknown) => {
      state.settled = { ok: false, error };
      notify();
    },
  );
  try {
    for (;;) {
      const item = queue[0];
      if (item) {
        yield item.chunk;
        queue.shift();
        item.taken();
        continue;
      }
      const end = state.settled;
      if (end) {
        if (!end.ok) throw end.error;
        return end.value;
      }
      await new Promise<void>((resolve) => (state.wake = resolve));
    }
  } finally {
    if (!state.settled) {
      state.stopped = true;
      for (const item of queue.splice(0)) item.stop(new ExportStopped());
      await running;
    }
  }
}

/** The plan's table, its rows streamed from the snapshot; `sink` receives the summary at the end. */
function planTable(
  file: string,
  plan: ExportPlan,
  params: ExportParams,
  options: ExportStreamOptions,
  sink: { summary?: ExportSummary },
): ExportTable {
  return {
    columns: plan.columns,
    rows: (function* () {
      sink.summary = yield* exportRows(file, plan, params, options);
    })(),
  };
}

/**
 * The wide table as a cBioPortal clinical file wants it: `patient_id` is the case's subject id
 * and, at sample level, `sample_id` is the case key; at patient level the case key stays an
 * ordinary attribute (CASE_KEY). A case without a subject id stops the file with a clear error,
 * as cBioPortal could not load it.
 */
export function cbioportalTable(table: ExportTable, level: ExportParams['level']): ExportTable {
  const rename: Record<string, string> =
    level === 'sample' ? { subject_id: 'patient_id', case_key: 'sample_id' } : { subject_id: 'patient_id' };
  const labels: Record<string, string> = { patient_id: 'Patient ID', sample_id: 'Sample ID' };
  const columns: ExportColumn[] = table.columns.map((c) => {
    const id = rename[c.id];
    return id ? { ...c, id, label: labels[id] ?? c.label } : c;
  });
  return {
    columns,
    rows: (function* () {
      for (const row of table.rows) {
        const out: ExportRow = {};
        for (const [key, value] of Object.entries(row)) out[rename[key] ?? key] = value;
        yield out;
      }
    })(),
  };
}

/**
 * The export in the requested format, chunk by chunk (strings for text formats, bytes for
 * Parquet and zip). The generator's return value counts the rows written: table rows, or for
 * iMRMC the score rows. Errors surface from the iterator; stopping early (`return()`) closes the
 * snapshot's connection.
 */
export async function* exportStream(
  file: string,
  plan: ExportPlan,
  params: ExportParams,
  options: ExportStreamOptions = {},
): AsyncGenerator<ExportChunk, ExportSummary> {
  const sink: { summary?: ExportSummary } = {};
  const table = () => planTable(file, plan, params, options, sink);
  const done = (): ExportSummary => sink.summary ?? { cases: 0, rows: 0 };
  switch (params.format) {
    case 'csv':
    case 'tsv':
      yield* batched(delimitedLines(table(), { delimiter: params.format === 'csv' ? ',' : '\t' }));
      return done();
    case 'json':
      yield* batched(jsonChunks(table()));
      return done();
    case 'cbioportal':
      yield* batched(
        cbioportalClinicalLines(cbioportalTable(table(), params.level), { level: params.level }),
      );
      return done();
    case 'imrmc': {
      const input = imrmcInput(file, plan, params, options);
      let lines: string[];
      try {
        lines = [...imrmcLines(input)]; // checked whole before the first line anyway
      } catch (error) {
        throw new AppError('invalid', (error as Error).message);
      }
      yield* batched(lines);
      return { cases: new Set(input.rows.map((r) => r.caseId)).size, rows: input.rows.length };
    }
    case 'parquet': {
      const result = yield* pulled((sink) =>
        writeParquet(table(), sink, { rowGroupSize: options.parquetRowGroupSize ?? PARQUET_ROW_GROUP_SIZE }),
      );
      return { cases: done().cases, rows: result.rows };
    }
    case 'zip': {
      const tableName = `${plan.filenameBase}.csv`;
      const codebook = codebookFiles(plan);
      const readme = (): BundleProvenance => ({
        study: { slug: plan.study.slug, name: plan.study.name },
        lexicon: { id: plan.lexicon.key, version: plan.lexicon.version, sha256: plan.lexicon.sha256 },
        exportedAt: plan.createdAt,
        exportedBy: options.exportedBy ?? 'Annolex',
        layout: plan.wide ? `wide, ${plan.wide.layout === 'aggregate' ? 'aggregate' : 'per reader'}` : 'long',
        aggregate: plan.wide?.layout === 'aggregate' ? params.aggregate : null,
        format: 'CSV in a zip bundle',
        sessions: plan.wide ? [plan.wide.session] : params.sessions,
        features: params.features.length ? plan.features.map((f) => f.id) : 'all',
        rows: done().rows,
        files: [
          {
            name: tableName,
            what: `The ${plan.wide ? 'wide' : 'long'} table, one row per ${plan.wide ? 'case' : 'answer'} (CSV, UTF-8, CRLF).`,
          },
          {
            name: 'codebook.csv',
            what: 'One row per column of the table: label, type, unit, reader or aggregate, and the options with their codes, scores, RadLex ids and missingness.',
          },
          { name: 'codebook.json', what: 'The same codebook as JSON.' },
          { name: 'README.md', what: 'This file.' },
        ],
        annolexVersion: packageJson.version,
      });
      yield* pulled((sink) =>
        writeBundle(
          [
            { name: tableName, lines: delimitedLines(table(), { delimiter: ',' }) },
            { name: 'codebook.csv', bytes: Buffer.from(codebook.csv, 'utf8') },
            { name: 'codebook.json', bytes: Buffer.from(codebook.json, 'utf8') },
            // Written last, once the table's rows are counted.
            { name: 'README.md', bytes: async () => Buffer.from(bundleReadme(readme()), 'utf8') },
          ],
          writableSink(sink),
          { mtime: plan.createdAt },
        ),
      );
      return done();
    }
  }
}

/** A Node Writable over a pulled sink: each write completes once its chunk has been taken. */
function writableSink(sink: { write(chunk: Uint8Array): Promise<void> }): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.write(chunk).then(() => callback(), callback);
    },
  });
}

/** The codebook of an export as CSV and JSON text, for the zip bundle. */
export function codebookFiles(plan: ExportPlan): { csv: string; json: string } {
  const entries = planCodebook(plan);
  return {
    csv: [...delimitedLines(codebookTable(entries), { delimiter: ',' })].join(''),
    json: `${JSON.stringify(codebookJson(entries), null, 2)}\n`,
  };
}
