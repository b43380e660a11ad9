import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designSummary, planAssignment, type Assignment, type DesignPlan } from './design';
import type { AssignmentDesign } from './design-types';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);
const readers = (n: number) => range(n, 0).map((i) => `r${i}`);

function spread(plan: DesignPlan): number {
  const totals = plan.perReader.map((p) => p.total);
  return Math.max(...totals) - Math.min(...totals);
}

/** Readers per case, existing and added together. */
function byCase(plan: DesignPlan, existing: Assignment[] = []): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const a of [...existing, ...plan.added]) map.set(a.caseId, [...(map.get(a.caseId) ?? []), a.readerId]);
  return map;
}

function plan(design: AssignmentDesign, n: number, r: number, seed = 1, existing?: Assignment[]) {
  return planAssignment({ design, caseIds: range(n), readerIds: readers(r), seed, existing });
}

describe('planAssignment: fully crossed', () => {
  it('gives every reader every case and every pair all of them', () => {
    const p = plan({ kind: 'fully_crossed' }, 5, 3);
    expect(p.added).toHaveLength(15);
    expect(p.perReader.map((x) => x.total)).toEqual([5, 5, 5]);
    expect(p.pairOverlap).toEqual([
      { a: 'r0', b: 'r1', cases: 5 },
      { a: 'r0', b: 'r2', cases: 5 },
      { a: 'r1', b: 'r2', cases: 5 },
    ]);
    expect(p.uncoveredPairs).toBe(0);
    expect(p.warnings).toEqual([]);
  });

  it('adds only what is missing', () => {
    const existing = [
      { caseId: 1, readerId: 'r0' },
      { caseId: 2, readerId: 'r1' },
    ];
    const p = plan({ kind: 'fully_crossed' }, 2, 2, 1, existing);
    expect(p.added).toEqual([
      { caseId: 1, readerId: 'r1' },
      { caseId: 2, readerId: 'r0' },
    ]);
    expect(p.perReader).toEqual([
      { readerId: 'r0', existing: 1, added: 1, total: 2 },
      { readerId: 'r1', existing: 1, added: 1, total: 2 },
    ]);
  });
});

