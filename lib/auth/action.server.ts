import 'server-only';
import type { z } from 'zod';
import type { ChangeContext } from '@/db/queries/audit';
import { isAppError, type ActionResult } from '@/lib/errors';
import { changeContext, getActor } from './session.server';
import { can, type AreaPermission } from './permissions';

/** Turns a form submission or a plain object into the object a zod schema parses. */
function toInput(raw: unknown): unknown {
  if (raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of raw.entries()) if (!k.startsWith('$ACTION')) out[k] = v;
    return out;
  }
  return raw;
}

/**
 * The body of every server action. Actions are public HTTP endpoints, so each one checks
 * the session and the permission itself, then validates its input with zod. Expected
 * failures come back as values; unexpected ones are logged without data and hidden.
 */
export async function runAction<S extends z.ZodType, T>(
  permission: AreaPermission,
  schema: S,
  raw: unknown,
  fn: (input: z.infer<S>, ctx: ChangeContext) => T | Promise<T>,
): Promise<ActionResult<T>> {
  const actor = await getActor();
  if (!actor)
    return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' };
  if (!can(actor, permission))
    return { ok: false, code: 'forbidden', message: 'You do not have permission to do this.' };
  const parsed = schema.safeParse(toInput(raw));
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || '_';
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return { ok: false, code: 'invalid', message: 'Some fields need attention.', fieldErrors };
  }
  try {
    return { ok: true, data: await fn(parsed.data, await changeContext(actor)) };
  } catch (error) {
    if (isAppError(error)) {
      return {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      };
    }
    console.error('action error', { permission, name: (error as Error)?.name });
    return { ok: false, code: 'internal', message: 'Something went wrong. Nothing was saved.' };
  }
}
