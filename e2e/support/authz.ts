import { expect, type APIRequestContext, type request as playwrightRequest } from '@playwright/test';
import { GLOBAL_ROLES, type GlobalRole } from '@/lib/auth/roles';
import { storageStateFor } from './roles';

/** The role × route matrices' shared vocabulary (authz.spec.ts, authz-objects.spec.ts). */
export type Who = GlobalRole | 'visitor';
export const WHO: Who[] = ['visitor', ...GLOBAL_ROLES];

/** What each cell must give: a status, or a redirect target. `login` = the login page with ?next=. */
export type Expect = 200 | 401 | 403 | 404 | 409 | 422 | `→${string}`;

export async function requestAs(
  playwright: typeof playwrightRequest,
  who: Who,
  baseURL: string,
): Promise<APIRequestContext> {
  return playwright.newContext({
    baseURL,
    ...(who === 'visitor' ? {} : { storageState: storageStateFor(who) }),
  });
}

export function checkCell(status: number, location: string | undefined, expected: Expect) {
  if (typeof expected === 'number') {
    expect(status).toBe(expected);
  } else {
    expect([307, 308]).toContain(status);
    expect(new URL(location ?? '', 'http://x').pathname + new URL(location ?? '', 'http://x').search).toBe(
      expected.slice(1),
    );
  }
}
