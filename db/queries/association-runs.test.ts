import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { ZAssociationParams, type AssociationParams } from '@/lib/genomics/params';
import type { Variable } from '@/lib/genomics/types';
import { createDb, type Db } from '../client';
import { openSqlite, type Sqlite } from '../connection';
import { addMember, makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { associationRuns, audit, consensus } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import {
  getAssociationRun,
  listAssociationRuns,
  runAssociation,
  studyImagingVariables,
} from './association-runs';
import { getGenomicTable, setGenomicColumnTypes, uploadGenomicTable } from './genomic-tables';

let db: Db;
let studyId: number;
let analystId: string;
let readerIds: string[];
let caseIds: number[];
let tableId: number;

const params = (input: Partial<AssociationParams> = {}): AssociationParams => ZAssociationParams.parse(input);
const actor = (id: string) => loadActor(db, id)!;
const ctxFor = (id: string, now?: Date) => ({ actor: actor(id), requestId: 'test', now });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.code : error;
  }
  return 'no error';
};
const runCount = () => db.select({ id: associationRuns.id }).from(associationRuns).all().length;
const associateAudit = () => db.select().from(audit).where(like(audit.action, 'genomics.associate')).all();
const variable = (vars: Variable[], id: string) => vars.find((v) => v.id === id)!;

/** Subjects S01–S12 are imaged and genotyped; S13 is imaged only, S99 genotyped only. */
const N = 12;
const subject = (i: number) => `S${String(i + 1).padStart(2, '0')}`;
/** F29 (mm), readers 0–2: 10 + 2i ∓ 0.5, so the readers' mean is exactly 10 + 2i. */
const f29 = (i: number, r: number) => 10 + 2 * i + (r - 1) * 0.5;
/** F5 (ordinal) positions per case, unrelated to i; reader 2 says one step more (the median stays). */
const F5_CODES = ['none', 'lt5', '6_33', '34_67', '68_95', 'gt95', 'all'];
const F5_INDEX = [2, 5, 1, 4, 3, 5, 0, 2, 5, 1, 4, 3, 0];
const F2_CODES = ['right', 'left', 'center_bilateral'];
/** Mutation status, balanced against F29 ranks (rank sums 39 and 39: no association at all). */
const MUTATION = [
  'mutant',
  'wildtype',
  'wildtype',
  'mutant',
  'wildtype',
  'mutant',
  'mutant',
  'wildtype',
  'mutant',
  'wildtype',
  'wildtype',
  'mutant',
];
/** The expression level rises with F29 (monotone: the planted association). */
const expression = (i: number) => (0.5 + 0.37 * i).toFixed(2);
const GENOMIC_CSV = [
  'subject_id,expression,mutation',
  ...Array.from({ length: N }, (_, i) => `${subject(i)},${expression(i)},${MUTATION[i]}`),
  'S99,9.75,wildtype',
  '',
].join('\n');

/** Builds the study once; every test gets its own copy of the database file. */
function seed(q: Db) {
  db = q;
  studyId = makeStudy(db, { lexicon: 'vasari' }).id;
  analystId = makeUser(db, { role: 'analyst' }).id;
  addMember(db, studyId, analystId, 'analyst');
  readerIds = [makeUser(db), makeUser(db), makeUser(db)].map((u) => u.id);
  for (const id of readerIds) addMember(db, studyId, id, 'reader');
  caseIds = Array.from({ length: N + 1 }, (_, i) => makeCase(db, studyId, { subjectId: subject(i) }).id);
  caseIds.forEach((caseId, i) => {
    readerIds.forEach((readerId, r) => {
      const read = makeRead(db, { studyId, caseId, readerId, status: 'submitted' });
      makeAnswer(db, read.id, 'F29', f29(i, r));
      makeAnswer(db, read.id, 'F5', F5_CODES[F5_INDEX[i]! + (r === 2 ? 1 : 0)]);
      makeAnswer(db, read.id, 'F2', r === 2 ? 'left' : F2_CODES[i % 3]);
    });
  });
  // A fourth reader's draft of the first case: far off, and never counted.
  const drafter = makeUser(db).id;
  addMember(db, studyId, drafter, 'reader');
  const draft = makeRead(db, { studyId, caseId: caseIds[0]!, readerId: drafter, status: 'draft' });
  makeAnswer(db, draft.id, 'F29', 290);
  makeAnswer(db, draft.id, 'F5', 'all');
  makeAnswer(db, draft.id, 'F2', 'center_bilateral');

  tableId = uploadGenomicTable(db, ctxFor(analystId), studyId, {
    name: 'cohort.csv',
    bytes: new TextEncoder().encode(GENOMIC_CSV),
  }).id;
}

