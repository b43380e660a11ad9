import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { CLI_ACTOR } from '@/db/queries/actors';
import { caseSeries } from '@/db/queries/imaging';
import { makeStudy } from '@/db/factories';
import { cases, imagingInstances, imports } from '@/db/schema';
import { makeTestDb } from '@/db/test-db';
import { gliomaCaseDicom } from '../phantom/glioma-dicom';
import { makeTestDicom } from '../test-dicom';
import { ImportSourceError } from './limits';
import { runImport, type ImportOptions, type SourceItem } from './run-import.server';
import { makeZip, symlinkEntry } from './test-zip';

const small = { size: 64, slices: 8, pixelMm: 3.75, sliceMm: 12 };
const ctx = { actor: CLI_ACTOR, requestId: 'test' };

async function* items(list: SourceItem[]): AsyncGenerator<SourceItem> {
  yield* list;
}
const caseFiles = (caseKey: string, seed: number) =>
  gliomaCaseDicom({ caseKey, seed, phantom: small }).files.map((f, i) => ({
    name: `${caseKey}-${i}.dcm`,
    bytes: Buffer.from(f.bytes),
  }));

/** Every file under a folder, as one buffer per file (to search stored bytes). */
function storedBlobs(dir: string): Buffer[] {
  const root = path.join(dir, 'dicom');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => fs.readFileSync(path.join(d.parentPath, d.name)));
}

