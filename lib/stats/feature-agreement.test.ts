import { describe, expect, it } from 'vitest';
import { flattenAnswers } from '@/lib/lexicon/answer-paths';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { demoRead, demoTruth } from '@/lib/study/demo-reads';
import { seededRandom } from '@/lib/study/seeded-random';
import { featureAgreement, kooLi, landisKoch } from './feature-agreement';
import { featureUnits, type AnswerRow } from './feature-units';

function demoRows(cases: number, readers: string[], seed: number): AnswerRow[] {
  const model = shippedModel('vasari');
  const random = seededRandom(seed);
  const rows: AnswerRow[] = [];
  for (let c = 0; c < cases; c++) {
    const truth = demoTruth(model, random);
    for (const readerId of readers) {
      for (const [path, value] of flattenAnswers(demoRead(model, truth, random)))
        rows.push({ caseKey: `case${c}`, readerId, session: 1, path, value });
    }
  }
  return rows;
}

describe('featureAgreement on a simulated VASARI study', () => {
  const model = shippedModel('vasari');
  const units = featureUnits(model, demoRows(30, ['r1', 'r2', 'r3'], 5));
  const results = units.map(featureAgreement);

  it('gives every unit a value or an explained null, with the statistic chosen by type', () => {
    expect(results.length).toBeGreaterThan(30);
    for (const r of results) {
      expect(r.primary.value !== null || Boolean(r.primary.reason), r.key).toBe(true);
      for (const s of r.stats)
        expect(s.value === null ? Boolean(s.reason) : Number.isFinite(s.value), `${r.key} ${s.name}`).toBe(
          true,
        );
    }
    const byKey = new Map(results.map((r) => [r.key, r]));
    expect(byKey.get('F29')?.primary.name).toBe('ICC2');
    expect(byKey.get('F4')?.primary.name).toBe('κ quadratic-weighted');
    expect(byKey.get('F2')?.primary.name).toBe('κ (Fleiss)');
    expect(byKey.get('F1=frontal')?.kind).toBe('binary');
    expect(byKey.get('F29')?.blandAltman).toHaveLength(3);
    expect(byKey.get('F4')?.confusion).toHaveLength(3);
  });

  it('excludes missingness answers and counts them', () => {
    const rows: AnswerRow[] = ['a', 'b'].flatMap((readerId) => [
      { caseKey: '1', readerId, session: 1, path: 'F4', value: 'marked' },
      { caseKey: '2', readerId, session: 1, path: 'F4', value: readerId === 'a' ? 'indeterminate' : 'mild' },
    ]);
    const f4 = featureUnits(model, rows).find((u) => u.key === 'F4')!;
    expect(f4.nExcludedMissingness).toBe(1);
    expect(f4.categories).not.toContain('indeterminate');
    const included = featureUnits(model, rows, { includeMissingness: true }).find((u) => u.key === 'F4')!;
    expect(included.categories).toContain('indeterminate');
  });

  it('bands coefficients', () => {
    expect([
      landisKoch(-0.1),
      landisKoch(0.15),
      landisKoch(0.55),
      landisKoch(0.95),
      landisKoch(null),
    ]).toEqual(['poor', 'slight', 'moderate', 'almost perfect', null]);
    expect([kooLi(0.4), kooLi(0.8), kooLi(0.95)]).toEqual(['poor', 'good', 'excellent']);
  });
});
