import type { AssignmentDesign } from './design-types';
import { seededRandom } from './seeded-random';

/** One reader assigned to read one case. */
export type Assignment = { caseId: number; readerId: string };

export type DesignPlan = {
  /** The design as applied; for `anchor`, with the anchor cases filled in. */
  design: AssignmentDesign;
  /** New assignments only, by case id then reader order; existing ones are never changed. */
  added: Assignment[];
  /** Cases per reader, in the order of the study's readers. */
  perReader: { readerId: string; existing: number; added: number; total: number }[];
  /** Shared cases of every unordered reader pair (a before b in the study's reader order), existing and added. */
  pairOverlap: { a: string; b: string; cases: number }[];
  /** Reader pairs that share no case: their agreement cannot be measured. */
  uncoveredPairs: number;
  /** Plain-English notes for the study owner. */
  warnings: string[];
};

export type PlanInput = {
  design: AssignmentDesign;
  caseIds: number[];
  readerIds: string[];
  seed: number;
  existing?: Assignment[];
};

/**
 * Plans which reader reads which case.
 *
 * - fully_crossed: every reader gets every case.
 * - k_per_case: every case ends with min(k, readers) readers. Cases are visited in an order
 *   shuffled by the seed; each seat goes to one of the least-loaded readers (load counts every
 *   assignment in the study, existing and new), preferring among equally loaded readers those
 *   who have shared the fewest cases with the readers already on the case, then by the seed.
 *   A repair pass then swaps new assignments between cases, which leaves every reader's load
 *   unchanged, to give reader pairs that still share no case a common case.
 *   From an empty start the loads of any two readers differ by at most one case. Every reader
 *   pair shares at least one case whenever cases · C(k, 2) ≥ 2 · C(readers, 2) (a sufficient
 *   condition, not a necessary one); when the numbers do not allow it, balance is kept and
 *   the plan reports the uncovered pairs with a warning.
 * - anchor: the anchor cases (drawn by the seed when the design has none yet, then kept) go
 *   to every reader; the other cases are split k per case as above. Without any case there
 *   is nothing to draw from, so the design comes back without anchors and they are drawn by
 *   the first plan that has cases.
 *
 * Extending a study (`existing` given) follows the same rules and never changes an existing
 * assignment: a new reader gets every anchor case, and new cases go to the least-loaded
 * readers first, so a reader added late absorbs new cases until their load catches up with
 * the others'. Cases that already have enough readers get none.
 *
 * Existing assignments of readers or cases not in the lists are ignored. The same input and
 * seed always give the same plan; the order of `caseIds` does not matter.
 */
