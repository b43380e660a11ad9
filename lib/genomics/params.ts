import { z } from 'zod';

/**
 * What an association run takes, shared by the page's form, the server action, the API and
 * the command line.
 *
 * - `aggregate`: one imaging value per case and feature, as in the aggregate export:
 *   `central` (median of an ordinal, mean of a number, majority otherwise), `majority`, or
 *   `consensus` (the adjudicated value where the case was adjudicated on that feature, the
 *   central value elsewhere).
 * - `session`: the reading session whose reads are aggregated (1, or 2 for the re-reads).
 * - `key`: which imaging id is matched with the genomic table's ids.
 * - `features`, `columns`: restrict the grid (empty = every feature, every genomic column).
 * - `bonferroni`: also report Bonferroni-adjusted p-values (BH q-values are always reported).
 */
export const ASSOCIATION_AGGREGATES = ['central', 'majority', 'consensus'] as const;

export const ZAssociationParams = z.object({
  aggregate: z.enum(ASSOCIATION_AGGREGATES).default('central'),
  session: z.coerce.number().int().min(1).max(2).default(1),
  key: z.enum(['subject_id', 'case_key']).default('subject_id'),
  features: z.array(z.string().min(1)).max(500).default([]),
  columns: z.array(z.string().min(1)).max(500).default([]),
  bonferroni: z.boolean().default(false),
});

export type AssociationParams = z.infer<typeof ZAssociationParams>;
export type AssociationAggregate = AssociationParams['aggregate'];

export const AGGREGATE_LABELS: Record<AssociationAggregate, string> = {
  central: 'Central value (median of ordinal, mean of numbers, majority otherwise)',
  majority: 'Majority of readers',
  consensus: 'Adjudicated consensus, else central value',
};
