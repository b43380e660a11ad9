import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '@/db/factories';
import { associationRuns, audit, genomicTables } from '@/db/schema';
import { makeTestDb } from '@/db/test-db';
import { childEnv } from '@/lib/env';
import { ZAgreementReport } from '@/lib/stats/agreement-report';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['lib/cli/bin.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('annolex lexicon', () => {
  it('check passes every shipped lexicon', () => {
    const r = run('lexicon', 'check');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ok lexicons/vasari.yaml (vasari 1.0.0)');
  });

  it('check prints every error as file:line:col path: message and exits non-zero', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-cli-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      file,
      'id: bad\ntitle: Bad\nversion: one\ndescription: x\nsections:\n  - id: s\n    title: S\n    features:\n      - { id: a, label: A, type: boolean, show_if: { feature: b, equals: true } }\n',
    );
    const r = run('lexicon', 'check', file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.yaml:3:10 version: use a semantic version such as 1\.0\.0/);
    expect(r.stderr).toContain('1 error(s) in 1 file(s)');
  });

  it('show --json prints the form model', () => {
    const r = run('lexicon', 'show', 'ti-rads', '--json');
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout) as { id: string; order: string[]; sha256: string };
    expect(model.id).toBe('ti-rads');
    expect(model.order.indexOf('points')).toBeLessThan(model.order.indexOf('tr_level'));
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('show refuses an unknown lexicon', () => {
    expect(run('lexicon', 'show', 'nope').code).toBe(1);
  });
});

