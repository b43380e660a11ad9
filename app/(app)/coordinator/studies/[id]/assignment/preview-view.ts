import type { Assignment, DesignPlan } from '@/lib/study/design';
import { designSummary } from '@/lib/study/design';
import type { AssignmentDesign } from '@/lib/study/design-types';

/** A matrix cell: not assigned, an existing read, or a read the confirmation would create. */
export const CELL = { none: '.', existing: 'e', added: 'n' } as const;
export type CellCode = (typeof CELL)[keyof typeof CELL];

/**
 * A plan as the page draws it, small enough for a 1000-case × 20-reader study: one string per
 * case with one character per reader (see CELL), in the order of `caseIds` and `readerIds`.
 */
export type PreviewView = {
  design: AssignmentDesign;
  summary: string;
  sessions: number;
  caseIds: number[];
  readerIds: string[];
  rows: string[];
  anchorCaseIds: number[];
  perReader: DesignPlan['perReader'];
  pairOverlap: DesignPlan['pairOverlap'];
  uncoveredPairs: number;
  warnings: string[];
  added: number;
};

export function previewView(
  plan: DesignPlan,
  input: { caseIds: number[]; readerIds: string[]; existing: Assignment[]; sessions: number },
): PreviewView {
  const caseIndex = new Map(input.caseIds.map((id, i) => [id, i]));
  const readerIndex = new Map(input.readerIds.map((id, i) => [id, i]));
  const R = input.readerIds.length;
  const grid = input.caseIds.map(() => new Array<string>(R).fill(CELL.none));
  const mark = (a: Assignment, code: CellCode) => {
    const c = caseIndex.get(a.caseId);
    const r = readerIndex.get(a.readerId);
    if (c !== undefined && r !== undefined) grid[c]![r] = code;
  };
  for (const a of input.existing) mark(a, CELL.existing);
  for (const a of plan.added) mark(a, CELL.added);
  return {
    design: plan.design,
    summary: designSummary(plan.design, input.sessions),
    sessions: input.sessions,
    caseIds: input.caseIds,
    readerIds: input.readerIds,
    rows: grid.map((r) => r.join('')),
    anchorCaseIds: plan.design.kind === 'anchor' ? (plan.design.anchorCaseIds ?? []) : [],
    perReader: plan.perReader,
    pairOverlap: plan.pairOverlap,
    uncoveredPairs: plan.uncoveredPairs,
    warnings: plan.warnings,
    added: plan.added.length,
  };
}
