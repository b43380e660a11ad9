import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import type { AnswerRow } from './feature-units';
import { intraReaderAgreement, readerVsStandard } from './study-agreement';

const model = shippedModel('vasari');
const values = ['none', 'mild', 'marked'];
const rows: AnswerRow[] = Array.from({ length: 10 }, (_, c) => [
  { caseKey: `c${c}`, readerId: 'r1', session: 1, path: 'F4', value: values[c % 3]! },
  { caseKey: `c${c}`, readerId: 'r1', session: 2, path: 'F4', value: values[(c + (c === 4 ? 1 : 0)) % 3]! },
  { caseKey: `c${c}`, readerId: 'r2', session: 1, path: 'F4', value: values[(c + 1) % 3]! },
]).flat();

describe('per-reader agreement', () => {
  it('compares a reader with their own re-read', () => {
    const [f4] = intraReaderAgreement(model, rows, 'r1');
    expect(f4?.key).toBe('F4');
    expect(f4?.nCases).toBe(10);
    expect(f4?.nReaders).toBe(2);
    expect(f4?.primary.value).toBeGreaterThan(0.7);
    expect(f4?.primary.value).toBeLessThan(1);
  });

  it('compares a reader with the reference standard', () => {
    const reference = rows
      .filter((r) => r.readerId === 'r1' && r.session === 1)
      .map((r) => ({ caseKey: r.caseKey, path: r.path, value: r.value }));
    expect(readerVsStandard(model, rows, reference, 'r1')[0]?.primary.value).toBe(1);
    expect(readerVsStandard(model, rows, reference, 'r2')[0]?.primary.value).toBeLessThan(0);
  });
});