describe('annolex agreement', () => {
  it('prints the documented JSON for a long CSV', () => {
    const r = run(
      'agreement',
      'lib/stats/fixtures/altman_xeromammograms.csv',
      '--scale',
      'ordinal',
      '--categories',
      'normal,benign,suspected,cancer',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const report = ZAgreementReport.parse(JSON.parse(r.stdout));
    expect(report.cohen_kappa[0]?.unweighted.value).toBeCloseTo(0.4728, 4);
  });

  it('explains a CSV without the needed columns', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-cli-'));
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n');
    const r = run('agreement', file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs the columns case_id,reader_id,value');
  });
});

describe('annolex export', () => {
  const exportRun = (file: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['lib/cli/bin.mjs', 'export', ...args], {
      encoding: 'utf8',
      env: childEnv({ ANNOLEX_DATABASE: file }),
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('writes the export, reports progress on stderr and records it in the audit log', () => {
    const t = makeTestDb();
    try {
      const study = makeStudy(t.db, { lexicon: 'vasari' });
      const reader = makeUser(t.db).id;
      for (let i = 0; i < 3; i++) {
        const caseId = makeCase(t.db, study.id).id;
        const read = makeRead(t.db, { studyId: study.id, caseId, readerId: reader, status: 'submitted' });
        makeAnswer(t.db, read.id, 'F4', ['none', 'mild', 'marked'][i]);
      }
      const out = path.join(t.dir, 'wide.csv');
      const r = exportRun(t.file, '--study', study.slug, '--features', 'F4', '--out', out);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('cases 3/3, rows 3');
      expect(r.stdout).toContain('3 rows');
      const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe('subject_id,case_key,n_reads,F4__reader_01');
      expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(['none', 'mild', 'marked']);
      expect(fs.readdirSync(t.dir).filter((f) => f.includes('partial'))).toEqual([]);
      const logged = t.db.select().from(audit).where(eq(audit.action, 'export.run')).all();
      expect(logged).toMatchObject([
        { actorLabel: 'cli', entityId: String(study.id), newValue: { format: 'csv', rows: 3 } },
      ]);

      const again = exportRun(t.file, '--study', String(study.id), '--out', out);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');
      const imrmc = exportRun(
        t.file,
        '--study',
        study.slug,
        '--layout',
        'long',
        '--format',
        'imrmc',
        '--score-feature',
        'F2',
        '--out',
        path.join(t.dir, 'x.imrmc'),
      );
      expect(imrmc.code).toBe(1);
      expect(imrmc.stderr).toContain('F2 is not an ordinal feature');
      expect(fs.existsSync(path.join(t.dir, 'x.imrmc'))).toBe(false);
      const bad = exportRun(t.file, '--study', study.slug, '--format', 'xls', '--out', out);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--format');
    } finally {
      t.close();
    }
  });
});

describe('annolex associate', () => {
  /** Runs the command asynchronously, so the quick refusals can run side by side. */
  const associate = (file: string, ...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['lib/cli/bin.mjs', 'associate', ...args], {
        env: childEnv({ ANNOLEX_DATABASE: file }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('uploads, runs, writes the results CSV or prints the top results, and audits as cli', async () => {
    const t = makeTestDb();
    try {
      const study = makeStudy(t.db, { lexicon: 'vasari' });
      const readers = [makeUser(t.db).id, makeUser(t.db).id];
      const genomic = ['subject_id,expression,mutation'];
      for (let i = 0; i < 8; i++) {
        const caseId = makeCase(t.db, study.id, { subjectId: `P${i + 1}` }).id;
        readers.forEach((readerId, r) => {
          const read = makeRead(t.db, { studyId: study.id, caseId, readerId, status: 'submitted' });
          makeAnswer(t.db, read.id, 'F29', 20 + 3 * i + r);
          makeAnswer(t.db, read.id, 'F2', i % 2 ? 'left' : 'right');
        });
        genomic.push(`P${i + 1},${(1.5 + i * 0.25).toFixed(2)},${i % 3 ? 'wildtype' : 'mutant'}`);
      }
      const csv = path.join(t.dir, 'cohort.csv');
      fs.writeFileSync(csv, `${genomic.join('\n')}\n`);
      const out = path.join(t.dir, 'results.csv');

      const r = await associate(
        t.file,
        '--study',
        study.slug,
        '--genomic',
        csv,
        '--features',
        'F29,F2',
        '--out',
        out,
      );
      expect(r.stderr).not.toContain('unexpected');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Stored cohort\.csv as genomic table \d+: 8 rows, 2 columns/);
      expect(r.stderr).toContain('8 matched (0 imaging and 0 genomic ids unmatched)');
      expect(r.stdout).toContain('Wrote');
      const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
      const header = lines.findIndex((l) => !l.startsWith('#'));
      expect(header).toBeGreaterThan(0);
      expect(lines.slice(0, header).every((l) => l.startsWith('# '))).toBe(true);
      expect(lines[0]).toContain(`study ${study.slug}, genomic table cohort.csv`);
      expect(lines[header]).toMatch(/^imaging_feature,imaging_label,genomic_variable,/);
      expect(lines.slice(header + 1)).toHaveLength(4);
      expect(lines[header + 1]).toMatch(/^F29,.*,expression,.*Spearman rank correlation/);
      expect(fs.readdirSync(t.dir).filter((f) => f.includes('partial'))).toEqual([]);
      const table = t.db.select().from(genomicTables).all();
      expect(table).toMatchObject([{ studyId: study.id, name: 'cohort.csv', uploadedBy: null }]);
      const written = fs.readFileSync(out, 'utf8');

      const [neither, both, exists, printed] = await Promise.all([
        associate(t.file, '--study', study.slug),
        associate(t.file, '--study', study.slug, '--genomic', csv, '--table', String(table[0]!.id)),
        associate(t.file, '--study', study.slug, '--table', String(table[0]!.id), '--out', out),
        associate(t.file, '--study', String(study.id), '--table', String(table[0]!.id), '--top', '2'),
      ]);
      expect(neither.code).toBe(2);
      expect(neither.stderr).toContain('Give either --genomic <file> or --table <id>');
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('Give either --genomic <file> or --table <id>');
      expect(exists.code).toBe(1);
      expect(exists.stderr).toContain('already exists (add --force to replace it)');
      expect(fs.readFileSync(out, 'utf8')).toBe(written);

      expect(printed.stderr).not.toContain('unexpected');
      expect(printed.code).toBe(0);
      const rows = printed.stdout.trimEnd().split('\n');
      expect(rows[0]).toBe('imaging\tgenomic\ttest\tn\teffect\tp\tq');
      expect(rows).toHaveLength(3);
      expect(rows[1]!.split('\t').slice(0, 4)).toEqual([
        'F29',
        'expression',
        'Spearman rank correlation',
        '8',
      ]);
      expect(t.db.select().from(genomicTables).all()).toHaveLength(1);
      expect(t.db.select().from(associationRuns).all()).toHaveLength(2);

      const logged = t.db
        .select({ action: audit.action, actorId: audit.actorId, actorLabel: audit.actorLabel })
        .from(audit)
        .all()
        .filter((a) => a.action.startsWith('genomics.'));
      expect(logged).toEqual([
        { action: 'genomics.upload', actorId: null, actorLabel: 'cli' },
        { action: 'genomics.associate', actorId: null, actorLabel: 'cli' },
        { action: 'genomics.associate', actorId: null, actorLabel: 'cli' },
      ]);
    } finally {
      t.close();
    }
  });
});
