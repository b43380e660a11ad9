import { z } from 'zod';

export const TOKEN_EXPIRIES = [
  { value: '30', label: 'After 30 days' },
  { value: '90', label: 'After 90 days' },
  { value: '365', label: 'After 365 days' },
  { value: 'never', label: 'Never' },
] as const;

/** A new personal API token: a name to recognise it by and when it stops working. */
export const ZNewToken = z.object({
  name: z.string().trim().min(1, 'Name the token').max(100, 'Up to 100 characters'),
  expiresIn: z.enum(['30', '90', '365', 'never'], 'Choose when the token expires'),
});
export type NewTokenValues = z.input<typeof ZNewToken>;
export type NewToken = z.output<typeof ZNewToken>;

export const ZRevokeToken = z.object({ id: z.coerce.number().int().positive() });