let template: Buffer;
let dir: string;
let sqlite: Sqlite;

beforeAll(() => {
  const built = makeTestDb();
  try {
    seed(built.db);
    template = built.db.$client.serialize();
  } finally {
    built.close();
  }
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-test-'));
  const file = path.join(dir, 'test.db');
  fs.writeFileSync(file, template);
  sqlite = openSqlite(file);
  db = createDb(sqlite);
});
afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('studyImagingVariables', () => {
  it('gives one aggregate value per case from submitted reads only', () => {
    const { cases, variables } = studyImagingVariables(db, actor(analystId), studyId, params());
    expect(cases.map((c) => c.subjectId)).toEqual(Array.from({ length: N + 1 }, (_, i) => subject(i)));
    const size = variable(variables, 'F29');
    expect(size).toMatchObject({ scale: 'continuous', unit: 'mm' });
    // The draft (290 mm on the first case) would have moved the first mean to 80.
    expect(size.values).toEqual(Array.from({ length: N + 1 }, (_, i) => 10 + 2 * i));
    const f5 = variable(variables, 'F5');
    expect(f5.scale).toBe('ordinal');
    if (f5.scale !== 'ordinal') return;
    expect(f5.levels).toEqual(['none', 'lt5', '6_33', '34_67', '68_95', 'gt95']);
    expect(f5.values).toEqual(F5_INDEX);
    const side = variable(variables, 'F2');
    expect(side.scale).toBe('categorical');
    expect(side.values).toEqual(Array.from({ length: N + 1 }, (_, i) => F2_CODES[i % 3]));
  });

  it('with the consensus aggregate, takes an adjudicated value where there is one and the central value elsewhere', () => {
    db.insert(consensus).values({ studyId, caseId: caseIds[4]!, featurePath: 'F29', value: 99.5 }).run();
    const central = studyImagingVariables(db, actor(analystId), studyId, params()).variables;
    const decided = studyImagingVariables(
      db,
      actor(analystId),
      studyId,
      params({ aggregate: 'consensus' }),
    ).variables;
    const expected = Array.from({ length: N + 1 }, (_, i) => (i === 4 ? 99.5 : 10 + 2 * i));
    expect(variable(decided, 'F29').values).toEqual(expected);
    expect(variable(central, 'F29').values[4]).toBe(18);
    for (const id of ['F5', 'F2']) expect(variable(decided, id).values).toEqual(variable(central, id).values);
  });

  it('is for analysts and administrators only', () => {
    expect(codeOf(() => studyImagingVariables(db, actor(readerIds[0]!), studyId, params()))).toBe(
      'not_found',
    );
  });
});

