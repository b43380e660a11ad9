import { z } from 'zod';

/**
 * What triggers adjudication for one feature of the study's lexicon:
 * - any: any disagreement between the readers' session-1 answers;
 * - steps: an ordinal feature whose answers differ by more than `threshold` steps of the
 *   declared order;
 * - units: a numeric feature whose answers differ by more than `threshold` of its unit.
 */
export const ZAdjudicationRule = z.discriminatedUnion('kind', [
  z.object({ featureId: z.string().min(1), kind: z.literal('any') }),
  z.object({ featureId: z.string().min(1), kind: z.literal('steps'), threshold: z.number().int().min(0) }),
  z.object({ featureId: z.string().min(1), kind: z.literal('units'), threshold: z.number().min(0) }),
]);
export type AdjudicationRule = z.infer<typeof ZAdjudicationRule>;

export const ZAdjudicationConfig = z.object({ rules: z.array(ZAdjudicationRule) });
export type AdjudicationConfig = z.infer<typeof ZAdjudicationConfig>;

/** Why a case needs adjudication on one feature path (a feature, or a feature of lesion i). */
export type AdjudicationTrigger = { featureId: string; path: string; reason: string };
