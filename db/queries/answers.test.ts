import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeAnswers, shippedLexicon, shippedModel } from '@/lib/lexicon/test-lexicons';
import type { Db } from '../client';
import { addMember, makeCase, makeRead, makeStudy, makeUser } from '../factories';
import { answers, audit, reads, studies } from '../schema';
import { makeTestDb } from '../test-db';
import { CLI_ACTOR, loadActor } from './actors';
import { MAX_ACTIVE_MS_PER_SAVE, saveReadAnswers } from './answers';
import { adoptLexiconVersion } from './lexicons';
import { readForReader } from './reading';
import { listWorklist } from './worklist';

let t: ReturnType<typeof makeTestDb>;
let db: Db;
let readId: number;
let readerId: string;
const ctxFor = (id: string) => ({ actor: loadActor(db, id)!, requestId: 'test' });

beforeEach(() => {
  t = makeTestDb();
  db = t.db;
  const study = makeStudy(db, { lexicon: 'vasari' });
  readerId = makeUser(db).id;
  addMember(db, study.id, readerId, 'reader');
  readId = makeRead(db, { studyId: study.id, caseId: makeCase(db, study.id).id, readerId }).id;
});
afterEach(() => t.close());

const stored = () => db.select().from(answers).where(eq(answers.readId, readId)).all();
const auditFor = () => db.select().from(audit).where(eq(audit.entity, 'read')).all();

describe('saveReadAnswers', () => {
  it('stores a draft, audits each change and bumps the version', () => {
    expect(
      saveReadAnswers(db, ctxFor(readerId), {
        readId,
        mode: 'draft',
        version: 0,
        answers: { F4: 'marked', F29: 41.5 },
      }),
    ).toEqual({ version: 1, status: 'draft' });
    expect(
      stored()
        .map((a) => [a.featurePath, a.value])
        .sort(),
    ).toEqual([
      ['F29', 41.5],
      ['F4', 'marked'],
    ]);
    expect(auditFor().map((a) => a.action)).toEqual(['answer.save', 'answer.save']);
  });

  it('refuses an option code the lexicon does not have (invalid) and stores nothing', () => {
    expect(() =>
      saveReadAnswers(db, ctxFor(readerId), {
        readId,
        mode: 'draft',
        version: 0,
        answers: { F4: 'glowing' },
      }),
    ).toThrow(
      expect.objectContaining({ code: 'invalid', fieldErrors: { F4: ['Choose one of the options'] } }),
    );
    expect(stored()).toEqual([]);
    expect(auditFor()).toEqual([]);
    expect(db.select().from(reads).where(eq(reads.id, readId)).get()?.version).toBe(0);
  });

  it('refuses a stale version (conflict) without overwriting', () => {
    saveReadAnswers(db, ctxFor(readerId), { readId, mode: 'draft', version: 0, answers: { F4: 'marked' } });
    expect(() =>
      saveReadAnswers(db, ctxFor(readerId), { readId, mode: 'draft', version: 0, answers: { F4: 'mild' } }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(stored().map((a) => a.value)).toEqual(['marked']);
  });

  it('clears hidden answers: F4 = none removes F5, with an audit row', () => {
    saveReadAnswers(db, ctxFor(readerId), {
      readId,
      mode: 'draft',
      version: 0,
      answers: { F4: 'marked', F5: 'lt5' },
    });
    saveReadAnswers(db, ctxFor(readerId), {
      readId,
      mode: 'draft',
      version: 1,
      answers: { F4: 'none', F5: 'lt5' },
    });
    expect(stored().map((a) => a.featurePath)).toEqual(['F4']);
    expect(auditFor().map((a) => a.action)).toContain('answer.clear');
  });

  it('refuses every change once the study is closed; the read leaves the worklist and its page', () => {
    const studyId = db.select().from(reads).where(eq(reads.id, readId)).get()!.studyId;
    db.update(studies).set({ status: 'closed' }).where(eq(studies.id, studyId)).run();
    expect(() =>
      saveReadAnswers(db, ctxFor(readerId), { readId, mode: 'draft', version: 0, answers: { F29: 10 } }),
    ).toThrow('This study is closed');
    expect(stored()).toEqual([]);
    const actor = loadActor(db, readerId)!;
    expect(listWorklist(db, actor)).toEqual([]);
    expect(readForReader(db, actor, readId)).toBeNull();
    db.update(studies).set({ status: 'active' }).where(eq(studies.id, studyId)).run();
    expect(listWorklist(db, actor).map((r) => r.readId)).toEqual([readId]);
    expect(readForReader(db, actor, readId)?.read.id).toBe(readId);
  });

  it("treats another reader's read as missing", () => {
    const other = makeUser(db).id;
    expect(() =>
      saveReadAnswers(db, ctxFor(other), { readId, mode: 'draft', version: 0, answers: {} }),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('locks a submitted read; submit needs every visible required answer', () => {
    expect(() =>
      saveReadAnswers(db, ctxFor(readerId), {
        readId,
        mode: 'submit',
        version: 0,
        answers: { F4: 'marked' },
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(
      saveReadAnswers(db, ctxFor(readerId), {
        readId,
        mode: 'submit',
        version: 0,
        answers: completeAnswers(shippedModel('vasari')),
      }),
    ).toEqual({
      version: 1,
      status: 'submitted',
    });
    expect(auditFor().at(-1)?.action).toBe('read.submit');
    expect(() =>
      saveReadAnswers(db, ctxFor(readerId), { readId, mode: 'draft', version: 1, answers: {} }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});

describe('adoptLexiconVersion', () => {
  it('pins content: the same bytes give the same version, changed content under the same number is refused', () => {
    const v = shippedLexicon('ti-rads');
    const ctx = { actor: CLI_ACTOR, requestId: null };
    const first = adoptLexiconVersion(db, ctx, v);
    expect(adoptLexiconVersion(db, ctx, v)).toEqual({ id: first.id, created: false });
    expect(() => adoptLexiconVersion(db, ctx, { ...v, sha256: 'f'.repeat(64) })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    const bumped = adoptLexiconVersion(db, ctx, {
      lexicon: { ...v.lexicon, version: '1.1.0' },
      sha256: 'e'.repeat(64),
    });
    expect(bumped.created).toBe(true);
  });
});

describe('reading time', () => {
  it('adds the active time each save reports, capped per save', () => {
    saveReadAnswers(db, ctxFor(readerId), {
      readId,
      mode: 'draft',
      version: 0,
      answers: {},
      activeMs: 90_000,
    });
    saveReadAnswers(db, ctxFor(readerId), {
      readId,
      mode: 'draft',
      version: 1,
      answers: {},
      activeMs: 3_600_000,
    });
    const row = db.select().from(reads).where(eq(reads.id, readId)).get()!;
    expect(row.activeMs).toBe(90_000 + MAX_ACTIVE_MS_PER_SAVE);
  });
});
