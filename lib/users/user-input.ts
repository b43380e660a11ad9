import { z } from 'zod';
import { GLOBAL_ROLES } from '@/lib/auth/roles';

export const MIN_PASSWORD_LENGTH = 10;

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const ZNewUser = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, 'Enter a name').max(120),
  role: z.enum(GLOBAL_ROLES, { error: 'Choose a role' }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(128, 'Use at most 128 characters'),
});
export type TNewUser = z.infer<typeof ZNewUser>;

export const ZSetRole = z.object({
  userId: z.string().min(1),
  role: z.enum(GLOBAL_ROLES, { error: 'Choose a role' }),
});

export const ZSetDisabled = z.object({
  userId: z.string().min(1),
  disabled: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
  reason: z.string().trim().max(500).optional(),
});
