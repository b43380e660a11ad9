import { z } from 'zod';
import { STUDY_ROLES, type GlobalRole, type StudyRole } from '@/lib/auth/roles';
import { PHI_POLICIES } from '@/lib/dicom/phi/policy';

/**
 * What a coordinator enters to create a study, and later changes in its settings. The same
 * schemas validate the client form and the server action (the form sends plain JSON, so
 * numbers arrive as numbers).
 */

export const MAX_SEED = 2 ** 31 - 1;
export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
export const WASHOUT_REQUIRED = 'A re-read needs a wash-out of at least one day';

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** A URL-friendly short name from a study name: lowercase letters, digits and single dashes. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, '');
}

/** Why a short name is not acceptable, or null when it is. */
export function slugProblem(slug: string): string | null {
  if (slug.length < SLUG_MIN) return `Use at least ${SLUG_MIN} letters or digits`;
  if (slug.length > SLUG_MAX) return `Use at most ${SLUG_MAX} characters`;
  if (!SLUG_RE.test(slug))
    return 'Use lowercase letters, digits and dashes, starting and ending with a letter or digit';
  return null;
}

/** A fresh randomization seed in 1..2^31−1. */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return ((buf[0] ?? 1) % MAX_SEED) + 1;
}

/** Which account roles may hold each study role. */
export const STUDY_ROLE_ACCOUNTS: Record<StudyRole, readonly GlobalRole[]> = {
  reader: ['reader'],
  adjudicator: ['adjudicator'],
  analyst: ['analyst'],
  coordinator: ['coordinator', 'admin'],
};

export const STUDY_ROLE_LABELS: Record<StudyRole, { one: string; many: string }> = {
  coordinator: { one: 'Coordinator', many: 'Coordinators' },
  reader: { one: 'Reader', many: 'Readers' },
  adjudicator: { one: 'Adjudicator', many: 'Adjudicators' },
  analyst: { one: 'Analyst', many: 'Analysts' },
};

export function canHoldStudyRole(accountRole: GlobalRole, role: StudyRole): boolean {
  return STUDY_ROLE_ACCOUNTS[role].includes(accountRole);
}

/** "VASARI 1.0.0 — title", as the lexicon pickers show a version. */
export function lexiconChoiceLabel(v: { key: string; version: string; title: string }): string {
  return `${v.key.toUpperCase()} ${v.version} — ${v.title}`;
}

/** A due date as the form holds it (yyyy-mm-dd) to the stored instant: the end of that day, UTC. */
export function dueDateToDate(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

/** The stored due instant back to the form's yyyy-mm-dd. */
export function dateToDueDate(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : '';
}

const wholeNumber = { error: 'Enter a whole number' };

const ZName = z.string().trim().min(1, 'Enter a name').max(200, 'Use at most 200 characters');
const ZDescription = z.string().trim().max(2000, 'Use at most 2000 characters');
const ZUserIds = z.array(z.string().min(1));
const ZWashoutDays = z
  .number(wholeNumber)
  .int(wholeNumber.error)
  .min(0, 'Use 0 to 365 days')
  .max(365, 'Use 0 to 365 days');
const ZRereadDueDays = z
  .number(wholeNumber)
  .int(wholeNumber.error)
  .min(1, 'Use 1 to 365 days')
  .max(365, 'Use 1 to 365 days');
const ZDueDate = z.iso.date({ error: 'Enter a date as yyyy-mm-dd' });
const ZK = z
  .number(wholeNumber)
  .int(wholeNumber.error)
  .min(1, 'k must be at least 1')
  .max(100, 'k can be at most 100');

/** The design as chosen at creation; anchor cases are drawn later, when the design is applied. */
export const ZNewDesign = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('fully_crossed') }),
    z.object({ kind: z.literal('k_per_case'), k: ZK }),
    z.object({
      kind: z.literal('anchor'),
      k: ZK,
      anchorCount: z
        .number(wholeNumber)
        .int(wholeNumber.error)
        .min(1, 'Use at least one anchor case')
        .max(10_000, 'Use at most 10000 anchor cases'),
    }),
  ],
  { error: 'Choose an assignment design' },
);
export type NewDesign = z.infer<typeof ZNewDesign>;

