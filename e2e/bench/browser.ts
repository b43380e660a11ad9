import type { Browser, BrowserContext } from '@playwright/test';

/**
 * The reading page's viewer once every hung viewport has rendered. Wait for it with
 * `page.locator(READY).waitFor()`: `waitForSelector` returns an element handle that keeps the
 * closed page's DOM alive until disposed, which the memory benchmark would count as a leak.
 */
export const READY = '[data-viewer-ready="true"]';

/** A new browser context (empty cache) signed in as `who` through the real sign-in route. */
export async function signedIn(
  browser: Browser,
  baseURL: string,
  who: { email: string; password: string },
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1600, height: 1000 } });
  const res = await context.request.post('/api/auth/sign-in/email', {
    data: who,
    headers: { Origin: baseURL },
  });
  if (!res.ok()) throw new Error(`Signing in as ${who.email} failed: ${res.status()} ${await res.text()}`);
  return context;
}
