import { describe, expect, it } from 'vitest';
import {
  MAX_SEED,
  WASHOUT_REQUIRED,
  ZStudyInput,
  ZStudySettingsPatch,
  canHoldStudyRole,
  dateToDueDate,
  dueDateToDate,
  lexiconChoiceLabel,
  randomSeed,
  slugify,
  type StudyFormValues,
} from './study-input';

const base: StudyFormValues = {
  name: 'Glioma VASARI reader study',
  lexiconVersionId: 1,
  readers: ['r1', 'r2', 'r3'],
  seed: 12345,
  readSessions: 1,
  design: { kind: 'fully_crossed' },
  phiPolicy: 'refuse',
};

function errorsOf(values: unknown): Record<string, string[]> {
  const r = ZStudyInput.safeParse(values);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of r.error.issues) (out[issue.path.join('.')] ??= []).push(issue.message);
  return out;
}

describe('slugify', () => {
  it('makes a lowercase dashed short name without accents or edge dashes', () => {
    expect(slugify('Glioma VASARI reader study')).toBe('glioma-vasari-reader-study');
    expect(slugify('  Étude — Sein (BI-RADS) 2026! ')).toBe('etude-sein-bi-rads-2026');
    expect(slugify('---')).toBe('');
    const long = slugify('a'.repeat(59) + ' bcd');
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('-')).toBe(false);
  });
});

describe('ZStudyInput', () => {
  it('fills defaults and derives the short name from the name', () => {
    const r = ZStudyInput.parse(base);
    expect(r).toMatchObject({
      slug: 'glioma-vasari-reader-study',
      description: '',
      adjudicators: [],
      analysts: [],
      coordinators: [],
      showCaseMetadata: false,
      washoutDays: 0,
      dueAt: undefined,
    });
    expect(ZStudyInput.parse({ ...base, slug: '', dueAt: '' })).toMatchObject({
      slug: 'glioma-vasari-reader-study',
      dueAt: undefined,
    });
    expect(ZStudyInput.parse({ ...base, slug: 'My-Study', dueAt: '2026-12-31' })).toMatchObject({
      slug: 'my-study',
      dueAt: '2026-12-31',
    });
  });

  it('re-parses its own output unchanged', () => {
    const once = ZStudyInput.parse({ ...base, readSessions: 2, washoutDays: 28, rereadDueDays: 14 });
    expect(ZStudyInput.parse(once)).toEqual(once);
  });

  it('checks the short name', () => {
    expect(errorsOf({ ...base, slug: 'ab' }).slug).toBeDefined();
    expect(errorsOf({ ...base, slug: 'bad slug!' }).slug).toBeDefined();
    expect(errorsOf({ ...base, slug: '-lead' }).slug).toBeDefined();
    expect(errorsOf({ ...base, slug: 'x'.repeat(61) }).slug).toBeDefined();
    expect(errorsOf({ ...base, name: 'A' }).slug?.[0]).toMatch(/^Give a short name/);
    expect(errorsOf({ ...base, name: '' }).slug).toBeUndefined();
    expect(errorsOf({ ...base, name: '' }).name).toEqual(['Enter a name']);
  });

  it('needs readers, each listed once', () => {
    expect(errorsOf({ ...base, readers: [] }).readers).toEqual(['Choose at least one reader']);
    expect(errorsOf({ ...base, readers: ['r1', 'r1'] }).readers).toEqual(['List each person once']);
    expect(errorsOf({ ...base, analysts: ['a', 'a'] }).analysts).toEqual(['List each person once']);
  });

  it('needs a wash-out for a re-read', () => {
    expect(errorsOf({ ...base, readSessions: 2 }).washoutDays).toEqual([WASHOUT_REQUIRED]);
    expect(errorsOf({ ...base, readSessions: 2, washoutDays: 0 }).washoutDays).toEqual([WASHOUT_REQUIRED]);
    expect(errorsOf({ ...base, readSessions: 2, washoutDays: 1 })).toEqual({});
    expect(errorsOf({ ...base, readSessions: 1, washoutDays: 0 })).toEqual({});
    expect(errorsOf({ ...base, washoutDays: 366 }).washoutDays).toBeDefined();
    expect(errorsOf({ ...base, readSessions: 3 }).readSessions).toBeDefined();
  });

  it('reports every problem at once, even beside a type error elsewhere', () => {
    const e = errorsOf({ ...base, lexiconVersionId: undefined, readSessions: 2, washoutDays: 0 });
    expect(e.lexiconVersionId).toEqual(['Choose a lexicon']);
    expect(e.washoutDays).toEqual([WASHOUT_REQUIRED]);
  });

  it('keeps k within the number of readers', () => {
    expect(errorsOf({ ...base, design: { kind: 'k_per_case', k: 4 } })['design.k']).toEqual([
      'k cannot exceed the 3 readers',
    ]);
    expect(errorsOf({ ...base, design: { kind: 'k_per_case', k: 3 } })).toEqual({});
    expect(
      errorsOf({ ...base, readers: ['r1'], design: { kind: 'anchor', k: 2, anchorCount: 5 } })['design.k'],
    ).toEqual(['k cannot exceed the 1 reader']);
    expect(errorsOf({ ...base, design: { kind: 'anchor', k: 2 } })['design.anchorCount']).toBeDefined();
    expect(errorsOf({ ...base, design: { kind: 'k_per_case', k: Number.NaN } })['design.k']).toEqual([
      'Enter a whole number',
    ]);
  });

  it('drops anchor case ids: they are drawn when the design is applied', () => {
    const r = ZStudyInput.parse({
      ...base,
      design: { kind: 'anchor', k: 2, anchorCount: 4, anchorCaseIds: [1, 2] },
    });
    expect(r.design).toEqual({ kind: 'anchor', k: 2, anchorCount: 4 });
  });

  it('checks seed, dates and the PHI policy', () => {
    expect(errorsOf({ ...base, seed: 0 }).seed).toBeDefined();
    expect(errorsOf({ ...base, seed: MAX_SEED + 1 }).seed).toBeDefined();
    expect(errorsOf({ ...base, seed: 1.5 }).seed).toBeDefined();
    expect(errorsOf({ ...base, dueAt: '31/12/2026' }).dueAt).toBeDefined();
    expect(errorsOf({ ...base, rereadDueDays: 0 }).rereadDueDays).toBeDefined();
    expect(errorsOf({ ...base, phiPolicy: 'keep' }).phiPolicy).toBeDefined();
  });
});

