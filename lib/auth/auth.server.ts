import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { getDb } from '@/db/client';
import { loadActor } from '@/db/queries/actors';
import { appendAudit } from '@/db/queries/audit';
import { immediate } from '@/db/tx';
import * as schema from '@/db/schema';
import { getEnv } from '@/lib/env';
import { MIN_PASSWORD_LENGTH } from '@/lib/users/user-input';
import { LoginThrottle } from './login-throttle';
import { loadOrCreateSecret } from './secret.server';

/** Records a login or logout in the audit log. */
function auditSession(userId: string, action: 'session.start' | 'session.end', sessionId: string): void {
  const db = getDb();
  const actor = loadActor(db, userId);
  if (!actor) return;
  immediate(db, (tx) =>
    appendAudit(tx, { actor, requestId: null }, { action, entity: 'session', entityId: sessionId }),
  );
}

/** Login attempts: 5 per account and 50 per client address (when a trusted proxy gives it) per minute. */
const accountThrottle = new LoginThrottle(5, 60_000);
const addressThrottle = new LoginThrottle(50, 60_000);

function trustedOrigins(baseUrl: string): string[] {
  const url = new URL(baseUrl);
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return [url.origin];
  const port = url.port ? `:${url.port}` : '';
  return [`${url.protocol}//localhost${port}`, `${url.protocol}//127.0.0.1${port}`];
}

function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: 'Annolex',
    baseURL: env.baseUrl,
    secret: env.authSecret ?? loadOrCreateSecret(env.dataDir),
    trustedOrigins: trustedOrigins(env.baseUrl),
    database: drizzleAdapter(getDb(), { provider: 'sqlite', schema, usePlural: true }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    session: {
      expiresIn: 60 * 60 * 12,
      updateAge: 60 * 15,
      // No cookie cache: every request checks the session row, so disabling a user takes effect at once.
      cookieCache: { enabled: false },
    },
    advanced: {
      cookiePrefix: 'annolex',
      useSecureCookies: env.baseUrl.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: {
        ipAddressHeaders: env.trustProxy ? ['x-forwarded-for'] : [],
        disableIpTracking: !env.trustProxy,
      },
    },
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 300,
      // Sign-in is throttled per account below; a per-path bucket would lock out a whole site.
      customRules: { '/sign-in/email': false },
    },
    databaseHooks: {
      session: {
        create: {
          // Runs after the password was verified: only the account's owner learns it is disabled.
          before: async (session) => {
            if (!loadActor(getDb(), session.userId)) {
              throw new APIError('FORBIDDEN', {
                code: 'ACCOUNT_DISABLED',
                message: 'This account is disabled. Ask an Annolex administrator to enable it.',
              });
            }
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-out') {
          const current = await getSessionFromCtx(ctx);
          if (current) auditSession(current.user.id, 'session.end', current.session.id);
          return;
        }
        if (ctx.path !== '/sign-in/email') return;
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? '')
          .trim()
          .toLowerCase();
        const now = Date.now();
        const address = env.trustProxy
          ? ctx.request?.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
          : undefined;
        const checks = [accountThrottle.attempt(`account:${email}`, now)];
        if (address) checks.push(addressThrottle.attempt(`address:${address}`, now));
        const refused = checks.find((c) => !c.allowed);
        if (refused && !refused.allowed) {
          const seconds = Math.ceil(refused.retryAfterMs / 1000);
          throw new APIError(
            'TOO_MANY_REQUESTS',
            {
              code: 'TOO_MANY_ATTEMPTS',
              message: `Too many login attempts. Try again in ${seconds} s.`,
            },
            { 'Retry-After': String(seconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const created = ctx.context.newSession;
        if (ctx.path !== '/sign-in/email' || !created) return;
        accountThrottle.reset(`account:${created.user.email.toLowerCase()}`);
        auditSession(created.user.id, 'session.start', created.session.id);
      }),
    },
  });
}

type Auth = ReturnType<typeof createAuth>;
const holder = globalThis as unknown as { __annolexAuth?: { file: string; auth: Auth } };

/** The auth instance, created on first use (the build never opens the database). */
export function getAuth(): Auth {
  const file = getEnv().databasePath;
  if (holder.__annolexAuth?.file !== file) holder.__annolexAuth = { file, auth: createAuth() };
  return holder.__annolexAuth.auth;
}