describe('planAssignment: k per case', () => {
  it('covers all 3 pairs of 3 readers with 3 cases, 2 each', () => {
    for (let seed = 0; seed < 20; seed++) {
      const p = plan({ kind: 'k_per_case', k: 2 }, 3, 3, seed);
      expect(p.perReader.map((x) => x.total)).toEqual([2, 2, 2]);
      expect(p.pairOverlap.map((x) => x.cases)).toEqual([1, 1, 1]);
      expect(p.uncoveredPairs).toBe(0);
    }
  });

  it('covers all 6 pairs of 4 readers with 6 cases, 3 each', () => {
    for (let seed = 0; seed < 20; seed++) {
      const p = plan({ kind: 'k_per_case', k: 2 }, 6, 4, seed);
      expect(p.perReader.map((x) => x.total)).toEqual([3, 3, 3, 3]);
      expect(p.pairOverlap.map((x) => x.cases)).toEqual([1, 1, 1, 1, 1, 1]);
    }
  });

  it('balances the load, covers every pair when cases · C(k,2) ≥ 2 · C(R,2), and reports uncovered pairs otherwise', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 9 })
          .chain((r) =>
            fc.tuple(
              fc.constant(r),
              fc.integer({ min: 2, max: r }),
              fc.integer({ min: 0, max: 80 }),
              fc.integer({ min: 0, max: 0xffffffff }),
            ),
          ),
        ([r, k, n, seed]) => {
          const p = plan({ kind: 'k_per_case', k }, n, r, seed);
          expect(spread(p)).toBeLessThanOrEqual(1);
          const cases = byCase(p);
          expect(cases.size).toBe(n);
          for (const list of cases.values()) {
            expect(list).toHaveLength(k);
            expect(new Set(list).size).toBe(k);
          }
          const uncovered = p.pairOverlap.filter((x) => x.cases === 0).length;
          expect(p.uncoveredPairs).toBe(uncovered);
          if ((n * k * (k - 1)) / 2 >= r * (r - 1)) expect(uncovered).toBe(0);
          if (uncovered > 0 && n > 0) expect(p.warnings.join(' ')).toMatch(/share(s)? no case/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('caps k at the number of readers, with a warning', () => {
    const p = plan({ kind: 'k_per_case', k: 4 }, 5, 3);
    expect(p.added).toHaveLength(15);
    expect(p.warnings).toContain('k = 4 is more than the 3 readers; each case gets 3.');
  });

  it('warns when reader pairs share no case', () => {
    const p = plan({ kind: 'k_per_case', k: 2 }, 2, 4);
    expect(p.uncoveredPairs).toBe(4);
    expect(p.warnings).toContain('4 reader pairs share no case: add cases or raise k.');
    const single = plan({ kind: 'k_per_case', k: 1 }, 10, 2);
    expect(single.uncoveredPairs).toBe(1);
    expect(single.perReader.map((x) => x.total)).toEqual([5, 5]);
    expect(single.warnings[0]).toMatch(/^1 reader pair shares no case: with k = 1/);
  });

  it('plans 1000 cases for 20 readers, 3 per case, balanced with every pair covered', () => {
    const p = plan({ kind: 'k_per_case', k: 3 }, 1000, 20, 42);
    expect(p.added).toHaveLength(3000);
    expect(p.perReader.every((x) => x.total === 150)).toBe(true);
    expect(p.pairOverlap).toHaveLength(190);
    expect(p.uncoveredPairs).toBe(0);
    const counts = p.pairOverlap.map((x) => x.cases);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('is deterministic for a seed, independent of the case order, and differs between seeds', () => {
    const design = { kind: 'k_per_case', k: 2 } as const;
    const a = plan(design, 30, 5, 7);
    expect(plan(design, 30, 5, 7)).toEqual(a);
    expect(planAssignment({ design, caseIds: range(30).reverse(), readerIds: readers(5), seed: 7 })).toEqual(
      a,
    );
    const others = [8, 9, 10].map((seed) => plan(design, 30, 5, seed).added);
    expect(others.some((added) => JSON.stringify(added) !== JSON.stringify(a.added))).toBe(true);
  });

  it('never changes existing assignments and gives cases that are full nothing', () => {
    const existing = [
      { caseId: 1, readerId: 'r0' },
      { caseId: 1, readerId: 'r1' },
      { caseId: 2, readerId: 'r2' },
    ];
    const p = plan({ kind: 'k_per_case', k: 2 }, 4, 3, 3, existing);
    expect(p.added.some((a) => a.caseId === 1)).toBe(false);
    expect(p.added.filter((a) => a.caseId === 2).map((a) => a.readerId)).not.toContain('r2');
    for (const list of byCase(p, existing).values()) expect(list).toHaveLength(2);
    expect(p.perReader.map((x) => x.existing)).toEqual([1, 1, 1]);
  });

  it('extends a balanced study with new cases and keeps it balanced', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.nat(),
        (r, k, n1, n2, seed) => {
          const design = { kind: 'k_per_case', k } as const;
          const first = plan(design, n1, r, seed);
          const second = plan(design, n1 + n2, r, seed + 1, first.added);
          expect(spread(second)).toBeLessThanOrEqual(1);
          expect(second.added.every((a) => a.caseId > n1)).toBe(true);
          expect(second.perReader.reduce((s, x) => s + x.added, 0)).toBe(n2 * Math.min(k, r));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('lets a reader added late absorb new cases until their load catches up', () => {
    const design = { kind: 'k_per_case', k: 2 } as const;
    const first = plan(design, 12, 3, 5); // 8 cases each
    const p = planAssignment({
      design,
      caseIds: range(18),
      readerIds: readers(4),
      seed: 5,
      existing: first.added,
    });
    const late = p.perReader.find((x) => x.readerId === 'r3')!;
    expect(late).toEqual({ readerId: 'r3', existing: 0, added: 6, total: 6 });
    expect(p.added).toHaveLength(12);
    expect(p.warnings.some((w) => w.startsWith('Reader loads range from 6 to 10 cases'))).toBe(true);
  });

  it('ignores existing assignments of readers or cases no longer listed', () => {
    const p = plan({ kind: 'k_per_case', k: 1 }, 2, 2, 1, [
      { caseId: 99, readerId: 'r0' },
      { caseId: 1, readerId: 'gone' },
    ]);
    expect(p.perReader.map((x) => x.existing)).toEqual([0, 0]);
    expect(p.added).toHaveLength(2);
  });
});

describe('planAssignment: anchor', () => {
  it('draws the anchors by the seed, gives them to every reader and splits the rest', () => {
    const p = plan({ kind: 'anchor', k: 2, anchorCount: 5 }, 40, 4, 11);
    if (p.design.kind !== 'anchor') throw new Error('kind');
    const anchors = p.design.anchorCaseIds!;
    expect(anchors).toHaveLength(5);
    expect([...anchors].sort((a, b) => a - b)).toEqual(anchors);
    const cases = byCase(p);
    for (const [caseId, list] of cases) expect(list).toHaveLength(anchors.includes(caseId) ? 4 : 2);
    expect(spread(p)).toBeLessThanOrEqual(1);
    expect(p.uncoveredPairs).toBe(0);
    expect(plan({ kind: 'anchor', k: 2, anchorCount: 5 }, 40, 4, 11)).toEqual(p);
    const other = plan({ kind: 'anchor', k: 2, anchorCount: 5 }, 40, 4, 12);
    expect(other.design).not.toEqual(p.design);
  });

  it('uses the anchors as given, skipping any no longer in the study', () => {
    const p = plan({ kind: 'anchor', k: 1, anchorCount: 3, anchorCaseIds: [2, 3, 77] }, 6, 3);
    expect(p.design).toEqual({ kind: 'anchor', k: 1, anchorCount: 3, anchorCaseIds: [2, 3, 77] });
    const cases = byCase(p);
    expect(cases.get(2)).toHaveLength(3);
    expect(cases.get(3)).toHaveLength(3);
    for (const c of [1, 4, 5, 6]) expect(cases.get(c)).toHaveLength(1);
    expect(p.uncoveredPairs).toBe(0);
    expect(p.warnings).toContain('1 anchor case is no longer in the study.');
  });

  it('makes every case an anchor when fewer cases than anchors exist', () => {
    const p = plan({ kind: 'anchor', k: 2, anchorCount: 10 }, 4, 3);
    expect(p.design).toMatchObject({ anchorCaseIds: [1, 2, 3, 4] });
    expect(p.added).toHaveLength(12);
    expect(p.warnings[0]).toMatch(/10 anchor cases were asked for but the study has 4 cases/);
  });

  it('waits for cases before drawing the anchors', () => {
    const p = plan({ kind: 'anchor', k: 2, anchorCount: 3 }, 0, 3);
    expect(p.design).toEqual({ kind: 'anchor', k: 2, anchorCount: 3 });
    expect(p.added).toEqual([]);
  });

  it('gives a new reader every anchor case and new cases by load', () => {
    const design = { kind: 'anchor', k: 2, anchorCount: 3 } as const;
    const first = plan(design, 15, 3, 2);
    const applied = first.design;
    const p = planAssignment({
      design: applied,
      caseIds: range(21),
      readerIds: readers(4),
      seed: 2,
      existing: first.added,
    });
    expect(p.design).toEqual(applied);
    const anchors = (applied as { anchorCaseIds: number[] }).anchorCaseIds;
    const late = p.added.filter((a) => a.readerId === 'r3').map((a) => a.caseId);
    for (const id of anchors) expect(late).toContain(id);
    expect(p.added.filter((a) => a.caseId <= 15 && a.readerId !== 'r3')).toEqual([]);
    for (const [caseId, list] of byCase(p, first.added))
      expect(list).toHaveLength(anchors.includes(caseId) ? 4 : 2);
  });
});

describe('planAssignment: validation', () => {
  it('refuses duplicate case and reader ids', () => {
    expect(() =>
      planAssignment({ design: { kind: 'fully_crossed' }, caseIds: [1, 2, 1], readerIds: ['a'], seed: 1 }),
    ).toThrow('Case 1 is listed twice');
    expect(() =>
      planAssignment({ design: { kind: 'fully_crossed' }, caseIds: [1], readerIds: ['a', 'a'], seed: 1 }),
    ).toThrow('Reader "a" is listed twice');
  });

  it('handles a study without cases or readers', () => {
    const empty = plan({ kind: 'k_per_case', k: 2 }, 0, 3);
    expect(empty.added).toEqual([]);
    expect(empty.uncoveredPairs).toBe(3);
    expect(empty.warnings).toEqual(['The study has no cases yet: nothing to assign.']);
    const none = plan({ kind: 'k_per_case', k: 2 }, 3, 0);
    expect(none.added).toEqual([]);
    expect(none.pairOverlap).toEqual([]);
    expect(none.warnings).toEqual(['The study has no readers yet: nothing to assign.']);
  });
});

describe('designSummary', () => {
  it('describes each design in one line', () => {
    expect(designSummary({ kind: 'k_per_case', k: 2 }, 2)).toBe('k = 2 readers per case, 2 sessions');
    expect(designSummary({ kind: 'k_per_case', k: 1 }, 1)).toBe('k = 1 reader per case, 1 session');
    expect(designSummary({ kind: 'fully_crossed' }, 1)).toBe(
      'Fully crossed (every reader reads every case), 1 session',
    );
    expect(designSummary({ kind: 'anchor', k: 3, anchorCount: 10 }, 2)).toBe(
      '10 anchor cases read by all, the rest k = 3 readers per case, 2 sessions',
    );
    expect(designSummary({ kind: 'anchor', k: 3, anchorCount: 10, anchorCaseIds: [1] }, 1)).toBe(
      '1 anchor case read by all, the rest k = 3 readers per case, 1 session',
    );
  });
});
