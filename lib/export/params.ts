import { z } from 'zod';

/** What an export writes: a table format, or a zip bundling tables, codebook and a README. */
export const EXPORT_FORMATS = ['csv', 'tsv', 'json', 'parquet', 'cbioportal', 'imrmc', 'zip'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_AGGREGATES = ['consensus', 'majority', 'central'] as const;

/**
 * The parameters of one export, the same for the page, the versioned API (as query parameters)
 * and the command line. Strings from a query string are coerced here.
 */
export const ZExportParams = z
  .object({
    layout: z.enum(['long', 'wide']).default('wide'),
    /** Wide only: per reader, or one aggregate column per feature. */
    per: z.enum(['reader', 'aggregate']).default('reader'),
    /** With per=aggregate: consensus, majority, central (median / mean / majority by type), or reader:<label>. */
    aggregate: z
      .string()
      .regex(
        /^(consensus|majority|central|reader:[a-z0-9_]{1,40})$/,
        'Choose consensus, majority, central or reader:<label>',
      )
      .default('central'),
    format: z.enum(EXPORT_FORMATS).default('csv'),
    /** Sessions to include (long); the wide layout uses the first one. */
    sessions: z
      .union([z.string(), z.array(z.coerce.number())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',').filter(Boolean).map(Number)))
      .pipe(z.array(z.number().int().min(1).max(2)).min(1))
      .default([1]),
    /** Feature ids to include; empty for all. */
    features: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',').filter(Boolean)))
      .pipe(z.array(z.string().regex(/^[A-Za-z][\w-]{0,63}$/)).max(500))
      .default([]),
    valueAs: z.enum(['code', 'score']).default('code'),
    lesions: z.enum(['index', 'summary']).default('index'),
    maxLesions: z.coerce.number().int().min(1).max(50).default(5),
    /** iMRMC: the ordinal feature whose option scores are the readers' scores (e.g. a BI-RADS assessment). */
    scoreFeature: z
      .string()
      .regex(/^[A-Za-z][\w-]{0,63}$/)
      .optional(),
    /** iMRMC: the yes/no feature of the study's reference standard that gives each case's truth. */
    truthFeature: z
      .string()
      .regex(/^[A-Za-z][\w-]{0,63}$/)
      .optional(),
    /** cBioPortal: one row per patient or per sample. */
    level: z.enum(['patient', 'sample']).default('patient'),
  })
  .refine((p) => p.format !== 'imrmc' || p.layout === 'long', {
    message: 'iMRMC files are made from the long layout',
    path: ['format'],
  })
  .refine((p) => p.format !== 'imrmc' || p.scoreFeature, {
    message: 'Choose the feature whose scores iMRMC analyses',
    path: ['scoreFeature'],
  })
  .refine((p) => p.format !== 'cbioportal' || p.layout === 'wide', {
    message: 'cBioPortal clinical files are made from the wide layout (one row per case)',
    path: ['format'],
  });
export type ExportParams = z.infer<typeof ZExportParams>;
