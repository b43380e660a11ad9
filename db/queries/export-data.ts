import { and, asc, between, count, eq, gt, inArray } from 'drizzle-orm';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { codebook, type CodebookContext, type CodebookEntry } from '@/lib/export/codebook';
import {
  exportFeatures,
  type CaseBundle,
  type ExportAnswer,
  type ExportFeature,
  type ExportMeta,
  type ExportRead,
} from '@/lib/export/features';
import { invalidParam as invalid, scoreFeatureOf, truthFeatureOf } from '@/lib/export/imrmc-features';
import { longColumns, longRows } from '@/lib/export/long';
import type { ExportParams } from '@/lib/export/params';
import type { ExportColumn, ExportRow } from '@/lib/export/table';
import {
  wideColumns,
  wideRows,
  type WideAggregate,
  type WideOptions,
  type WideReader,
} from '@/lib/export/wide';
import type { AnswerValue } from '@/lib/lexicon/conditions';
import { buildFormModel, type FormModel } from '@/lib/lexicon/form-model';
import type { TLexicon } from '@/lib/lexicon/schema';
import { createDb, type Db } from '../client';
import { openSqlite } from '../connection';
import { answers, cases, consensus, lexiconVersions, reads, studies, studyMembers } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { fileSafe } from '@/lib/export/filename';

/**
 * The data side of an analyst's export: a plan made on the app's connection (who may export,
 * which study, lexicon, features and readers), then the rows, read on a connection of their own
 * inside one read transaction so the whole file shows the study at a single moment.
 *
 * Reader labels: every user who is a reader member of the study or holds a read in it (any
 * status, so someone who has left the study keeps their place) gets `reader_01`, `reader_02`, …
 * in the order of their user ids (the order the agreement pages number readers in, taken here
 * over every reader of the study rather than those who have submitted). The labels therefore do
 * not depend on who has submitted so far, and only move when a reader joins whose id sorts
 * before others'. Names and e-mail addresses never reach an export.
 *
 * Only submitted reads are exported; drafts and reads not yet started never leave the reading
 * workflow. The wide layout has a row for every case of the study (`n_reads` 0 when none of its
 * reads is submitted yet); the long layout has rows only for answers.
 */

export type ExportPlan = {
  study: { id: number; slug: string; name: string; readSessions: number };
  lexicon: { id: number; key: string; version: string; sha256: string; title: string };
  model: FormModel;
  meta: ExportMeta;
  /** The exported features, in lexicon order. */
  features: ExportFeature[];
  /** Every reader of the study with their pseudonymous label; ids stay on the server. */
  readers: WideReader[];
  /** The table's columns: the long columns, or the wide columns for the chosen wide layout. */
  columns: ExportColumn[];
  /** The wide layout's options; null for the long layout. */
  wide: WideOptions | null;
  /** What the codebook needs besides the columns. */
  codebookContext: CodebookContext;
  /** `<slug>-<layout>-<yyyymmdd>` (UTC date), without an extension. */
  filenameBase: string;
  createdAt: Date;
};

export type ExportProgress = { casesDone: number; casesTotal: number; rows: number };
export type ExportSummary = { cases: number; rows: number };
export type ExportRowsOptions = {
  /** Cases read per query round; memory stays bounded by this. Default 200. */
  chunkCases?: number;
  /** Called after each chunk of cases has been written out, and once at the end. */
  onProgress?: (progress: ExportProgress) => void;
};

const DEFAULT_CHUNK = 50;
export const PREVIEW_ROWS = 20;

function notFound(): never {
  throw new AppError('not_found', 'No such study');
}

const readerLabel = (n: number) => `reader_${String(n).padStart(2, '0')}`;

function yyyymmdd(at: Date): string {
  return at.toISOString().slice(0, 10).replaceAll('-', '');
}