describe('runAssociation', () => {
  it('stores the run, puts the planted pair first and audits counts without values', () => {
    const at = new Date('2026-05-01T08:00:00Z');
    const run = runAssociation(
      db,
      ctxFor(analystId, at),
      studyId,
      tableId,
      params({ features: ['F29', 'F5', 'F2'] }),
    );

    expect(run).toMatchObject({ tableId, tableName: 'cohort.csv', tableVersion: 0, createdAt: at });
    expect(run.join).toMatchObject({
      rule: 'subject id = subject_id, exact',
      matched: N,
      imagingTotal: N + 1,
      genomicTotal: N + 1,
      unmatchedImaging: ['S13'],
      unmatchedGenomic: ['S99'],
    });
    expect(run.subjects).toEqual(Array.from({ length: N }, (_, i) => subject(i)));
    expect(variable(run.variables.imaging, 'F29').values).toEqual(
      Array.from({ length: N }, (_, i) => 10 + 2 * i),
    );
    expect(run.variables.genomic.map((v) => [v.id, v.scale])).toEqual([
      ['expression', 'continuous'],
      ['mutation', 'categorical'],
    ]);

    // 3 imaging features × 2 genomic columns, every pair testable.
    expect(run.results).toHaveLength(6);
    const [first] = run.results;
    expect(first).toMatchObject({
      imaging: 'F29',
      genomic: 'expression',
      test: 'spearman',
      n: N,
      statistic: 1,
    });
    expect(first!.q).toBeLessThan(0.05);
    expect(first!.effect).toMatchObject({ name: 'spearman_rho', value: 1 });
    const random = run.results.find((r) => r.imaging === 'F29' && r.genomic === 'mutation')!;
    expect(random).toMatchObject({ test: 'mann_whitney', n: N });
    expect(random.p).toBeGreaterThan(0.5);
    expect(random.q).toBeGreaterThan(0.05);
    expect(random.groups).toEqual([
      { level: 'mutant', n: 6 },
      { level: 'wildtype', n: 6 },
    ]);
    const qs = run.results.map((r) => r.q!);
    expect(qs).toEqual([...qs].sort((a, b) => a - b));

    const stored = db.select().from(associationRuns).where(eq(associationRuns.id, run.id)).get()!;
    expect(stored).toMatchObject({ studyId, genomicTableId: tableId, tableVersion: 0, createdBy: analystId });
    const logged = associateAudit();
    expect(logged).toMatchObject([
      {
        entity: 'association_run',
        entityId: String(run.id),
        actorId: analystId,
        newValue: {
          studyId,
          tableId,
          tableVersion: 0,
          params: run.params,
          matched: N,
          tests: 6,
        },
      },
    ]);
    const json = JSON.stringify(logged);
    for (const value of ['S01', 'S13', 'S99', expression(3), 'mutant', 'wildtype'])
      expect(json).not.toContain(value);
  });

  it('tests every feature and column by default; untestable pairs come last without a q', () => {
    const run = runAssociation(db, ctxFor(analystId), studyId, tableId, params());
    const tested = run.results.filter((r) => r.p !== null);
    expect(tested).toHaveLength(6);
    expect(run.results.slice(0, 6)).toEqual(tested);
    expect(run.results.slice(6).every((r) => r.q === null && r.reason !== null)).toBe(true);
    expect(run.results[0]).toMatchObject({ imaging: 'F29', genomic: 'expression', test: 'spearman' });
    expect(associateAudit()[0]?.newValue).toMatchObject({ tests: 6 });
  });

  it('tests the consensus value where a case was adjudicated', () => {
    db.insert(consensus).values({ studyId, caseId: caseIds[4]!, featurePath: 'F29', value: 99.5 }).run();
    const p = params({ features: ['F29'], columns: ['expression'] });
    const central = runAssociation(db, ctxFor(analystId), studyId, tableId, p);
    const decided = runAssociation(db, ctxFor(analystId), studyId, tableId, { ...p, aggregate: 'consensus' });
    expect(central.results[0]?.statistic).toBe(1);
    expect(decided.results[0]?.statistic).toBeLessThan(1);
    const values = variable(decided.variables.imaging, 'F29').values;
    expect(values[4]).toBe(99.5);
    expect(values.filter((_, i) => i !== 4)).toEqual(
      variable(central.variables.imaging, 'F29').values.filter((_, i) => i !== 4),
    );
  });

  it('refuses unknown genomic columns and imaging features as invalid, and stores nothing', () => {
    const auditBefore = db.select().from(audit).all().length;
    const run = (p: AssociationParams) =>
      codeOf(() => runAssociation(db, ctxFor(analystId), studyId, tableId, p));
    expect(run(params({ columns: ['expression', 'nope'] }))).toBe('invalid');
    expect(run(params({ features: ['F999'] }))).toBe('invalid');
    expect(run(params({ session: 2 }))).toBe('invalid');
    expect(runCount()).toBe(0);
    expect(db.select().from(audit).all()).toHaveLength(auditBefore);
  });

  it('refuses readers, and tables of another study, as not found', () => {
    const run = runAssociation(db, ctxFor(analystId), studyId, tableId, params());
    const reader = readerIds[0]!;
    expect(codeOf(() => runAssociation(db, ctxFor(reader), studyId, tableId, params()))).toBe('not_found');
    expect(codeOf(() => getAssociationRun(db, actor(reader), studyId, run.id))).toBe('not_found');
    expect(codeOf(() => listAssociationRuns(db, actor(reader), studyId))).toBe('not_found');

    const other = makeStudy(db, { lexicon: 'vasari' }).id;
    addMember(db, other, analystId, 'analyst');
    expect(codeOf(() => runAssociation(db, ctxFor(analystId), other, tableId, params()))).toBe('not_found');
    expect(codeOf(() => getAssociationRun(db, actor(analystId), other, run.id))).toBe('not_found');
    expect(listAssociationRuns(db, actor(analystId), other)).toEqual([]);
    expect(codeOf(() => getAssociationRun(db, actor(analystId), studyId, 99_999))).toBe('not_found');
    expect(runCount()).toBe(1);
    expect(associateAudit()).toHaveLength(1);
  });

  it('records the table version in force, and refuses a run whose column types changed meanwhile', () => {
    const first = runAssociation(db, ctxFor(analystId), studyId, tableId, params({ features: ['F29'] }));
    expect(first.tableVersion).toBe(0);
    setGenomicColumnTypes(db, ctxFor(analystId), studyId, tableId, {
      version: 0,
      types: { expression: 'categorical' },
    });
    const second = runAssociation(db, ctxFor(analystId), studyId, tableId, params({ features: ['F29'] }));
    expect(second.tableVersion).toBe(1);
    expect(second.variables.genomic.find((v) => v.id === 'expression')?.scale).toBe('categorical');
    expect(getAssociationRun(db, actor(analystId), studyId, first.id).tableVersion).toBe(0);
    expect(associateAudit().map((a) => (a.newValue as { tableVersion: number }).tableVersion)).toEqual([
      0, 1,
    ]);

    // The race, forced without mocks: runAssociation reads ctx.now once, after the tests ran and
    // before it writes; another tab retypes the table at exactly that moment.
    let reads = 0;
    const racing = {
      actor: actor(analystId),
      requestId: 'race',
      get now() {
        reads += 1;
        setGenomicColumnTypes(db, ctxFor(analystId), studyId, tableId, {
          version: 1,
          types: { expression: 'continuous' },
        });
        return new Date();
      },
    };
    expect(codeOf(() => runAssociation(db, racing, studyId, tableId, params({ features: ['F29'] })))).toBe(
      'conflict',
    );
    expect(reads).toBe(1);
    expect(getGenomicTable(db, actor(analystId), studyId, tableId).version).toBe(2);
    expect(runCount()).toBe(2);
    expect(associateAudit()).toHaveLength(2);
  });
});

