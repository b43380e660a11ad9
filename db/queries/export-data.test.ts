import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { ZExportParams, type ExportParams } from '@/lib/export/params';
import type { ExportRow } from '@/lib/export/table';
import type { Db } from '../client';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, cases, referenceAnswers, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { CLI_ACTOR, loadActor } from './actors';
import { exportRows, prepareExport, previewExport, recordExport, type ExportProgress } from './export-data';
import { imrmcInput } from './export-imrmc';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let analystId: string;
let readerIds: string[];
let caseIds: number[];

const params = (input: Record<string, unknown> = {}): ExportParams => ZExportParams.parse(input);
const actor = (id: string) => loadActor(db, id)!;
/** The export label of reader n (0 or 1 as created): labels follow the order of user ids. */
const label = (n: number) => `reader_0${[...readerIds].sort().indexOf(readerIds[n]!) + 1}`;
const drain = <T>(it: Iterable<T>) => [...it];
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isAppError(error)
      ? { code: error.code, message: error.message, fields: error.fieldErrors }
      : error;
  }
  return 'no error';
};

/** Five cases, two readers; reader 0 submits every case, reader 1 submits cases 0–3 and has a draft of case 4. */
beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  const study = makeStudy(db, { lexicon: 'vasari' });
  studyId = study.id;
  analystId = makeUser(db, { role: 'analyst' }).id;
  addMember(db, studyId, analystId, 'analyst');
  readerIds = [makeUser(db), makeUser(db)].map((u) => u.id);
  for (const id of readerIds) addMember(db, studyId, id, 'reader');
  caseIds = Array.from({ length: 5 }, () => makeCase(db, studyId).id);
  const f4 = ['none', 'mild', 'marked', 'indeterminate', 'mild'];
  caseIds.forEach((caseId, i) => {
    readerIds.forEach((readerId, r) => {
      const draft = r === 1 && i === 4;
      const read = makeRead(db, { studyId, caseId, readerId, status: draft ? 'draft' : 'submitted' });
      makeAnswer(db, read.id, 'F1', r === 0 ? ['frontal'] : ['frontal', 'temporal']);
      makeAnswer(db, read.id, 'F2', r === 0 ? 'right' : 'left');
      makeAnswer(db, read.id, 'F4', r === 0 ? f4[i] : 'marked');
      makeAnswer(db, read.id, 'postoperative', i % 2 === 0);
      if (!draft) makeAnswer(db, read.id, 'F29', 10 + i + r / 10);
    });
  });
});
afterEach(() => t.close());

