import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseCaseCsv } from '@/lib/study/case-csv';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { audit, cases, imagingInstances, imagingSeries } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { listStudyCases, upsertCasesFromCsv } from './cases';

function setup() {
  const t = makeTestDb();
  const study = makeStudy(t.db);
  const coordinator = makeUser(t.db, { role: 'coordinator' }).id;
  const reader = makeUser(t.db).id;
  addMember(t.db, study.id, coordinator, 'coordinator');
  addMember(t.db, study.id, reader, 'reader');
  const as = (id: string) => ({ actor: loadActor(t.db, id)!, requestId: 't' });
  return { ...t, study, coordinator, reader, as };
}

function rows(text: string) {
  const parsed = parseCaseCsv(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.rows;
}

describe('listStudyCases', () => {
  it('lists cases with their image and read counts, for the coordinator only', () => {
    const { db, close, study, coordinator, reader, as } = setup();
    const a = makeCase(db, study.id);
    const b = makeCase(db, study.id);
    const series = db
      .insert(imagingSeries)
      .values({ caseId: a.id, source: 'local', studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3' })
      .returning()
      .get();
    for (const sop of ['1', '2'])
      db.insert(imagingInstances)
        .values({ seriesId: series.id, sopInstanceUid: sop, sopClassUid: '1.2.840', rows: 8, columns: 8 })
        .run();
    makeRead(db, { studyId: study.id, caseId: b.id, readerId: reader });
    const list = listStudyCases(db, as(coordinator).actor, study.id);
    expect(list.map((c) => [c.id, c.series, c.instances, c.reads])).toEqual([
      [a.id, 1, 2, 0],
      [b.id, 0, 0, 1],
    ]);
    expect(list[0]).toMatchObject({ caseKey: a.caseKey, label: a.label, subjectId: a.subjectId });
    expect(() => listStudyCases(db, as(reader).actor, study.id)).toThrow('No such study');
    close();
  });
});

describe('upsertCasesFromCsv', () => {
  it('creates numbered cases, updates existing keys and audits each change', () => {
    const { db, close, study, coordinator, as } = setup();
    const first = upsertCasesFromCsv(
      db,
      as(coordinator),
      study.id,
      rows('case_key,barcode,age,idh\nK1,TCGA-1,50,wt\nK2,TCGA-2,61,mut\nK3,,70,\n'),
    );
    expect(first).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const second = upsertCasesFromCsv(
      db,
      as(coordinator),
      study.id,
      rows('case_key,subject_id,label,age,idh\nK1,,,51,\nK2,TCGA-2,,61,mut\nK4,,Pilot,1,x\nK5,,,,\n'),
    );
    expect(second).toEqual({ created: 2, updated: 1, unchanged: 1 });
    const list = db
      .select({
        key: cases.caseKey,
        label: cases.label,
        subjectId: cases.subjectId,
        metadata: cases.metadata,
      })
      .from(cases)
      .where(eq(cases.studyId, study.id))
      .orderBy(asc(cases.id))
      .all();
    expect(list).toEqual([
      // age replaced, an empty cell removes idh, the subject ID is kept.
      { key: 'K1', label: 'Case 01', subjectId: 'TCGA-1', metadata: { age: 51 } },
      { key: 'K2', label: 'Case 02', subjectId: 'TCGA-2', metadata: { age: 61, idh: 'mut' } },
      { key: 'K3', label: 'Case 03', subjectId: null, metadata: { age: 70 } },
      { key: 'K4', label: 'Pilot', subjectId: null, metadata: { age: 1, idh: 'x' } },
      { key: 'K5', label: 'Case 04', subjectId: null, metadata: {} },
    ]);
    const rowsOf = (action: string) =>
      db
        .select()
        .from(audit)
        .where(and(eq(audit.action, action)))
        .all();
    expect(rowsOf('case.create')).toHaveLength(5);
    expect(rowsOf('case.update')).toEqual([
      expect.objectContaining({
        actorId: coordinator,
        entity: 'case',
        oldValue: { caseKey: 'K1', label: 'Case 01', subjectId: 'TCGA-1', metadata: { age: 50, idh: 'wt' } },
        newValue: { caseKey: 'K1', label: 'Case 01', subjectId: 'TCGA-1', metadata: { age: 51 } },
      }),
    ]);
    close();
  });

  it('continues the numbering after existing cases and skips labels in use', () => {
    const { db, close, study, coordinator, as } = setup();
    db.insert(cases).values({ studyId: study.id, caseKey: 'W', label: 'Case 01' }).run();
    db.insert(cases).values({ studyId: study.id, caseKey: 'X', label: 'Case 07' }).run();
    upsertCasesFromCsv(db, as(coordinator), study.id, rows('case_key,label\nN1,\nN2,Case 08\nN3,\n'));
    const labels = db
      .select({ key: cases.caseKey, label: cases.label })
      .from(cases)
      .where(eq(cases.studyId, study.id))
      .all();
    expect(labels.filter((l) => l.key.startsWith('N'))).toEqual([
      { key: 'N1', label: 'Case 09' },
      { key: 'N2', label: 'Case 08' },
      { key: 'N3', label: 'Case 10' },
    ]);
    close();
  });

  it('stores nothing when a label is taken by another case, and refuses non-coordinators', () => {
    const { db, close, study, coordinator, reader, as } = setup();
    upsertCasesFromCsv(db, as(coordinator), study.id, rows('case_key,label\nA,Alpha\nB,Beta\n'));
    const bad = rows('case_key,label,age\nC,,3\nB,Alpha,2\n');
    expect(() => upsertCasesFromCsv(db, as(coordinator), study.id, bad)).toThrow(
      expect.objectContaining({
        code: 'invalid',
        fieldErrors: { file: ['line 3: the label "Alpha" is already used by case A'] },
      }),
    );
    // Swapping is fine when the file renames both.
    expect(
      upsertCasesFromCsv(db, as(coordinator), study.id, rows('case_key,label\nA,Beta\nB,Alpha\n')),
    ).toEqual({ created: 0, updated: 2, unchanged: 0 });
    expect(db.select().from(cases).where(eq(cases.studyId, study.id)).all()).toHaveLength(2);
    expect(() => upsertCasesFromCsv(db, as(reader), study.id, rows('case_key\nZ\n'))).toThrow(
      'No such study',
    );
    close();
  });
});
