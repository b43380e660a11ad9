import { createHash } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { ZAssociationParams } from '@/lib/genomics/params';
import type { Db } from '../client';
import { addMember, makeStudy, makeUser } from '../factories';
import { associationRuns, audit, genomicTables } from '../schema';
import { makeTestDb } from '../test-db';
import { loadActor } from './actors';
import { runAssociation } from './association-runs';
import {
  assertGenomics,
  deleteGenomicTable,
  getGenomicTable,
  listGenomicTables,
  readGenomicUpload,
  setGenomicColumnTypes,
  uploadGenomicTable,
} from './genomic-tables';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let studyId: number;
let analystId: string;

const actor = (id: string) => loadActor(db, id)!;
const ctxFor = (id: string, now?: Date) => ({ actor: actor(id), requestId: 'test', now });
const bytes = (text: string) => new TextEncoder().encode(text);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.code : error;
  }
  return 'no error';
};
const genomicAudit = () => db.select().from(audit).where(like(audit.action, 'genomics.%')).all();
const tableCount = () => db.select({ id: genomicTables.id }).from(genomicTables).all().length;

/** A distinctive cell value: it must never reach the audit log. */
const SECRET = 'mesenchymal-QX7';
const CSV = [
  'patient_id,subtype,idh_status,expression',
  'P-001,classical,mutant,1.25',
  `P-002,${SECRET},wildtype,2.5`,
  'P-003,proneural,mutant,3.75',
  'P-004,classical,wildtype,0.5',
  'P-005,neural,wildtype,4.125',
  '',
].join('\n');
const upload = (text = CSV, name = 'cohort.csv') => ({ name, bytes: bytes(text) });

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  studyId = makeStudy(db, { lexicon: 'vasari' }).id;
  analystId = makeUser(db, { role: 'analyst' }).id;
  addMember(db, studyId, analystId, 'analyst');
});
afterEach(() => t.close());