describe('prepareExport', () => {
  it('plans the export: pinned lexicon, features, pseudonymous readers in user-id order, file name', () => {
    const plan = prepareExport(db, actor(analystId), studyId, params({ layout: 'long', features: 'F4,F1' }), {
      now: new Date('2026-03-07T23:30:00Z'),
    });
    const slug = db.select().from(studies).where(eq(studies.id, studyId)).get()!.slug;
    expect(plan.meta).toEqual({ studySlug: slug, lexiconId: 'vasari', lexiconVersion: plan.lexicon.version });
    expect(plan.lexicon.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.features.map((f) => f.id)).toEqual(['F1', 'F4']);
    expect(plan.readers).toEqual([...readerIds].sort().map((id, i) => ({ id, label: `reader_0${i + 1}` })));
    expect(plan.filenameBase).toBe(`${slug}-long-20260307`);
    expect(plan.columns.map((c) => c.id)).toContain('feature_path');
    expect(JSON.stringify(plan.columns)).not.toMatch(/@example\.org/);
  });

  it('plans wide columns per reader, or one aggregate per feature', () => {
    const perReader = prepareExport(db, actor(analystId), studyId, params({ features: 'F2' }));
    expect(perReader.columns.map((c) => c.id)).toEqual([
      'subject_id',
      'case_key',
      'n_reads',
      'F2__reader_01',
      'F2__reader_02',
    ]);
    const majority = prepareExport(
      db,
      actor(analystId),
      studyId,
      params({ features: 'F2', per: 'aggregate', aggregate: 'majority' }),
    );
    expect(majority.columns.map((c) => c.id)).toEqual(['subject_id', 'case_key', 'n_reads', 'F2', 'F2__tie']);
  });

  it('lets administrators, the command line and the study analysts export; anyone else finds no study', () => {
    const admin = makeUser(db, { role: 'admin' }).id;
    expect(() => prepareExport(db, actor(admin), studyId, params())).not.toThrow();
    expect(() => prepareExport(db, CLI_ACTOR, studyId, params())).not.toThrow();
    const notFound = { code: 'not_found', message: 'No such study', fields: undefined };
    expect(codeOf(() => prepareExport(db, actor(readerIds[0]!), studyId, params()))).toEqual(notFound);
    const otherAnalyst = makeUser(db, { role: 'analyst' }).id;
    addMember(db, makeStudy(db, { lexicon: 'vasari' }).id, otherAnalyst, 'analyst');
    expect(codeOf(() => prepareExport(db, actor(otherAnalyst), studyId, params()))).toEqual(notFound);
    const coordinator = makeUser(db, { role: 'coordinator' }).id;
    addMember(db, studyId, coordinator, 'coordinator');
    expect(codeOf(() => prepareExport(db, actor(coordinator), studyId, params()))).toEqual(notFound);
    expect(codeOf(() => prepareExport(db, CLI_ACTOR, 99_999, params()))).toEqual(notFound);
  });

  it('refuses unknown features, sessions the study does not have and unknown aggregate readers', () => {
    expect(codeOf(() => prepareExport(db, CLI_ACTOR, studyId, params({ features: 'F1,F999,Nope' })))).toEqual(
      {
        code: 'invalid',
        message: expect.stringContaining('Unknown features F999, Nope in vasari'),
        fields: { features: [expect.stringContaining('F999, Nope')] },
      },
    );
    expect(codeOf(() => prepareExport(db, CLI_ACTOR, studyId, params({ sessions: '1,2' })))).toMatchObject({
      code: 'invalid',
      fields: { sessions: [expect.stringContaining('no session 2')] },
    });
    expect(
      codeOf(() =>
        prepareExport(db, CLI_ACTOR, studyId, params({ per: 'aggregate', aggregate: 'reader:reader_09' })),
      ),
    ).toMatchObject({ code: 'invalid', fields: { aggregate: [expect.stringContaining('reader_09')] } });
  });

  it('refuses a cBioPortal export whose cases lack usable or unique patient ids', () => {
    const cbio = (level: string) =>
      codeOf(() => prepareExport(db, CLI_ACTOR, studyId, params({ format: 'cbioportal', level })));
    expect(cbio('patient')).toBe('no error');
    db.update(cases)
      .set({ subjectId: 'P-1' })
      .where(inArray(cases.id, caseIds.slice(0, 2)))
      .run();
    expect(cbio('patient')).toMatchObject({
      code: 'invalid',
      fields: { level: [expect.stringContaining('export at sample level')] },
    });
    expect(cbio('sample')).toBe('no error');
    db.update(cases).set({ subjectId: null }).where(eq(cases.id, caseIds[4]!)).run();
    expect(cbio('sample')).toMatchObject({
      code: 'invalid',
      fields: { format: [expect.stringContaining('1 have none')] },
    });
  });

  it('refuses an iMRMC score feature that is not ordinal, and a truth feature that is not yes/no', () => {
    const imrmc = (extra: Record<string, unknown>) =>
      codeOf(() =>
        prepareExport(db, CLI_ACTOR, studyId, params({ layout: 'long', format: 'imrmc', ...extra })),
      );
    expect(imrmc({ scoreFeature: 'F2' })).toMatchObject({
      code: 'invalid',
      fields: { scoreFeature: [expect.stringContaining('not an ordinal feature')] },
    });
    expect(imrmc({ scoreFeature: 'F4', truthFeature: 'F2' })).toMatchObject({
      code: 'invalid',
      fields: { truthFeature: [expect.stringContaining('neither a yes/no feature')] },
    });
    expect(imrmc({ scoreFeature: 'F4', truthFeature: 'postoperative' })).toBe('no error');
  });
});