export function planAssignment(input: PlanInput): DesignPlan {
  const { caseIds, readerIds } = input;
  assertUnique(caseIds, (id) => `Case ${id} is listed twice: each case can be assigned only once.`);
  assertUnique(readerIds, (id) => `Reader "${id}" is listed twice: each reader can be assigned only once.`);

  const R = readerIds.length;
  const readerIndex = new Map(readerIds.map((id, i) => [id, i]));
  const sortedCases = [...caseIds].sort((a, b) => a - b);
  const caseSet = new Set(caseIds);
  const warnings: string[] = [];

  const state = new Board(R);
  for (const c of sortedCases) state.open(c);
  const existingCount = new Array<number>(R).fill(0);
  for (const a of input.existing ?? []) {
    const r = readerIndex.get(a.readerId);
    if (r === undefined || !caseSet.has(a.caseId) || state.has(a.caseId, r)) continue;
    state.add(a.caseId, r, false);
    existingCount[r]!++;
  }

  let design: AssignmentDesign = input.design;
  let fullCases: number[] = [];
  let splitCases: number[] = [];
  let k = 0;
  if (design.kind === 'fully_crossed') {
    fullCases = sortedCases;
  } else {
    k = design.k;
    let anchors = new Set<number>();
    if (design.kind === 'anchor') {
      let anchorIds = design.anchorCaseIds;
      if (!anchorIds && sortedCases.length === 0) {
        anchorIds = []; // nothing to draw from yet: the anchors are drawn once there are cases
      } else if (!anchorIds) {
        anchorIds = drawAnchors(
          sortedCases,
          design.anchorCount,
          seededRandom((input.seed ^ 0x9e3779b9) >>> 0),
        );
        if (design.anchorCount > sortedCases.length && sortedCases.length > 0)
          warnings.push(
            `${design.anchorCount} anchor cases were asked for but the study has ${plural(sortedCases.length, 'case')}; all of them are anchors, and cases added later will not be.`,
          );
        design = { ...design, anchorCaseIds: anchorIds };
      } else {
        const gone = new Set(anchorIds.filter((id) => !caseSet.has(id))).size;
        if (gone > 0)
          warnings.push(
            `${plural(gone, 'anchor case')} ${gone === 1 ? 'is' : 'are'} no longer in the study.`,
          );
      }
      anchors = new Set(anchorIds.filter((id) => caseSet.has(id)));
    }
    fullCases = sortedCases.filter((c) => anchors.has(c));
    splitCases = sortedCases.filter((c) => !anchors.has(c));
    if (k > R && R > 0)
      warnings.push(`k = ${k} is more than the ${plural(R, 'reader')}; each case gets ${R}.`);
  }

  // Anchors and fully crossed cases first, so their load counts when the other cases are split.
  for (const c of fullCases) for (let r = 0; r < R; r++) if (!state.has(c, r)) state.add(c, r, true);

  if (splitCases.length > 0 && R > 0) {
    const random = seededRandom(input.seed >>> 0);
    const target = Math.min(k, R);
    for (const c of shuffle(splitCases, random)) fillCase(state, c, target, random);
    repairPairs(state);
  }

  const added: Assignment[] = [];
  const addedCount = new Array<number>(R).fill(0);
  for (const c of sortedCases) {
    for (const r of [...state.addedIn(c)].sort((x, y) => x - y)) {
      added.push({ caseId: c, readerId: readerIds[r]! });
      addedCount[r]!++;
    }
  }
  const perReader = readerIds.map((readerId, r) => ({
    readerId,
    existing: existingCount[r]!,
    added: addedCount[r]!,
    total: existingCount[r]! + addedCount[r]!,
  }));
  const pairOverlap: DesignPlan['pairOverlap'] = [];
  for (let a = 0; a < R; a++)
    for (let b = a + 1; b < R; b++)
      pairOverlap.push({ a: readerIds[a]!, b: readerIds[b]!, cases: state.overlap(a, b) });
  const uncoveredPairs = pairOverlap.filter((p) => p.cases === 0).length;

  if (R === 0) warnings.push('The study has no readers yet: nothing to assign.');
  if (sortedCases.length === 0) warnings.push('The study has no cases yet: nothing to assign.');
  else if (uncoveredPairs > 0) {
    const what = `${plural(uncoveredPairs, 'reader pair')} ${uncoveredPairs === 1 ? 'shares' : 'share'} no case`;
    warnings.push(
      design.kind !== 'fully_crossed' && Math.min(k, R) < 2
        ? `${what}: with k = 1 no two readers read the same case; raise k to 2 or more.`
        : `${what}: add cases or raise k.`,
    );
  }
  if (R > 0) {
    const totals = perReader.map((p) => p.total);
    const min = Math.min(...totals);
    const max = Math.max(...totals);
    if (max - min > 1)
      warnings.push(
        `Reader loads range from ${min} to ${max} cases because of earlier assignments (a reader who joined late, for example); new cases go to the least-loaded readers first.`,
      );
  }

  return { design, added, perReader, pairOverlap, uncoveredPairs, warnings };
}

/** One line for display, e.g. "k = 2 readers per case, 2 sessions". */
export function designSummary(design: AssignmentDesign, readSessions: number): string {
  const sessions = plural(readSessions, 'session');
  const perCase = (k: number) => `k = ${k} ${k === 1 ? 'reader' : 'readers'} per case`;
  switch (design.kind) {
    case 'fully_crossed':
      return `Fully crossed (every reader reads every case), ${sessions}`;
    case 'k_per_case':
      return `${perCase(design.k)}, ${sessions}`;
    case 'anchor': {
      const n = design.anchorCaseIds?.length ?? design.anchorCount;
      return `${plural(n, 'anchor case')} read by all, the rest ${perCase(design.k)}, ${sessions}`;
    }
  }
}

/** Who reads which case so far, with the load of every reader and the shared cases of every pair. */
class Board {
  readonly load: number[];
  private readonly shared: Int32Array;
  private readonly members = new Map<number, number[]>();
  private readonly added = new Map<number, Set<number>>();
  private readonly cases: Set<number>[];

  constructor(readonly readers: number) {
    this.load = new Array<number>(readers).fill(0);
    this.shared = new Int32Array(readers * readers);
    this.cases = Array.from({ length: readers }, () => new Set<number>());
  }

  /** The cases a reader is on, existing and new. */
  casesOf(reader: number): ReadonlySet<number> {
    return this.cases[reader]!;
  }

  open(caseId: number) {
    this.members.set(caseId, []);
    this.added.set(caseId, new Set());
  }

  readersOf(caseId: number): readonly number[] {
    return this.members.get(caseId)!;
  }

  addedIn(caseId: number): ReadonlySet<number> {
    return this.added.get(caseId)!;
  }

  has(caseId: number, reader: number): boolean {
    return this.members.get(caseId)!.includes(reader);
  }

  overlap(a: number, b: number): number {
    return this.shared[a * this.readers + b]!;
  }

  bump(a: number, b: number, by: number) {
    this.shared[a * this.readers + b]! += by;
    this.shared[b * this.readers + a]! += by;
  }

  add(caseId: number, reader: number, isNew: boolean) {
    const list = this.members.get(caseId)!;
    for (const m of list) this.bump(reader, m, 1);
    list.push(reader);
    this.cases[reader]!.add(caseId);
    this.load[reader]!++;
    if (isNew) this.added.get(caseId)!.add(reader);
  }