describe('uploadGenomicTable', () => {
  it('stores the parsed table with inferred types and audits it without any cell value', () => {
    const at = new Date('2026-04-01T10:00:00Z');
    const meta = uploadGenomicTable(db, ctxFor(analystId, at), studyId, upload());
    expect(meta).toMatchObject({
      name: 'cohort.csv',
      source: 'delimited',
      idColumn: 'patient_id',
      idLevel: 'patient',
      rowCount: 5,
      version: 0,
      createdAt: at,
      bytes: bytes(CSV).byteLength,
    });
    expect(meta.columns.map((c) => [c.id, c.type, c.inferred])).toEqual([
      ['subtype', 'categorical', 'categorical'],
      ['idh_status', 'binary', 'binary'],
      ['expression', 'continuous', 'continuous'],
    ]);

    const stored = getGenomicTable(db, actor(analystId), studyId, meta.id);
    expect(stored.table.rows[1]).toEqual({ id: 'P-002', values: [SECRET, 'wildtype', '2.5'] });
    expect(stored.table.rows.map((r) => r.id)).toEqual(['P-001', 'P-002', 'P-003', 'P-004', 'P-005']);
    const row = db.select().from(genomicTables).where(eq(genomicTables.id, meta.id)).get()!;
    expect(row).toMatchObject({ studyId, uploadedBy: analystId });
    expect(row.sha256).toBe(createHash('sha256').update(CSV).digest('hex'));

    const logged = genomicAudit();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      action: 'genomics.upload',
      entity: 'genomic_table',
      entityId: String(meta.id),
      actorId: analystId,
      oldValue: null,
      newValue: {
        studyId,
        name: 'cohort.csv',
        source: 'delimited',
        sha256: row.sha256,
        rows: 5,
        columns: [
          { id: 'subtype', type: 'categorical' },
          { id: 'idh_status', type: 'binary' },
          { id: 'expression', type: 'continuous' },
        ],
      },
    });
    const json = JSON.stringify(logged[0]);
    for (const value of [SECRET, 'P-002', 'proneural', 'wildtype', '4.125'])
      expect(json).not.toContain(value);
  });

  it.each([
    ['duplicate ids', bytes('patient_id,x\nP-1,1\nP-2,2\nP-1,3\n')],
    ['a row with the wrong number of fields', bytes('patient_id,x,y\nP-1,1,2\nP-2,3\n')],
    ['binary bytes (not UTF-8)', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01])],
    ['binary bytes (UTF-8 with NULs)', bytes('patient_id,x\n\u0000\u0000\u0001\u0002,\u0000\n')],
    ['an empty file', new Uint8Array(0)],
    ['a header without rows', bytes('patient_id,x\n')],
  ])('refuses %s as invalid and stores nothing', (_what, content) => {
    const before = db.select().from(audit).all().length;
    expect(
      codeOf(() => uploadGenomicTable(db, ctxFor(analystId), studyId, { name: 'bad.csv', bytes: content })),
    ).toBe('invalid');
    expect(codeOf(() => readGenomicUpload({ name: 'bad.csv', bytes: content }))).toBe('invalid');
    expect(tableCount()).toBe(0);
    expect(db.select().from(audit).all()).toHaveLength(before);
  });

  it('turns a MAF into binary gene columns, one row per sample', () => {
    const maf = [
      '#version 2.4',
      'Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification',
      'IDH1\tTCGA-02-0001-01A\tMissense_Mutation',
      'IDH1\tTCGA-02-0002-01A\tMissense_Mutation',
      'TP53\tTCGA-02-0001-01A\tNonsense_Mutation',
      'TP53\tTCGA-02-0003-01A\tFrame_Shift_Del',
      'EGFR\tTCGA-02-0004-01A\tSilent',
      '',
    ].join('\n');
    const meta = uploadGenomicTable(db, ctxFor(analystId), studyId, upload(maf, 'calls.maf'));
    expect(meta).toMatchObject({
      source: 'maf',
      idColumn: 'Tumor_Sample_Barcode',
      idLevel: 'sample',
      rowCount: 4,
    });
    expect(meta.columns.map((c) => [c.id, c.type, c.inferred])).toEqual([
      ['IDH1', 'binary', 'binary'],
      ['TP53', 'binary', 'binary'],
    ]);
    const { table } = getGenomicTable(db, actor(analystId), studyId, meta.id);
    expect(table.rows).toEqual([
      { id: 'TCGA-02-0001-01A', values: ['mutated', 'mutated'] },
      { id: 'TCGA-02-0002-01A', values: ['mutated', 'wildtype'] },
      { id: 'TCGA-02-0003-01A', values: ['wildtype', 'mutated'] },
      { id: 'TCGA-02-0004-01A', values: ['wildtype', 'wildtype'] },
    ]);
    expect(genomicAudit()[0]?.newValue).toMatchObject({ source: 'maf', rows: 4 });
  });

  it('trims the stored name and names a nameless upload', () => {
    expect(uploadGenomicTable(db, ctxFor(analystId), studyId, upload(CSV, '  x.csv  ')).name).toBe('x.csv');
    expect(uploadGenomicTable(db, ctxFor(analystId), studyId, upload(CSV, '   ')).name).toBe('genomic table');
  });
});