describe('exportRows', () => {
  it('exports submitted reads only, one wide row per case', () => {
    const p = params({ features: 'F4,F29' });
    const plan = prepareExport(db, CLI_ACTOR, studyId, p);
    const rows = drain(exportRows(t.file, plan, p));
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.n_reads)).toEqual([2, 2, 2, 2, 1]);
    expect(rows.map((r) => r[`F4__${label(0)}`])).toEqual([
      'none',
      'mild',
      'marked',
      'indeterminate',
      'mild',
    ]);
    // Reader 1's draft of the last case stays out.
    expect(rows.map((r) => r[`F4__${label(1)}`])).toEqual(['marked', 'marked', 'marked', 'marked', null]);
    expect(rows[4]![`F29__${label(1)}`]).toBeNull();
  });

  it('writes the long rows of every submitted read, readers in label order', () => {
    const p = params({ layout: 'long', features: 'F2' });
    const plan = prepareExport(db, CLI_ACTOR, studyId, p);
    const gen = exportRows(t.file, plan, p);
    const rows: ExportRow[] = [];
    let next = gen.next();
    for (; !next.done; next = gen.next()) rows.push(next.value);
    expect(next.value).toEqual({ cases: 5, rows: 9 });
    const keys = [...new Set(rows.map((r) => r.case_key))];
    expect(keys).toHaveLength(5);
    expect(rows.map((r) => [r.case_key, r.reader, r.value])).toEqual(
      keys.flatMap((key, i) => {
        const both = [
          [key, label(0), 'right'],
          [key, label(1), 'left'],
        ].sort((x, y) => String(x[1]).localeCompare(String(y[1])));
        return i === 4 ? both.filter((x) => x[1] === label(0)) : both;
      }),
    );
    expect(rows.every((r) => r.feature_id === 'F2' && r.session === 1)).toBe(true);
  });

  it('gives the same rows whatever the chunk size, and reports progress per chunk', () => {
    for (const layout of ['long', 'wide'] as const) {
      const p = params({ layout });
      const plan = prepareExport(db, CLI_ACTOR, studyId, p);
      const whole = drain(exportRows(t.file, plan, p));
      for (const chunkCases of [1, 2, 3, 5]) {
        expect(drain(exportRows(t.file, plan, p, { chunkCases }))).toEqual(whole);
      }
      const progress: ExportProgress[] = [];
      drain(exportRows(t.file, plan, p, { chunkCases: 2, onProgress: (x) => progress.push(x) }));
      expect(progress.map((x) => [x.casesDone, x.casesTotal])).toEqual([
        [2, 5],
        [4, 5],
        [5, 5],
      ]);
      expect(progress.at(-1)!.rows).toBe(whole.length);
    }
  });

  it('reads one snapshot: rows written after the export started are not in it', () => {
    const p = params({ layout: 'long', features: 'F4,F29' });
    const plan = prepareExport(db, CLI_ACTOR, studyId, p);
    const before = drain(exportRows(t.file, plan, p));

    const gen = exportRows(t.file, plan, p, { chunkCases: 1 });
    const rows = [gen.next().value as ExportRow];
    // While the export is under way: a new case with a submitted read, a later case's draft
    // submitted with a new answer, and a changed answer.
    const late = makeCase(db, studyId).id;
    makeAnswer(
      db,
      makeRead(db, { studyId, caseId: late, readerId: readerIds[0]!, status: 'submitted' }).id,
      'F4',
      'mild',
    );
    db.$client
      .prepare("UPDATE reads SET status = 'submitted', submitted_at = ? WHERE status = 'draft'")
      .run(Date.now());
    db.$client.prepare("UPDATE answers SET value = '\"marked\"' WHERE feature_path = 'F4'").run();
    for (let next = gen.next(); !next.done; next = gen.next()) rows.push(next.value);
    expect(rows).toEqual(before);

    const after = drain(exportRows(t.file, plan, p));
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.filter((r) => r.feature_id === 'F4').every((r) => r.value === 'marked')).toBe(true);
  });

  it('closes its connection when the consumer stops early, so checkpoints are not held back', () => {
    const p = params({ layout: 'long' });
    const plan = prepareExport(db, CLI_ACTOR, studyId, p);
    const gen = exportRows(t.file, plan, p, { chunkCases: 1 });
    gen.next();
    gen.return({ cases: 0, rows: 0 });
    makeAnswer(
      db,
      makeRead(db, { studyId, caseId: makeCase(db, studyId).id, readerId: readerIds[0]! }).id,
      'F2',
      'right',
    );
    const [result] = db.$client.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    expect(result!.checkpointed).toBe(result!.log);
  });
});

