import { z } from 'zod';

/**
 * How a study assigns cases to readers, stored as data on the study.
 * - fully_crossed: every reader reads every case.
 * - k_per_case: each case is read by k readers, balanced across readers, with every reader
 *   pair overlapping on some cases when the numbers allow it.
 * - anchor: every reader reads the anchor cases; the rest are split k per case as above.
 *   The anchor cases are drawn once (by the seed) and kept, so later cases never move them.
 */
export const ZAssignmentDesign = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fully_crossed') }),
  z.object({ kind: z.literal('k_per_case'), k: z.number().int().min(1).max(100) }),
  z.object({
    kind: z.literal('anchor'),
    k: z.number().int().min(1).max(100),
    anchorCount: z.number().int().min(1).max(10_000),
    /** Chosen when the design is first applied; absent before. */
    anchorCaseIds: z.array(z.number().int()).optional(),
  }),
]);
export type AssignmentDesign = z.infer<typeof ZAssignmentDesign>;

export const DESIGN_LABELS: Record<AssignmentDesign['kind'], string> = {
  fully_crossed: 'Fully crossed: every reader reads every case',
  k_per_case: 'k readers per case, balanced',
  anchor: 'Anchor set read by all, the rest k per case',
};