describe('who may manage genomic tables', () => {
  it('refuses readers, coordinators and analysts of another study as not found, and changes nothing', () => {
    const table = uploadGenomicTable(db, ctxFor(analystId), studyId, upload());
    const reader = makeUser(db).id;
    addMember(db, studyId, reader, 'reader');
    const coordinator = makeUser(db, { role: 'coordinator' }).id;
    addMember(db, studyId, coordinator, 'coordinator');
    const otherStudy = makeStudy(db, { lexicon: 'vasari' }).id;
    const otherAnalyst = makeUser(db, { role: 'analyst' }).id;
    addMember(db, otherStudy, otherAnalyst, 'analyst');
    const auditBefore = db.select().from(audit).all().length;

    for (const id of [reader, coordinator, otherAnalyst]) {
      const who = actor(id);
      const ctx = ctxFor(id);
      expect(codeOf(() => assertGenomics(who, studyId))).toBe('not_found');
      expect(codeOf(() => uploadGenomicTable(db, ctx, studyId, upload()))).toBe('not_found');
      expect(codeOf(() => listGenomicTables(db, who, studyId))).toBe('not_found');
      expect(codeOf(() => getGenomicTable(db, who, studyId, table.id))).toBe('not_found');
      expect(
        codeOf(() =>
          setGenomicColumnTypes(db, ctx, studyId, table.id, {
            version: 0,
            types: { expression: 'categorical' },
          }),
        ),
      ).toBe('not_found');
      expect(codeOf(() => deleteGenomicTable(db, ctx, studyId, table.id))).toBe('not_found');
    }
    // The other study's analyst cannot reach the table through their own study either.
    expect(codeOf(() => getGenomicTable(db, actor(otherAnalyst), otherStudy, table.id))).toBe('not_found');
    expect(codeOf(() => deleteGenomicTable(db, ctxFor(otherAnalyst), otherStudy, table.id))).toBe(
      'not_found',
    );
    expect(
      codeOf(() =>
        setGenomicColumnTypes(db, ctxFor(otherAnalyst), otherStudy, table.id, {
          version: 0,
          types: { expression: 'categorical' },
        }),
      ),
    ).toBe('not_found');

    expect(tableCount()).toBe(1);
    const row = db.select().from(genomicTables).where(eq(genomicTables.id, table.id)).get()!;
    expect(row.version).toBe(0);
    expect(db.select().from(audit).all()).toHaveLength(auditBefore);
  });

  it('lets an administrator do everything; a study that does not exist is not found', () => {
    const admin = makeUser(db, { role: 'admin' }).id;
    const ctx = ctxFor(admin);
    const meta = uploadGenomicTable(db, ctx, studyId, upload());
    expect(listGenomicTables(db, actor(admin), studyId).map((m) => m.id)).toEqual([meta.id]);
    expect(getGenomicTable(db, actor(admin), studyId, meta.id).rowCount).toBe(5);
    expect(
      setGenomicColumnTypes(db, ctx, studyId, meta.id, { version: 0, types: { expression: 'categorical' } })
        .version,
    ).toBe(1);
    deleteGenomicTable(db, ctx, studyId, meta.id);
    expect(tableCount()).toBe(0);
    expect(genomicAudit().map((a) => [a.action, a.actorId])).toEqual([
      ['genomics.upload', admin],
      ['genomics.types', admin],
      ['genomics.delete', admin],
    ]);

    expect(codeOf(() => uploadGenomicTable(db, ctx, 99_999, upload()))).toBe('not_found');
    expect(codeOf(() => listGenomicTables(db, actor(admin), Number.NaN))).toBe('not_found');
    expect(codeOf(() => getGenomicTable(db, actor(admin), studyId, 99_999))).toBe('not_found');
    expect(tableCount()).toBe(0);
  });
});

describe('listGenomicTables', () => {
  it('lists the study’s tables newest first, without rows, and only that study’s', () => {
    const other = makeStudy(db, { lexicon: 'vasari' }).id;
    addMember(db, other, analystId, 'analyst');
    const a = uploadGenomicTable(
      db,
      ctxFor(analystId, new Date('2026-01-01')),
      studyId,
      upload(CSV, 'a.csv'),
    );
    const b = uploadGenomicTable(
      db,
      ctxFor(analystId, new Date('2026-02-01')),
      studyId,
      upload(CSV, 'b.csv'),
    );
    uploadGenomicTable(db, ctxFor(analystId), other, upload(CSV, 'elsewhere.csv'));
    const list = listGenomicTables(db, actor(analystId), studyId);
    expect(list.map((m) => [m.id, m.name])).toEqual([
      [b.id, 'b.csv'],
      [a.id, 'a.csv'],
    ]);
    expect(list[0]).not.toHaveProperty('table');
    expect(list[0]).not.toHaveProperty('rows');
  });
});

