import { z } from 'zod';

/**
 * The lexicon file format (lexicons/*.yaml). A lexicon is data: sections of coded features.
 * The same schema emits lexicons/lexicon.schema.json for editors.
 */

const ZId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'use letters, digits and _ (starting with a letter)')
  .max(64);

const ZOptionCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/, 'use letters, digits and _ . + - (no spaces)')
  .max(64);

/** A code in a terminology: RadLex RID, caDSR CDE, RadElement, … */
export const ZCode = z.strictObject({
  system: z.enum(['RadLex', 'caDSR', 'RadElement', 'SNOMED', 'LOINC', 'DICOM']),
  code: z.string().min(1),
  /** exact: the same concept; close: a broader or sibling concept a reviewer should confirm. */
  match: z.enum(['exact', 'close']),
  display: z.string().optional(),
});
export type TCode = z.infer<typeof ZCode>;

/** A RadLex RID has the form RID followed by digits. */
export const RADLEX_RID = /^RID\d+$/;

type TConditionShape =
  | { all: TConditionShape[] }
  | { any: TConditionShape[] }
  | { not: TConditionShape }
  | { feature: string; equals: string | number | boolean }
  | { feature: string; in: (string | number | boolean)[] }
  | { feature: string; answered: boolean };

const ZScalar = z.union([z.string(), z.number(), z.boolean()]);

/** Conditions are structured data: all/any/not over {feature, equals | in | answered}. */
export const ZCondition: z.ZodType<TConditionShape> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ZCondition).min(1) }),
    z.strictObject({ any: z.array(ZCondition).min(1) }),
    z.strictObject({ not: ZCondition }),
    z.strictObject({ feature: ZId, equals: ZScalar }),
    z.strictObject({ feature: ZId, in: z.array(ZScalar).min(1) }),
    z.strictObject({ feature: ZId, answered: z.boolean() }),
  ]),
);
export type TCondition = TConditionShape;

export const ZOption = z.strictObject({
  code: ZOptionCode,
  label: z.string().min(1),
  help: z.string().optional(),
  /** The number exported for this option (e.g. the VASARI numeric code). */
  score: z.number().optional(),
  /** How the score is known: verified in a source, inferred from a convention, or not on the numeric scale. */
  score_status: z.enum(['verified', 'inferred', 'not_in_numeric_scale']).optional(),
  codes: z.array(ZCode).default([]),
  /** An answer that says the feature could not be or need not be assessed; distinct from unanswered. */
  missingness: z.enum(['not_assessable', 'not_applicable']).optional(),
  /** Choosing this option excludes every other in a multiple choice (e.g. "none"). */
  exclusive: z.boolean().optional(),
  show_if: ZCondition.optional(),
  note: z.string().optional(),
});
export type TOption = z.infer<typeof ZOption>;

const featureBase = {
  id: ZId,
  label: z.string().min(1),
  /** Help text in the project's own words. */
  help: z.string().optional(),
  codes: z.array(ZCode).default([]),
  required: z.boolean().default(false),
  show_if: ZCondition.optional(),
  require_if: ZCondition.optional(),
  note: z.string().optional(),
};

const ZChoiceOptions = z.array(ZOption).min(1);

export const ZSingleChoice = z.strictObject({
  ...featureBase,
  type: z.literal('single_choice'),
  options: ZChoiceOptions,
});
export const ZMultipleChoice = z.strictObject({
  ...featureBase,
  type: z.literal('multiple_choice'),
  options: ZChoiceOptions,
  min_selected: z.number().int().min(1).optional(),
  max_selected: z.number().int().min(1).optional(),
});
/** Ordered options; each should carry an export score. */
export const ZOrdinal = z.strictObject({
  ...featureBase,
  type: z.literal('ordinal'),
  options: ZChoiceOptions,
});
export const ZBoolean = z.strictObject({
  ...featureBase,
  type: z.literal('boolean'),
  true_label: z.string().default('Yes'),
  false_label: z.string().default('No'),
});
export const ZNumeric = z.strictObject({
  ...featureBase,
  type: z.literal('numeric'),
  /** A UCUM unit, e.g. mm, cm, mm2, mL, %. */
  unit: z.string().min(1),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().positive().optional(),
  decimals: z.number().int().min(0).max(6).default(1),
  /** The viewer tool that can fill this field. */
  measurement: z.enum(['length', 'area', 'volume']).optional(),
});
export const ZDate = z.strictObject({ ...featureBase, type: z.literal('date') });
/** Free text: allowed, but `lexicon check` warns, because it defeats the lexicon's purpose. */
export const ZText = z.strictObject({
  ...featureBase,
  type: z.literal('text'),
  max_length: z.number().int().min(1).default(2000),
});

/** A read-only value derived from other answers by a structured rule; always recomputed on the server. */
export const ZCompute = z.discriminatedUnion('kind', [
  /** Sum of the scores of the chosen options of `of` (all chosen options of a multiple choice). */
  z.strictObject({ kind: z.literal('sum_scores'), of: z.array(ZId).min(1) }),
  /** Maps the number in `from` to an option code by inclusive ranges; a number in no range gives no value. */
  z.strictObject({
    kind: z.literal('lookup'),
    from: ZId,
    ranges: z
      .array(
        z.strictObject({
          min: z.number().optional(),
          max: z.number().optional(),
          value: ZOptionCode,
        }),
      )
      .min(1),
    /** Why a number in no range has no value, shown to the reader. */
    unmatched_reason: z.string().optional(),
  }),
]);
export type TCompute = z.infer<typeof ZCompute>;

export const ZComputed = z.strictObject({
  ...featureBase,
  type: z.literal('computed'),
  compute: ZCompute,
  /** For a lookup: the categories it yields, with codes and scores like any option. */
  options: z.array(ZOption).optional(),
  unit: z.string().optional(),
});

export const ZFeature = z.discriminatedUnion('type', [
  ZSingleChoice,
  ZMultipleChoice,
  ZOrdinal,
  ZBoolean,
  ZNumeric,
  ZDate,
  ZText,
  ZComputed,
]);
export type TFeature = z.infer<typeof ZFeature>;
export type TFeatureType = TFeature['type'];
export const FEATURE_TYPES = ZFeature.options.map((o) => o.shape.type.value) as TFeatureType[];

export const ZSection = z.strictObject({
  id: ZId,
  title: z.string().min(1),
  help: z.string().optional(),
  /** A section that repeats once per finding (e.g. per lesion), numbered from 1 in the form. */
  repeat: z
    .strictObject({
      label: z.string().min(1),
      min: z.number().int().min(0).default(0),
      max: z.number().int().min(1).max(50).default(10),
    })
    .optional(),
  show_if: ZCondition.optional(),
  features: z.array(ZFeature).min(1),
});
export type TSection = z.infer<typeof ZSection>;

export const ZLexicon = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and -'),
  title: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'use a semantic version such as 1.0.0'),
  description: z.string().min(1),
  references: z
    .array(z.strictObject({ title: z.string().min(1), url: z.url().optional(), doi: z.string().optional() }))
    .default([]),
  /** The imaging context, used to pick hanging protocols (e.g. MR brain). */
  modality: z.string().optional(),
  sections: z.array(ZSection).min(1),
});
export type TLexicon = z.infer<typeof ZLexicon>;
