import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAnswerSchema } from '@/lib/lexicon/answer-schema';
import { buildFormModel, type Answers } from '@/lib/lexicon/form-model';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { makeTestDb } from './test-db';
import { answers, reads } from './schema';
import { seedDemoUsers } from './seed';
import { seedDemoStudy } from './seed-demo-study';

let t: ReturnType<typeof makeTestDb>;
beforeEach(() => {
  t = makeTestDb();
});
afterEach(() => t.close());

describe('seedDemoStudy', () => {
  it('creates 12 cases × 3 readers with valid submitted reads, once', async () => {
    await seedDemoUsers(t.db);
    const vasari = shippedLexicon('vasari');
    expect(seedDemoStudy(t.db, vasari)).toEqual({ created: true });
    expect(seedDemoStudy(t.db, vasari)).toEqual({ created: false });
    const all = t.db.select().from(reads).all();
    expect(all).toHaveLength(36);
    const submitted = all.filter((r) => r.status === 'submitted');
    expect(submitted).toHaveLength(33);
    const schema = buildAnswerSchema(buildFormModel(vasari.lexicon), { mode: 'submit' });
    for (const r of submitted) {
      const rows = t.db.select().from(answers).where(eq(answers.readId, r.id)).all();
      const given: Answers = Object.fromEntries(rows.map((a) => [a.featurePath, a.value as string]));
      expect(schema.safeParse(given).success).toBe(true);
    }
  });
});
