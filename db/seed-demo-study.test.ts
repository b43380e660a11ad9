import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAnswerSchema } from '@/lib/lexicon/answer-schema';
import { buildFormModel, type Answers } from '@/lib/lexicon/form-model';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { makeTestDb } from './test-db';
import { DEMO_GENOMIC_FILENAME, DEMO_PLANTED } from '@/lib/genomics/demo-table';
import type { AssociationResult } from '@/lib/genomics/types';
import { adjudicationTasks, answers, associationRuns, cases, genomicTables, reads, users } from './schema';
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

describe('the demo genomic table', () => {
  it('is stored with one run in which the planted pair leads and the nulls do not reach q < 0.05', async () => {
    await seedDemoUsers(t.db);
    seedDemoStudy(t.db, shippedLexicon('vasari'));
    const tables = t.db.select().from(genomicTables).all();
    expect(tables.map((x) => [x.name, (x.rows as unknown[]).length])).toEqual([[DEMO_GENOMIC_FILENAME, 13]]);
    const [run] = t.db.select().from(associationRuns).all();
    const { results } = run!.results as { results: AssociationResult[] };
    const top = results[0]!;
    expect([top.imaging, top.genomic, top.test]).toEqual([
      DEMO_PLANTED.imaging,
      DEMO_PLANTED.genomic,
      'spearman',
    ]);
    expect(top.q).toBeLessThan(0.05);
    expect(top.effect?.value).toBeGreaterThan(0.8);
    // The subtype and the two mutations are drawn at random: none of them may come out as a finding.
    const discoveries = results.filter((r) => (r.q ?? 1) < 0.05).map((r) => `${r.imaging}×${r.genomic}`);
    expect(discoveries).toEqual([`${DEMO_PLANTED.imaging}×${DEMO_PLANTED.genomic}`]);
    expect(run!.joinReport).toMatchObject({ matched: 11, unmatchedImaging: ['DEMO-0007'] });
  });
});
