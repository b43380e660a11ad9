import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeAnswer, makeCase, makeRead, makeStudy, makeUser } from '@/db/factories';
import { audit } from '@/db/schema';
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