describe('previewExport', () => {
  it('returns the columns and the first rows, for the export’s analysts only', () => {
    const p = params({ layout: 'long' });
    const preview = previewExport(db, actor(analystId), studyId, p);
    expect(preview.columns.map((c) => c.id).slice(0, 4)).toEqual([
      'study',
      'case_key',
      'subject_id',
      'reader',
    ]);
    expect(preview.rows).toHaveLength(20);
    const plan = prepareExport(db, CLI_ACTOR, studyId, p);
    expect(preview.rows).toEqual(drain(exportRows(t.file, plan, p)).slice(0, 20));
    expect(codeOf(() => previewExport(db, actor(readerIds[0]!), studyId, p))).toMatchObject({
      code: 'not_found',
    });
  });
});

describe('recordExport', () => {
  it('writes one audit row with who exported, the parameters, the format and the row count', () => {
    const p = params({ layout: 'long', format: 'parquet', features: 'F1' });
    recordExport(
      db,
      { actor: actor(analystId), requestId: 'req-1', now: new Date(5_000) },
      {
        studyId,
        params: p,
        rows: 42,
        format: p.format,
      },
    );
    const rows = db.select().from(audit).where(eq(audit.action, 'export.run')).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      at: new Date(5_000),
      actorId: analystId,
      actorLabel: actor(analystId).email,
      entity: 'study',
      entityId: String(studyId),
      requestId: 'req-1',
      newValue: { format: 'parquet', rows: 42, params: JSON.parse(JSON.stringify(p)) },
    });
    expect(
      codeOf(() =>
        recordExport(
          db,
          { actor: actor(readerIds[0]!), requestId: null },
          { studyId, params: p, rows: 1, format: 'csv' },
        ),
      ),
    ).toMatchObject({ code: 'not_found' });
  });
});

describe('imrmcInput', () => {
  const imrmcParams = (truthFeature?: string) =>
    params({
      layout: 'long',
      format: 'imrmc',
      scoreFeature: 'F4',
      ...(truthFeature ? { truthFeature } : {}),
    });
  const caseKeys = () =>
    drain(exportRows(t.file, prepareExport(db, CLI_ACTOR, studyId, params()), params())).map((r) =>
      String(r.case_key),
    );

  it('scores each submitted read by the option score, with truth from the reference standard', () => {
    const keys = caseKeys();
    keys.forEach((caseKey, i) =>
      db
        .insert(referenceAnswers)
        .values({ studyId, caseKey, featurePath: 'postoperative', value: i < 2 })
        .run(),
    );
    const p = imrmcParams('postoperative');
    const input = imrmcInput(t.file, prepareExport(db, CLI_ACTOR, studyId, p), p);
    // Reader 0: none 1, mild 2, marked 3, indeterminate (no score), mild 2; reader 1: marked 3 × 4.
    expect(input.rows.filter((r) => r.readerId === label(0)).map((r) => [r.caseId, r.score])).toEqual([
      [keys[0], 1],
      [keys[1], 2],
      [keys[2], 3],
      [keys[4], 2],
    ]);
    expect(input.rows).toHaveLength(8);
    expect(input.rows.every((r) => r.modalityId === 'session_1')).toBe(true);
    expect(input.unscored).toBe(1);
    expect(input.truth).toEqual(keys.map((caseId, i) => ({ caseId, truth: i < 2 ? 1 : 0 })));
    expect(input.studyDescription).toContain('F4');
  });

  it('refuses when a scored case has no reference value', () => {
    const keys = caseKeys();
    db.insert(referenceAnswers)
      .values({ studyId, caseKey: keys[0]!, featurePath: 'postoperative', value: true })
      .run();
    const p = imrmcParams('postoperative');
    expect(codeOf(() => imrmcInput(t.file, prepareExport(db, CLI_ACTOR, studyId, p), p))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('no postoperative for 4 scored cases'),
    });
    const noScores = params({ layout: 'long', format: 'imrmc', scoreFeature: 'F6' });
    expect(
      codeOf(() => imrmcInput(t.file, prepareExport(db, CLI_ACTOR, studyId, noScores), noScores)),
    ).toMatchObject({
      code: 'invalid',
      message: 'No submitted read of session 1 has a scored answer to F6 yet',
    });
    const scoresOnly = imrmcParams();
    expect(
      imrmcInput(t.file, prepareExport(db, CLI_ACTOR, studyId, scoresOnly), scoresOnly).truth,
    ).toBeUndefined();
  });
});