function duplicates(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

export const ZStudyInput = z
  .object({
    name: ZName,
    /** Empty or absent: derived from the name. */
    slug: z.string().trim().toLowerCase().optional(),
    description: ZDescription.default(''),
    lexiconVersionId: z
      .number({ error: 'Choose a lexicon' })
      .int('Choose a lexicon')
      .positive('Choose a lexicon'),
    readers: ZUserIds.min(1, 'Choose at least one reader'),
    adjudicators: ZUserIds.default([]),
    analysts: ZUserIds.default([]),
    /** Co-coordinators; whoever creates the study is always a coordinator of it. */
    coordinators: ZUserIds.default([]),
    showCaseMetadata: z.boolean().default(false),
    seed: z
      .number(wholeNumber)
      .int(wholeNumber.error)
      .min(1, `Use a seed from 1 to ${MAX_SEED}`)
      .max(MAX_SEED, `Use a seed from 1 to ${MAX_SEED}`),
    readSessions: z.union([z.literal(1), z.literal(2)], { error: 'Choose one or two reading sessions' }),
    washoutDays: ZWashoutDays.default(0),
    dueAt: z.union([z.literal(''), ZDueDate]).optional(),
    rereadDueDays: ZRereadDueDays.optional(),
    design: ZNewDesign,
    phiPolicy: z.enum(PHI_POLICIES, { error: 'Choose how images with patient data are handled' }),
  })
  // Runs even when other fields are still wrong, so every problem shows at once.
  .superRefine(
    (parsed, ctx) => {
      const v = parsed as { [K in keyof typeof parsed]?: unknown };
      const name = typeof v.name === 'string' ? v.name : '';
      const given = typeof v.slug === 'string' ? v.slug : '';
      const problem = slugProblem(given || slugify(name));
      if (problem && (given || name))
        ctx.addIssue({
          code: 'custom',
          path: ['slug'],
          message: given ? problem : `Give a short name: ${problem.toLowerCase()}`,
        });
      for (const role of ['readers', 'adjudicators', 'analysts', 'coordinators'] as const) {
        const ids = v[role];
        if (Array.isArray(ids) && duplicates(ids))
          ctx.addIssue({ code: 'custom', path: [role], message: 'List each person once' });
      }
      if (v.readSessions === 2 && typeof v.washoutDays === 'number' && v.washoutDays < 1)
        ctx.addIssue({ code: 'custom', path: ['washoutDays'], message: WASHOUT_REQUIRED });
      const design = v.design as { kind?: unknown; k?: unknown } | undefined;
      const n = Array.isArray(v.readers) ? v.readers.length : 0;
      if (design && design.kind !== 'fully_crossed' && typeof design.k === 'number' && n > 0 && design.k > n)
        ctx.addIssue({
          code: 'custom',
          path: ['design', 'k'],
          message: `k cannot exceed the ${n} reader${n === 1 ? '' : 's'}`,
        });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((v) => ({
    ...v,
    slug: v.slug ? v.slug : slugify(v.name),
    dueAt: v.dueAt ? v.dueAt : undefined,
  }));

/** What the form holds (before defaults and the derived short name). */
export type StudyFormValues = z.input<typeof ZStudyInput>;
/** A validated study: short name settled, defaults applied. */
export type StudyInput = z.output<typeof ZStudyInput>;

/**
 * A change to a study's settings: only the fields present change. A null or empty due date
 * clears it; a null re-read due clears that.
 */
export const ZStudySettingsPatch = z.object({
  name: ZName.optional(),
  description: ZDescription.optional(),
  showCaseMetadata: z.boolean().optional(),
  dueAt: z.union([z.literal(''), z.null(), ZDueDate]).optional(),
  rereadDueDays: ZRereadDueDays.nullable().optional(),
  washoutDays: ZWashoutDays.optional(),
  status: z.enum(['draft', 'active', 'closed'], { error: 'Choose a status' }).optional(),
});
export type StudySettingsPatch = z.input<typeof ZStudySettingsPatch>;

export const ZStudyMemberChange = z.object({
  studyId: z.number().int().positive(),
  userId: z.string().min(1, 'Choose a person'),
  role: z.enum(STUDY_ROLES, { error: 'Choose a role' }),
});
export type StudyMemberChange = z.infer<typeof ZStudyMemberChange>;