/** Every reader of the study, labelled in the order of their user ids (see the module comment). */
export function studyReaders(q: Db | Tx, studyId: number): WideReader[] {
  const members = q
    .select({ id: studyMembers.userId })
    .from(studyMembers)
    .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'reader')))
    .all();
  const readers = q
    .selectDistinct({ id: reads.readerId })
    .from(reads)
    .where(eq(reads.studyId, studyId))
    .all();
  const ids = [...new Set([...members, ...readers].map((r) => r.id))].sort();
  return ids.map((id, i) => ({ id, label: readerLabel(i + 1) }));
}

function parseAggregate(value: string, readers: WideReader[]): WideAggregate {
  if (value === 'consensus' || value === 'majority' || value === 'central') return value;
  const label = value.slice('reader:'.length);
  if (!readers.some((r) => r.label === label))
    invalid(
      'aggregate',
      `This study has no reader ${label} (readers: ${readers.map((r) => r.label).join(', ') || 'none'})`,
    );
  return { reader: label };
}

/**
 * Checks that the actor may export the study (`export.run`: administrators and the study's
 * analysts; anyone else is told there is no such study), checks the parameters against the
 * study and its pinned lexicon, and returns what the export will write.
 */
export function prepareExport(
  db: Db | Tx,
  actor: Actor,
  studyId: number,
  params: ExportParams,
  options: { now?: Date } = {},
): ExportPlan {
  if (!Number.isInteger(studyId) || !can(actor, 'export.run', { studyId })) notFound();
  const row = db
    .select({
      id: studies.id,
      slug: studies.slug,
      name: studies.name,
      readSessions: studies.readSessions,
      lexiconId: lexiconVersions.id,
      key: lexiconVersions.key,
      version: lexiconVersions.version,
      sha256: lexiconVersions.sha256,
      title: lexiconVersions.title,
      definition: lexiconVersions.definition,
    })
    .from(studies)
    .leftJoin(lexiconVersions, eq(lexiconVersions.id, studies.lexiconVersionId))
    .where(eq(studies.id, studyId))
    .get();
  if (!row) notFound();
  if (row.lexiconId === null || !row.definition)
    throw new AppError('conflict', 'This study has no lexicon yet, so there is nothing to export');
  const model = buildFormModel(row.definition as TLexicon);

  const all = exportFeatures(model);
  const known = new Set(all.map((f) => f.id));
  const unknown = [...new Set(params.features.filter((id) => !known.has(id)))];
  if (unknown.length)
    invalid(
      'features',
      `Unknown feature${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in ${row.key} ${row.version}`,
    );
  const features = params.features.length ? exportFeatures(model, { include: params.features }) : all;

  const beyond = params.sessions.filter((s) => s > row.readSessions);
  if (beyond.length)
    invalid(
      'sessions',
      `This study has ${row.readSessions} reading session${row.readSessions > 1 ? 's' : ''}; there is no session ${beyond.join(', ')}`,
    );
  if (params.format === 'imrmc') {
    scoreFeatureOf(model, params.scoreFeature ?? '');
    if (params.truthFeature) truthFeatureOf(model, params.truthFeature);
  }
  if (params.format === 'cbioportal') checkCbioportalIds(db, row.id, params.level);

  const readers = studyReaders(db, row.id);
  const session = params.sessions[0] ?? 1;
  const wide: WideOptions | null =
    params.layout === 'wide'
      ? {
          session,
          readers,
          layout: params.per === 'aggregate' ? 'aggregate' : 'per_reader',
          aggregate: params.per === 'aggregate' ? parseAggregate(params.aggregate, readers) : undefined,
          valueAs: params.valueAs,
          repeat:
            params.lesions === 'index'
              ? { mode: 'index', maxLesions: params.maxLesions }
              : { mode: 'summary' },
        }
      : null;
  const createdAt = options.now ?? new Date();
  return {
    study: { id: row.id, slug: row.slug, name: row.name, readSessions: row.readSessions },
    lexicon: {
      id: row.lexiconId,
      key: row.key!,
      version: row.version!,
      sha256: row.sha256!,
      title: row.title!,
    },
    model,
    meta: { studySlug: row.slug, lexiconId: row.key!, lexiconVersion: row.version! },
    features,
    readers,
    columns: wide ? wideColumns(features, wide) : longColumns(),
    wide,
    codebookContext: wide
      ? { layout: wide.layout, aggregate: wide.aggregate, session, valueAs: params.valueAs }
      : { layout: 'long', session, valueAs: params.valueAs },
    filenameBase: `${fileSafe(row.slug)}-${params.layout}-${yyyymmdd(createdAt)}`,
    createdAt,
  };
}