  /** Replaces new assignment `out` of a case by `into`; loads are the caller's business. */
  replace(caseId: number, out: number, into: number) {
    const list = this.members.get(caseId)!;
    list.splice(list.indexOf(out), 1);
    for (const m of list) {
      this.bump(out, m, -1);
      this.bump(into, m, 1);
    }
    list.push(into);
    this.cases[out]!.delete(caseId);
    this.cases[into]!.add(caseId);
    const added = this.added.get(caseId)!;
    added.delete(out);
    added.add(into);
  }
}

/** Gives a case readers until it has `target`: least-loaded first, then new pairs, then the seed. */
function fillCase(board: Board, caseId: number, target: number, random: () => number) {
  const R = board.readers;
  const members = board.readersOf(caseId);
  while (members.length < target) {
    let best: number[] = [];
    let bestLoad = Infinity;
    let bestNew = -1;
    let bestShared = Infinity;
    for (let r = 0; r < R; r++) {
      if (members.includes(r)) continue;
      const load = board.load[r]!;
      if (load > bestLoad) continue;
      let fresh = 0;
      let shared = 0;
      for (const m of members) {
        const o = board.overlap(r, m);
        if (o === 0) fresh++;
        shared += o;
      }
      const cmp = load - bestLoad || bestNew - fresh || shared - bestShared;
      if (cmp < 0) {
        best = [r];
        bestLoad = load;
        bestNew = fresh;
        bestShared = shared;
      } else if (cmp === 0) {
        best.push(r);
      }
    }
    const pick = best.length === 1 ? best[0]! : best[Math.floor(random() * best.length)]!;
    board.add(caseId, pick, true);
  }
}

/** How many candidate swaps the repair pass may weigh, so that hopeless numbers cannot stall a plan. */
const REPAIR_BUDGET = 1_000_000;

/**
 * Covers reader pairs that share no case by swapping new assignments between two cases: reader
 * x leaves case c1 for case c2 while reader b leaves c2 for c1. Loads stay the same; a swap is
 * taken only when it leaves fewer pairs uncovered, so the pass always ends.
 */
function repairPairs(board: Board) {
  const R = board.readers;
  const budget = { left: REPAIR_BUDGET };
  let spare = false; // a swap can only help if some pair shares more than one case
  const uncovered = () => {
    const pairs: [number, number][] = [];
    spare = false;
    for (let a = 0; a < R; a++)
      for (let b = a + 1; b < R; b++) {
        const o = board.overlap(a, b);
        if (o === 0) pairs.push([a, b]);
        else if (o > 1) spare = true;
      }
    return pairs;
  };
  let pairs = uncovered();
  let improved = true;
  while (pairs.length > 0 && spare && improved && budget.left > 0) {
    improved = false;
    for (const [p, q] of pairs) {
      if (board.overlap(p, q) > 0) continue;
      if (trySwap(board, p, q, budget) || trySwap(board, q, p, budget)) improved = true;
      if (budget.left <= 0) break;
    }
    pairs = uncovered();
  }
}

/** Brings b into a case of a (taking the place of a new reader x there), sending x to a case of b. */
function trySwap(board: Board, a: number, b: number, budget: { left: number }): boolean {
  for (const c1 of board.casesOf(a)) {
    const m1 = board.readersOf(c1);
    if (m1.includes(b)) continue;
    for (const x of board.addedIn(c1)) {
      if (x === a) continue;
      for (const c2 of board.casesOf(b)) {
        if (!board.addedIn(c2).has(b)) continue;
        const m2 = board.readersOf(c2);
        if (m2.includes(x)) continue;
        if (--budget.left < 0) return false;
        if (gain(board, m1, m2, x, b) > 0) {
          board.replace(c1, x, b);
          board.replace(c2, b, x);
          return true;
        }
      }
    }
  }
  return false;
}

/**
 * Newly covered minus newly uncovered pairs if x (in m1) and b (in m2) change places. A reader on
 * both cases keeps both pairs; every other pair of x or b moves by one.
 */
function gain(board: Board, m1: readonly number[], m2: readonly number[], x: number, b: number): number {
  let net = 0;
  for (const m of m1) {
    if (m === x || m2.includes(m)) continue;
    if (board.overlap(x, m) === 1) net--;
    if (board.overlap(b, m) === 0) net++;
  }
  for (const m of m2) {
    if (m === b || m1.includes(m)) continue;
    if (board.overlap(b, m) === 1) net--;
    if (board.overlap(x, m) === 0) net++;
  }
  return net;
}

function drawAnchors(sortedCases: number[], count: number, random: () => number): number[] {
  return shuffle(sortedCases, random)
    .slice(0, Math.min(count, sortedCases.length))
    .sort((a, b) => a - b);
}

/** A Fisher–Yates shuffle of a copy. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function assertUnique<T>(items: readonly T[], message: (item: T) => string) {
  const seen = new Set<T>();
  for (const item of items) {
    if (seen.has(item)) throw new Error(message(item));
    seen.add(item);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
