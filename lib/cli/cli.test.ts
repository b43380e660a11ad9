import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