describe('runImport', () => {
  let t: ReturnType<typeof makeTestDb>;
  let db: Db;
  let dataDir: string;
  let studyId: number;
  const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({
    studyId,
    policy: 'allow',
    caseBy: 'PatientID',
    secret: 'test-secret',
    dataDir,
    ...over,
  });

  beforeEach(() => {
    t = makeTestDb();
    db = t.db;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-import-'));
    studyId = makeStudy(db).id;
  });
  afterEach(() => {
    t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('groups files into cases and series, reports duplicates and every skip reason, and matches cases on a second import', async () => {
    const a = caseFiles('DEMO-0001', 1);
    const b = caseFiles('DEMO-0002', 2);
    const valid = Buffer.from(makeTestDicom());
    const skipped: string[] = [];
    const { summary } = await runImport(
      db,
      ctx,
      items([
        ...a,
        ...b,
        a[0]!, // the same file twice
        { name: 'notes.dcm', bytes: Buffer.from('this is not DICOM at all') },
        { name: 'cut.dcm', bytes: valid.subarray(0, valid.length - 100) },
        { name: 'no-pixels.dcm', bytes: Buffer.from(makeTestDicom({ omit: ['PixelData'] })) },
        { name: 'j2k.dcm', bytes: Buffer.from(makeTestDicom({ transferSyntaxUid: '1.2.3.4.5' })) },
        {
          name: 'huge.dcm',
          bytes: Buffer.from(makeTestDicom({ attributes: { Rows: 60000, Columns: 60000 } })),
        },
        { name: 'link', skipped: 'symlink' },
      ]),
      options({ onSkip: (name, reason) => skipped.push(`${name}:${reason}`) }),
    );
    expect(summary).toMatchObject({
      files: a.length + b.length + 7,
      imported: a.length + b.length,
      duplicates: 1,
      cases: { created: 2, matched: 0 },
      series: 8,
      quarantined: 0,
    });
    expect(summary.skipped).toEqual({
      not_dicom: 1,
      truncated: 1,
      no_pixel_data: 1,
      unsupported_syntax: 1,
      too_large: 1,
      symlink: 1,
    });
    expect(skipped).toContain('notes.dcm:not_dicom');
    const rows = db.select().from(cases).all();
    expect(rows.map((c) => [c.caseKey, c.label, c.subjectId])).toEqual([
      ['DEMO-0001', 'Case 01', 'DEMO-0001'],
      ['DEMO-0002', 'Case 02', 'DEMO-0002'],
    ]);
    const series = caseSeries(db, rows[0]!.id);
    expect(series.map((s) => s.description)).toEqual(['AX T1', 'AX T1 POST', 'AX T2', 'AX FLAIR']);
    const positions = series[3]!.instances.map((i) => i.slicePosition!);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(storedBlobs(dataDir)).toHaveLength(a.length + b.length);

    const again = await runImport(db, ctx, items(a), options());
    expect(again.summary).toMatchObject({
      imported: 0,
      duplicates: a.length,
      cases: { created: 0, matched: 1 },
    });
    expect(db.select().from(imports).all()).toHaveLength(2);
  });

  it('maps cases through a case map and skips files it does not list', async () => {
    const map = new Map([
      ['DEMO-0001', { caseKey: 'TCGA-02-0001', subjectId: 'TCGA-02-0001-01', label: null }],
    ]);
    const { summary } = await runImport(
      db,
      ctx,
      items([...caseFiles('DEMO-0001', 1), ...caseFiles('DEMO-0002', 2)]),
      options({ map }),
    );
    expect(summary.cases.created).toBe(1);
    expect(summary.skipped.not_in_map).toBe(caseFiles('DEMO-0002', 2).length);
    expect(db.select().from(cases).get()).toMatchObject({
      caseKey: 'TCGA-02-0001',
      subjectId: 'TCGA-02-0001-01',
    });
  });

  it('refuses files carrying PHI under the refuse policy, storing nothing', async () => {
    const { summary } = await runImport(
      db,
      ctx,
      items(caseFiles('DEMO-0001', 1)),
      options({ policy: 'refuse' }),
    );
    expect(summary.imported).toBe(0);
    expect(summary.skipped.phi).toBe(caseFiles('DEMO-0001', 1).length);
    expect(db.select().from(cases).all()).toHaveLength(0);
    expect(storedBlobs(dataDir)).toHaveLength(0);
  });

  it('strips PHI under the strip policy: no canary in stored bytes, the database or the log; UIDs remapped', async () => {
    const log = vi.spyOn(console, 'error');
    const canary = 'CANARY7731';
    const files = [1, 2].map((n) =>
      Buffer.from(
        makeTestDicom({
          canary,
          privateTag: true,
          nestedSequences: true,
          uids: { sop: `2.25.100${n}`, series: '2.25.2000', study: '2.25.3000' },
        }),
      ),
    );
    const { summary } = await runImport(
      db,
      ctx,
      items(files.map((bytes, i) => ({ name: `f${i}`, bytes }))),
      options({ policy: 'strip' }),
    );
    expect(summary.imported).toBe(2);
    for (const blob of storedBlobs(dataDir)) {
      expect(blob.includes(canary)).toBe(false);
      expect(blob.includes('2.25.3000')).toBe(false);
    }
    const kase = db.select().from(cases).get()!;
    expect(kase.caseKey).toMatch(/^ANON-[0-9A-F]{10}$/);
    expect(kase.subjectId).toBeNull();
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(t.file).includes(canary)).toBe(false);
    const series = caseSeries(db, kase.id);
    expect(series).toHaveLength(1);
    expect(series[0]!.studyInstanceUid).not.toBe('2.25.3000');
    for (const call of log.mock.calls) expect(JSON.stringify(call)).not.toContain(canary);
  });

  it('quarantines instances that declare burned-in annotation: stored, counted, never listed for the viewer', async () => {
    const { summary } = await runImport(
      db,
      ctx,
      items([{ name: 'b', bytes: Buffer.from(makeTestDicom({ burnedIn: true })) }]),
      options(),
    );
    expect(summary).toMatchObject({ imported: 0, quarantined: 1 });
    expect(db.select().from(imagingInstances).get()?.quarantine).toBe('burned_in');
    expect(caseSeries(db, db.select().from(cases).get()!.id)).toEqual([]);
  });

  it('inflates deflated files on import and stores them as explicit little endian', async () => {
    const { summary } = await runImport(
      db,
      ctx,
      items([{ name: 'd', bytes: Buffer.from(makeTestDicom({ variant: 'deflated' })) }]),
      options(),
    );
    expect(summary.imported).toBe(1);
    expect(db.select().from(imagingInstances).get()?.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });

  it('aborts a zip with a symbolic link before committing anything, and removes the files it had stored', async () => {
    const zip = makeZip([
      ...caseFiles('DEMO-0001', 1).map((f) => ({ name: f.name, data: f.bytes })),
      symlinkEntry('evil', '/etc/passwd'),
    ]);
    await expect(
      runImport(db, ctx, items([{ name: 'scans.zip', bytes: zip }]), options()),
    ).rejects.toBeInstanceOf(ImportSourceError);
    expect(db.select().from(cases).all()).toHaveLength(0);
    expect(db.select().from(imagingInstances).all()).toHaveLength(0);
    expect(storedBlobs(dataDir)).toHaveLength(0);
  });

  it('expands a zip found among the files, whatever its entries are called', async () => {
    const zip = makeZip(
      caseFiles('DEMO-0003', 3).map((f, i) => ({ name: `../../escape/${i}.dcm`, data: f.bytes })),
    );
    const { summary } = await runImport(db, ctx, items([{ name: 'scans.zip', bytes: zip }]), options());
    expect(summary.imported).toBe(caseFiles('DEMO-0003', 3).length);
    expect(fs.existsSync(path.join(dataDir, '..', 'escape'))).toBe(false);
  });
});
