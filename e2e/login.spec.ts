import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '@/db/seed';
import { ROLE_HOME, type GlobalRole } from '@/lib/auth/roles';
import { auditActionsBy, createLoginUser } from './support/db';
import { ROLE_LOGINS } from './support/roles';

const HEADINGS: Record<GlobalRole, string> = {
  admin: 'Users',
  coordinator: 'Studies',
  reader: 'Worklist',
  adjudicator: 'Adjudication',
  analyst: 'Analysis',
};

test.describe('login page', () => {
  for (const [role, email] of Object.entries(ROLE_LOGINS) as [GlobalRole, string][]) {
    test(`the demo ${role} reaches the ${role} home page`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/login$/);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(new RegExp(`${ROLE_HOME[role]}$`));
      await expect(page.getByRole('heading', { level: 1, name: HEADINGS[role], exact: true })).toBeVisible();
    });
  }

  test('sets an HttpOnly, SameSite=Lax session cookie; signing out ends the session; both are audited', async ({
    page,
    context,
  }) => {
    const user = await createLoginUser('analyst');
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Analysis', exact: true })).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === 'annolex.session_token');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/analyst');
    await expect(page).toHaveURL(/\/login\?next=%2Fanalyst$/);
    expect(auditActionsBy(user.id)).toEqual(['session.start', 'session.end']);
  });

  test('returns to the page asked for after login', async ({ page }) => {
    const user = await createLoginUser('coordinator');
    await page.goto('/coordinator');
    await expect(page).toHaveURL(/\/login\?next=%2Fcoordinator$/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/coordinator$/);
  });

  test('explains a wrong password and flags empty fields accessibly', async ({ page }) => {
    const user = await createLoginUser('reader');
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter a valid email address');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('The email or password is not right.');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('rate-limits login attempts per account', async ({ page, request, baseURL }) => {
    const user = await createLoginUser('reader');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request.post('/api/auth/sign-in/email', {
        data: { email: user.email, password: `wrong-${i}-password` },
        headers: { Origin: baseURL! },
      });
      statuses.push(res.status());
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Even the right password is refused until the window passes.
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Too many login attempts');
    const res = await request.post('/api/auth/sign-in/email', {
      data: { email: user.email, password: user.password },
      headers: { Origin: baseURL! },
    });
    expect(res.status()).toBe(429);
    expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
  });
});
