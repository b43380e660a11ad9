import { describe, expect, it } from 'vitest';
import { buildAnswerSchema } from '@/lib/lexicon/answer-schema';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { demoRead, demoTruth } from './demo-reads';
import { seededRandom } from './seeded-random';

describe('demo reads', () => {
  const model = shippedModel('vasari');
  const submit = buildAnswerSchema(model, { mode: 'submit' });

  it('are complete, valid submissions, and the same for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    for (let i = 0; i < 30; i++) {
      const truth = demoTruth(model, a);
      const read = demoRead(model, truth, a);
      expect(submit.safeParse(read).success).toBe(true);
      expect(demoRead(model, demoTruth(model, b), b)).toEqual(read);
    }
  });

  it('mostly agree with the truth, but not always', () => {
    const random = seededRandom(11);
    let same = 0;
    let total = 0;
    for (let i = 0; i < 40; i++) {
      const truth = demoTruth(model, random);
      const read = demoRead(model, truth, random);
      for (const id of ['F2', 'F4', 'F6', 'F14']) {
        if (truth[id] === undefined) continue;
        total++;
        if (read[id] === truth[id]) same++;
      }
    }
    expect(same / total).toBeGreaterThan(0.7);
    expect(same / total).toBeLessThan(0.99);
  });
});
