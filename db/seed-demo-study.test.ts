import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAnswerSchema } from '@/lib/lexicon/answer-schema';
import { buildFormModel, type Answers } from '@/lib/lexicon/form-model';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { makeTestDb } from './test-db';
import { adjudicationTasks, answers, cases, reads, users } from './schema';
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

  it('routes the cases whose three readers disagree on a demo rule to the demo adjudicator', async () => {
    await seedDemoUsers(t.db);
    seedDemoStudy(t.db, shippedLexicon('vasari'));
    const tasks = t.db
      .select({ key: cases.caseKey, who: users.email, triggers: adjudicationTasks.triggers })
      .from(adjudicationTasks)
      .innerJoin(cases, eq(cases.id, adjudicationTasks.caseId))
      .innerJoin(users, eq(users.id, adjudicationTasks.adjudicatorId))
      .all();
    // Reader 1 has not finished the last three cases, so only cases 1–9 can trigger.
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(Number(task.key.slice(-4))).toBeLessThanOrEqual(9);
      expect(task.who).toBe('adjudicator@example.org');
      for (const trigger of task.triggers as { featureId: string }[])
        expect(['F2', 'F5', 'F29']).toContain(trigger.featureId);
    }
  });
});