describe('getAssociationRun and listAssociationRuns', () => {
  it('give back the stored run as it was made, and list runs newest first', () => {
    const ctx = (at: string) => ctxFor(analystId, new Date(at));
    const a = runAssociation(
      db,
      ctx('2026-05-01T08:00:00Z'),
      studyId,
      tableId,
      params({ features: ['F29', 'F2'] }),
    );
    const b = runAssociation(
      db,
      ctx('2026-05-02T08:00:00Z'),
      studyId,
      tableId,
      params({ aggregate: 'majority', columns: ['mutation'], bonferroni: true }),
    );
    expect(getAssociationRun(db, actor(analystId), studyId, a.id)).toEqual(a);
    const again = getAssociationRun(db, actor(analystId), studyId, b.id);
    expect(again).toEqual(b);
    expect(again.params).toEqual({
      aggregate: 'majority',
      session: 1,
      key: 'subject_id',
      features: [],
      columns: ['mutation'],
      bonferroni: true,
    });
    expect(again.results.every((r) => 'pBonferroni' in r)).toBe(true);

    const admin = makeUser(db, { role: 'admin' }).id;
    const list = listAssociationRuns(db, actor(admin), studyId);
    expect(list).toEqual([
      {
        id: b.id,
        tableId,
        tableName: 'cohort.csv',
        tableVersion: 0,
        params: b.params,
        createdAt: new Date('2026-05-02T08:00:00Z'),
      },
      {
        id: a.id,
        tableId,
        tableName: 'cohort.csv',
        tableVersion: 0,
        params: a.params,
        createdAt: new Date('2026-05-01T08:00:00Z'),
      },
    ]);
  });
});