describe('setGenomicColumnTypes', () => {
  it('changes a type, bumps the version and audits the old and new types', () => {
    const meta = uploadGenomicTable(db, ctxFor(analystId), studyId, upload());
    const next = setGenomicColumnTypes(db, ctxFor(analystId), studyId, meta.id, {
      version: 0,
      types: { expression: 'categorical', idh_status: 'binary' },
    });
    expect(next.version).toBe(1);
    expect(next.columns.map((c) => [c.id, c.type, c.inferred])).toEqual([
      ['subtype', 'categorical', 'categorical'],
      ['idh_status', 'binary', 'binary'],
      ['expression', 'categorical', 'continuous'],
    ]);
    expect(getGenomicTable(db, actor(analystId), studyId, meta.id).columns).toEqual(next.columns);
    const logged = genomicAudit().filter((a) => a.action === 'genomics.types');
    expect(logged).toMatchObject([
      {
        entity: 'genomic_table',
        entityId: String(meta.id),
        oldValue: { expression: 'continuous' },
        newValue: { expression: 'categorical' },
      },
    ]);
  });

  it('refuses a change made on an old version, and changes nothing', () => {
    const meta = uploadGenomicTable(db, ctxFor(analystId), studyId, upload());
    setGenomicColumnTypes(db, ctxFor(analystId), studyId, meta.id, {
      version: 0,
      types: { expression: 'categorical' },
    });
    expect(
      codeOf(() =>
        setGenomicColumnTypes(db, ctxFor(analystId), studyId, meta.id, {
          version: 0,
          types: { subtype: 'binary' },
        }),
      ),
    ).toBe('conflict');
    const now = getGenomicTable(db, actor(analystId), studyId, meta.id);
    expect(now.version).toBe(1);
    expect(now.columns.find((c) => c.id === 'subtype')?.type).toBe('categorical');
    expect(genomicAudit().filter((a) => a.action === 'genomics.types')).toHaveLength(1);
  });

  it('refuses an unknown column or type as invalid; an unchanged type is no change', () => {
    const meta = uploadGenomicTable(db, ctxFor(analystId), studyId, upload());
    const set = (types: Record<string, string>) =>
      codeOf(() =>
        setGenomicColumnTypes(db, ctxFor(analystId), studyId, meta.id, {
          version: 0,
          types: types as Record<string, 'binary'>,
        }),
      );
    expect(set({ nope: 'binary' })).toBe('invalid');
    expect(set({ expression: 'categorical', nope: 'binary' })).toBe('invalid');
    expect(set({ expression: 'ordinal' })).toBe('invalid');
    expect(set({ patient_id: 'binary' })).toBe('invalid');
    expect(set({ expression: 'continuous' })).toBe('no error');
    const now = getGenomicTable(db, actor(analystId), studyId, meta.id);
    expect(now.version).toBe(0);
    expect(now.columns.find((c) => c.id === 'expression')?.type).toBe('continuous');
    expect(genomicAudit().map((a) => a.action)).toEqual(['genomics.upload']);
  });

  // Known bug, reported: setGenomicColumnTypes looks columns up with `input.types[c.id]`, which
  // also finds Object.prototype members, so a column named "constructor" (or "toString", …)
  // "changes" to a function on every save and loses its type. Drop `.fails` once fixed.
  it('keeps the type of a column named like an Object.prototype member', () => {
    const meta = uploadGenomicTable(
      db,
      ctxFor(analystId),
      studyId,
      upload('patient_id,constructor,grade\nA,x,1.5\nB,y,2.5\nC,z,3.5\n'),
    );
    const next = setGenomicColumnTypes(db, ctxFor(analystId), studyId, meta.id, {
      version: 0,
      types: { grade: 'categorical' },
    });
    expect(next.columns.map((c) => [c.id, c.type])).toEqual([
      ['constructor', 'categorical'],
      ['grade', 'categorical'],
    ]);
  });
});

describe('deleteGenomicTable', () => {
  it('removes the table and its runs, leaves other tables alone and audits the deletion', () => {
    const ctx = ctxFor(analystId);
    const doomed = uploadGenomicTable(db, ctx, studyId, upload(CSV, 'doomed.csv'));
    const kept = uploadGenomicTable(db, ctx, studyId, upload(CSV, 'kept.csv'));
    const params = ZAssociationParams.parse({ features: ['F29'] });
    const runs = [
      runAssociation(db, ctx, studyId, doomed.id, params).id,
      runAssociation(db, ctx, studyId, doomed.id, params).id,
    ];
    const keptRun = runAssociation(db, ctx, studyId, kept.id, params).id;

    deleteGenomicTable(db, ctx, studyId, doomed.id);
    expect(
      db
        .select()
        .from(genomicTables)
        .all()
        .map((r) => r.id),
    ).toEqual([kept.id]);
    expect(
      db
        .select()
        .from(associationRuns)
        .all()
        .map((r) => r.id),
    ).toEqual([keptRun]);
    const row = genomicAudit().find((a) => a.action === 'genomics.delete');
    expect(row).toMatchObject({
      entity: 'genomic_table',
      entityId: String(doomed.id),
      oldValue: { studyId, name: 'doomed.csv', runs },
      newValue: null,
    });
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(codeOf(() => deleteGenomicTable(db, ctx, studyId, doomed.id))).toBe('not_found');
  });
});