/** What cBioPortal accepts as a patient or sample id. */
const CBIOPORTAL_ID = /^[A-Za-z0-9._-]+$/;

/**
 * cBioPortal needs a patient id (the case's subject id) on every row, unique per patient at
 * patient level, and a sample id (the case key) at sample level, each made of letters, digits,
 * points, underscores and hyphens. Checked before any byte is written, so the analyst is told
 * which cases to fix (or to choose the sample level) instead of getting a file that breaks off.
 */
function checkCbioportalIds(q: Db | Tx, studyId: number, level: ExportParams['level']): void {
  const rows = q
    .select({ caseKey: cases.caseKey, subjectId: cases.subjectId })
    .from(cases)
    .where(eq(cases.studyId, studyId))
    .orderBy(asc(cases.id))
    .all();
  const list = (keys: string[]) => `${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
  const noSubject = rows.filter((r) => !r.subjectId).map((r) => r.caseKey);
  if (noSubject.length)
    invalid(
      'format',
      `cBioPortal needs a subject (patient) id for every case; ${noSubject.length} have none (${list(noSubject)})`,
    );
  const badSubject = rows.filter((r) => !CBIOPORTAL_ID.test(r.subjectId!)).map((r) => r.subjectId!);
  if (badSubject.length)
    invalid(
      'format',
      `cBioPortal patient ids may hold only letters, digits, points, underscores and hyphens: ${list(badSubject)}`,
    );
  if (level === 'sample') {
    const badKey = rows.filter((r) => !CBIOPORTAL_ID.test(r.caseKey)).map((r) => r.caseKey);
    if (badKey.length)
      invalid(
        'level',
        `cBioPortal sample ids (case keys) may hold only letters, digits, points, underscores and hyphens: ${list(badKey)}`,
      );
    return;
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const r of rows) (seen.has(r.subjectId!) ? repeated : seen).add(r.subjectId!);
  if (repeated.size)
    invalid(
      'level',
      `Some subjects have several cases (${list([...repeated])}): export at sample level, one row per case`,
    );
}

/** The codebook of a plan's table. */
export function planCodebook(plan: ExportPlan): CodebookEntry[] {
  return codebook(plan.meta, plan.features, plan.columns, plan.codebookContext);
}

/** The sessions whose reads the export reads: all chosen ones (long), the first one (wide). */
export function readSessions(plan: ExportPlan, params: ExportParams): number[] {
  return plan.wide ? [plan.wide.session] : [...new Set(params.sessions)].sort((a, b) => a - b);
}

export type Counter = { rows: number };

/**
 * The case bundles of a plan, read chunk by chunk (cases in id order). Runs inside the
 * caller's read transaction, so every chunk comes from the same snapshot.
 */
export function* caseBundles(
  q: Db | Tx,
  plan: ExportPlan,
  params: ExportParams,
  counter: Counter,
  { chunkCases = DEFAULT_CHUNK, onProgress }: ExportRowsOptions,
): Generator<CaseBundle, number> {
  if (!Number.isInteger(chunkCases) || chunkCases < 1) throw new Error('chunkCases must be at least 1');
  const studyId = plan.study.id;
  const sessions = readSessions(plan, params);
  const withConsensus = plan.wide !== null;
  const labels = new Map(plan.readers.map((r) => [r.id, r.label]));
  // The first read of the transaction: this fixes the snapshot.
  const casesTotal = q.select({ n: count() }).from(cases).where(eq(cases.studyId, studyId)).get()?.n ?? 0;
  let casesDone = 0;
  let after = 0;
  for (;;) {
    const chunk = q
      .select({ id: cases.id, caseKey: cases.caseKey, subjectId: cases.subjectId })
      .from(cases)
      .where(and(eq(cases.studyId, studyId), gt(cases.id, after)))
      .orderBy(asc(cases.id))
      .limit(chunkCases)
      .all();
    if (!chunk.length) break;
    const lo = chunk[0]!.id;
    const hi = chunk.at(-1)!.id;
    after = hi;
    const inChunk = and(
      eq(reads.studyId, studyId),
      eq(reads.status, 'submitted'),
      between(reads.caseId, lo, hi),
      inArray(reads.session, sessions),
    );
    const readRows = q
      .select({
        id: reads.id,
        caseId: reads.caseId,
        readerId: reads.readerId,
        session: reads.session,
        submittedAt: reads.submittedAt,
        activeMs: reads.activeMs,
      })
      .from(reads)
      .where(inChunk)
      .all();
    const answerRows = q
      .select({ readId: answers.readId, path: answers.featurePath, value: answers.value })
      .from(answers)
      .innerJoin(reads, eq(reads.id, answers.readId))
      .where(inChunk)
      .orderBy(asc(answers.id))
      .all();
    const consensusRows = withConsensus
      ? q
          .select({ caseId: consensus.caseId, path: consensus.featurePath, value: consensus.value })
          .from(consensus)
          .where(and(eq(consensus.studyId, studyId), between(consensus.caseId, lo, hi)))
          .orderBy(asc(consensus.id))
          .all()
      : [];

    const answersByRead = new Map<number, ExportAnswer[]>();
    for (const a of answerRows) {
      const list = answersByRead.get(a.readId) ?? [];
      list.push({ path: a.path, value: a.value as AnswerValue });
      answersByRead.set(a.readId, list);
    }
    const consensusByCase = new Map<number, ExportAnswer[]>();
    for (const c of consensusRows) {
      const list = consensusByCase.get(c.caseId) ?? [];
      list.push({ path: c.path, value: c.value as AnswerValue });
      consensusByCase.set(c.caseId, list);
    }
    const readsByCase = new Map<number, typeof readRows>();
    for (const r of readRows) {
      if (!labels.has(r.readerId)) continue; // a reader who joined after the plan was made
      const list = readsByCase.get(r.caseId) ?? [];
      list.push(r);
      readsByCase.set(r.caseId, list);
    }

    for (const c of chunk) {
      const caseReads = (readsByCase.get(c.id) ?? [])
        .map((r) => ({ r, label: labels.get(r.readerId)! }))
        .sort((a, b) => a.label.localeCompare(b.label) || a.r.session - b.r.session);
      yield {
        caseKey: c.caseKey,
        subjectId: c.subjectId,
        reads: caseReads.map(({ r, label }) => ({
          read: {
            readId: r.id,
            caseKey: c.caseKey,
            subjectId: c.subjectId,
            readerId: r.readerId,
            readerLabel: label,
            session: r.session,
            submittedAt: r.submittedAt ? r.submittedAt.getTime() : null,
            activeMs: r.activeMs,
          } satisfies ExportRead,
          answers: answersByRead.get(r.id) ?? [],
        })),
        consensus: consensusByCase.get(c.id) ?? [],
      };
    }
    casesDone += chunk.length;
    if (chunk.length < chunkCases) break;
    onProgress?.({ casesDone, casesTotal, rows: counter.rows });
  }
  onProgress?.({ casesDone, casesTotal, rows: counter.rows });
  return casesDone;
}

/** The table rows of a plan, read inside the caller's read transaction. */
function* planRows(
  q: Db | Tx,
  plan: ExportPlan,
  params: ExportParams,
  options: ExportRowsOptions,
): Generator<ExportRow, ExportSummary> {
  const counter: Counter = { rows: 0 };
  const bundles = caseBundles(q, plan, params, counter, options);
  let cases = 0;
  if (plan.wide) {
    const wide = plan.wide;
    const counted = (function* () {
      cases = yield* bundles;
    })();
    for (const row of wideRows(plan.meta, plan.features, counted, wide)) {
      counter.rows++;
      yield row;
    }
  } else {
    for (let next = bundles.next(); ; next = bundles.next()) {
      if (next.done) {
        cases = next.value;
        break;
      }
      for (const { read, answers: list } of next.value.reads) {
        for (const row of longRows(plan.meta, plan.features, read, list)) {
          counter.rows++;
          yield row;
        }
      }
    }
  }
  return { cases, rows: counter.rows };
}

/**
 * Runs `body` inside one read transaction on a read-only connection of its own to the database
 * file: never the app's shared connection, where a long read transaction would hold back (and,
 * through the shared snapshot, hide) other requests' writes. WAL lets writers go on meanwhile.
 * The snapshot is taken by the first query, when the first value is asked for; the connection
 * closes when the generator finishes, fails or is returned early.
 */
function* ownSnapshot<T, R>(file: string, body: (q: Db) => Generator<T, R>): Generator<T, R> {
  const snapshot = openSnapshot(file);
  try {
    return yield* body(snapshot.q);
  } finally {
    snapshot.close();
  }
}

/** `ownSnapshot` for a body that reads everything at once. */
export function inOwnSnapshot<R>(file: string, body: (q: Db) => R): R {
  const snapshot = openSnapshot(file);
  try {
    return body(snapshot.q);
  } finally {
    snapshot.close();
  }
}

/** A read-only connection to the database file, inside one read transaction until closed. */
function openSnapshot(file: string): { q: Db; close: () => void } {
  const sqlite = openSqlite(file, { readonly: true });
  try {
    sqlite.exec('BEGIN');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return {
    q: createDb(sqlite),
    close: () => {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      sqlite.close();
    },
  };
}

/**
 * The rows of an export, streamed: one snapshot of the database file for the whole export,
 * cases read `chunkCases` at a time, rows made by `longRows` / `wideRows`. The generator's
 * return value says how many cases and rows it wrote.
 */
export function exportRows(
  file: string,
  plan: ExportPlan,
  params: ExportParams,
  options: ExportRowsOptions = {},
): Generator<ExportRow, ExportSummary> {
  return ownSnapshot(file, (q) => planRows(q, plan, params, options));
}

/**
 * Records a finished export: one audit row `export.run` on the study, with who ran it (the
 * context), the parameters, the format and how many rows were written.
 */
export function recordExport(
  db: Db,
  ctx: ChangeContext,
  input: { studyId: number; params: ExportParams; rows: number; format: ExportParams['format'] },
): void {
  if (!can(ctx.actor, 'export.run', { studyId: input.studyId })) notFound();
  immediate(db, (tx) =>
    appendAudit(tx, ctx, {
      action: 'export.run',
      entity: 'study',
      entityId: input.studyId,
      newValue: { format: input.format, rows: input.rows, params: input.params },
    }),
  );
}

/**
 * The columns and first rows of an export, for the page and `?preview=1`. Short enough to run
 * in one synchronous read transaction on the given connection.
 */
export function previewExport(
  db: Db,
  actor: Actor,
  studyId: number,
  params: ExportParams,
  limit = PREVIEW_ROWS,
): { columns: ExportColumn[]; rows: ExportRow[]; features: ExportFeature[] } {
  return db.transaction((tx) => {
    const plan = prepareExport(tx, actor, studyId, params);
    const rows: ExportRow[] = [];
    const it = planRows(tx, plan, params, { chunkCases: Math.max(1, limit) });
    try {
      for (let next = it.next(); !next.done && rows.length < limit; next = it.next()) rows.push(next.value);
    } finally {
      it.return({ cases: 0, rows: 0 });
    }
    return { columns: plan.columns, rows, features: plan.features };
  });
}
