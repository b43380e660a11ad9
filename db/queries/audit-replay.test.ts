import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeAnswers, shippedLexicon, shippedModel } from '@/lib/lexicon/test-lexicons';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { answers, audit, reads, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { CLI_ACTOR, loadActor } from './actors';
import { saveReadAnswers } from './answers';
import { adoptLexiconVersion } from './lexicons';
import { reopenRead } from './reopen';

const model = shippedModel('vasari');
const complete = completeAnswers(model);
const F4 = ['none', 'mild', 'marked'];

/** A save of a draft, a submit, a reopen by the coordinator, or a write carrying a stale version. */
const command = fc.oneof(
  fc.record({
    kind: fc.constant('draft' as const),
    f4: fc.option(fc.constantFrom(...F4)),
    f29: fc.option(fc.integer({ min: 0, max: 3000 }).map((x) => x / 10)),
  }),
  fc.record({
    kind: fc.constant('submit' as const),
    f29: fc.integer({ min: 0, max: 3000 }).map((x) => x / 10),
  }),
  fc.constant({ kind: 'reopen' as const }),
  fc.constant({ kind: 'stale' as const }),
);

/**
 * Any sequence of draft saves, submits, reopens and stale writes leaves answers that replaying
 * the audit reproduces exactly, and a version that counts the accepted writes.
 */
describe('audit replay', () => {
  const seen = { submit: 0, reopen: 0 };
  it('reproduces the stored answers after any sequence of saves, submits and reopens', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const t = makeTestDb();
        try {
          const db = t.db;
          const { id: lexiconVersionId } = adoptLexiconVersion(
            db,
            { actor: CLI_ACTOR, requestId: null },
            shippedLexicon('vasari'),
          );
          const study = makeStudy(db);
          db.update(studies).set({ lexiconVersionId }).where(eq(studies.id, study.id)).run();
          const reader = makeUser(db).id;
          const coordinator = makeUser(db, { role: 'coordinator' }).id;
          addMember(db, study.id, reader, 'reader');
          addMember(db, study.id, coordinator, 'coordinator');
          const readId = makeRead(db, {
            studyId: study.id,
            caseId: makeCase(db, study.id).id,
            readerId: reader,
          }).id;
          const as = (id: string) => ({ actor: loadActor(db, id)!, requestId: 'p' });
          let accepted = 0;
          const current = () => db.select().from(reads).where(eq(reads.id, readId)).get()!;
          for (const c of commands) {
            const { version, status } = current();
            try {
              if (c.kind === 'draft') {
                const given = { ...(c.f4 ? { F4: c.f4 } : {}), ...(c.f29 !== null ? { F29: c.f29 } : {}) };
                saveReadAnswers(db, as(reader), { readId, mode: 'draft', version, answers: given });
              } else if (c.kind === 'submit') {
                saveReadAnswers(db, as(reader), {
                  readId,
                  mode: 'submit',
                  version,
                  answers: { ...complete, F29: c.f29 },
                });
              } else if (c.kind === 'reopen') {
                reopenRead(db, as(coordinator), { readId, reason: 'recheck the size' });
              } else {
                saveReadAnswers(db, as(reader), {
                  readId,
                  mode: 'draft',
                  version: version + 5,
                  answers: { F4: 'none' },
                });
              }
              accepted += 1;
              if (c.kind === 'submit' || c.kind === 'reopen') seen[c.kind] += 1;
            } catch {
              // Refused (locked, stale, or not submitted yet): nothing may have changed.
              expect(current()).toMatchObject({ version, status });
            }
          }
          const replayed = new Map<string, unknown>();
          for (const row of db
            .select()
            .from(audit)
            .where(eq(audit.entityId, String(readId)))
            .orderBy(audit.id)
            .all()) {
            const nv = row.newValue as { path: string; value: unknown } | null;
            const ov = row.oldValue as { path: string } | null;
            if (row.action === 'answer.save') replayed.set(nv!.path, nv!.value);
            if (row.action === 'answer.clear') replayed.delete(ov!.path);
          }
          const stored = new Map(
            db
              .select()
              .from(answers)
              .where(eq(answers.readId, readId))
              .all()
              .map((a) => [a.featurePath, a.value]),
          );
          expect(Object.fromEntries(replayed)).toEqual(Object.fromEntries(stored));
          expect(current().version).toBe(accepted);
        } finally {
          t.close();
        }
      }),
      { numRuns: 40 },
    );
    // The sequences really exercised submit and reopen, not only refusals.
    expect(seen.submit).toBeGreaterThan(0);
    expect(seen.reopen).toBeGreaterThan(0);
  });
});
