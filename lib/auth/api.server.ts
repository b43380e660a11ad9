import 'server-only';
import { isAppError, type ErrorCode, ERROR_STATUS } from '@/lib/errors';
import { getActor } from './session.server';
import { can, type Actor, type AreaPermission } from './permissions';

export function jsonError(
  code: ErrorCode,
  message: string,
  fieldErrors?: Record<string, string[]>,
): Response {
  return Response.json(
    { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } },
    { status: ERROR_STATUS[code], headers: { 'Cache-Control': 'no-store' } },
  );
}

/**
 * Wraps a route handler: 401 for a visitor, 403 without the permission, AppErrors as
 * their status, and anything unexpected as a generic 500 whose details stay out of the log.
 */
export function apiRoute<Ctx>(
  permission: AreaPermission,
  handler: (actor: Actor, request: Request, context: Ctx) => Promise<Response>,
): (request: Request, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    const actor = await getActor();
    if (!actor) return jsonError('unauthenticated', 'Sign in first');
    if (!can(actor, permission)) return jsonError('forbidden', 'You do not have access to this resource');
    try {
      return await handler(actor, request, context);
    } catch (error) {
      if (isAppError(error)) return jsonError(error.code, error.message, error.fieldErrors);
      console.error('api error', { path: new URL(request.url).pathname, name: (error as Error)?.name });
      return jsonError('internal', 'Something went wrong');
    }
  };
}