describe('ZStudySettingsPatch', () => {
  it('takes partial changes, with null clearing the due dates', () => {
    expect(ZStudySettingsPatch.parse({})).toEqual({});
    expect(ZStudySettingsPatch.parse({ dueAt: null, rereadDueDays: null, status: 'closed' })).toEqual({
      dueAt: null,
      rereadDueDays: null,
      status: 'closed',
    });
    expect(ZStudySettingsPatch.safeParse({ washoutDays: -1 }).success).toBe(false);
    expect(ZStudySettingsPatch.safeParse({ name: '  ' }).success).toBe(false);
  });
});

describe('helpers', () => {
  it('matches account roles to study roles', () => {
    expect(canHoldStudyRole('reader', 'reader')).toBe(true);
    expect(canHoldStudyRole('coordinator', 'reader')).toBe(false);
    expect(canHoldStudyRole('admin', 'coordinator')).toBe(true);
    expect(canHoldStudyRole('analyst', 'adjudicator')).toBe(false);
  });

  it('round-trips due dates and labels lexicon versions', () => {
    expect(dateToDueDate(dueDateToDate('2026-03-01'))).toBe('2026-03-01');
    expect(dateToDueDate(null)).toBe('');
    expect(lexiconChoiceLabel({ key: 'vasari', version: '1.0.0', title: 'VASARI glioma features' })).toBe(
      'VASARI 1.0.0 — VASARI glioma features',
    );
  });

  it('draws seeds in range', () => {
    for (let i = 0; i < 50; i++) {
      const s = randomSeed();
      expect(Number.isInteger(s) && s >= 1 && s <= MAX_SEED).toBe(true);
    }
  });
});
