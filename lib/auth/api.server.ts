import 'server-only';
import { getDb } from '@/db/client';
import { actorForToken } from '@/db/queries/api-tokens';
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

export type ApiRouteOptions = {
  /**
   * Also accept a personal API token, `Authorization: Bearer alx_…`, for scripts. Off unless a
   * route asks for it, so a token reaches only the routes meant for scripts (the export API).
   * A request that sends an Authorization header is judged by its token alone: a bad token is
   * refused (401) rather than falling back to the session cookie.
   */
  tokens?: boolean;
};

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** 401 for a refused token, with the challenge scripts expect. */
function tokenRefused(message: string): Response {
  const response = jsonError('unauthenticated', message);
  response.headers.set('WWW-Authenticate', 'Bearer');
  return response;
}

/** The actor of a request: its API token when it sends one (and tokens are allowed), else its session. */
async function requestActor(request: Request, options: ApiRouteOptions): Promise<Actor | Response | null> {
  const header = options.tokens ? request.headers.get('authorization') : null;
  if (header === null) return getActor();
  const token = BEARER.exec(header)?.[1];
  if (!token) return tokenRefused('Send the API token as Authorization: Bearer alx_…');
  return (
    actorForToken(getDb(), token) ?? tokenRefused('This API token is not valid: it may be revoked or expired')
  );
}

/**
 * Wraps a route handler: 401 for a visitor, 403 without the permission, AppErrors as
 * their status, and anything unexpected as a generic 500 whose details stay out of the log.
 * With `{ tokens: true }` an API token may stand in for the session (see ApiRouteOptions).
 */
export function apiRoute<Ctx>(
  permission: AreaPermission,
  handler: (actor: Actor, request: Request, context: Ctx) => Promise<Response>,
  options: ApiRouteOptions = {},
): (request: Request, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    const actor = await requestActor(request, options);
    if (actor instanceof Response) return actor;
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
