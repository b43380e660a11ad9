import { expect, test, type Browser } from '@playwright/test';
import { createLoginUser, userByEmail } from './support/db';
import { storageStateFor } from './support/roles';

test.use({ storageState: storageStateFor('admin') });

async function loggedInPage(browser: Browser, email: string, password: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

test('an admin creates a user who can then sign in to their home page', async ({ page, browser }) => {
  const email = `new-${crypto.randomUUID().slice(0, 8)}@e2e.example.org`;
  await page.goto('/admin');
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Full name').fill('Dr. New Reader');
  await form.getByLabel(/Initial password/).fill('a-good-password');
  await form.getByLabel('Account role').selectOption('reader');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('status')).toHaveText(`Created ${email}.`);
  await expect(page.getByRole('table', { name: 'Users' }).getByText(email, { exact: true })).toBeVisible();

  const readerPage = await loggedInPage(browser, email, 'a-good-password');
  await expect(readerPage.getByRole('heading', { level: 1, name: 'Worklist', exact: true })).toBeVisible();
  await expect(readerPage.getByText('No cases assigned yet')).toBeVisible();
});

test('the new-user form shows every problem next to its field', async ({ page }) => {
  await page.goto('/admin');
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel(/Initial password/).fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByLabel('Email')).toHaveAccessibleDescription('Enter a valid email address');
  await expect(form.getByLabel('Full name')).toHaveAccessibleDescription('Enter a name');
  await expect(form.getByLabel(/Initial password/)).toHaveAccessibleDescription('Use at least 10 characters');
});

test('a duplicate email is refused with a message on the field', async ({ page }) => {
  const existing = await createLoginUser('analyst');
  await page.goto('/admin');
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill(existing.email);
  await form.getByLabel('Full name').fill('Someone');
  await form.getByLabel(/Initial password/).fill('a-good-password');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByLabel('Email')).toHaveAccessibleDescription('This email is already in use');
});

test('disabling a user ends their session at once, and they cannot sign in again', async ({
  page,
  browser,
}) => {
  const user = await createLoginUser('coordinator');
  const theirs = await loggedInPage(browser, user.email, user.password);
  await expect(theirs.getByRole('heading', { level: 1, name: 'Studies', exact: true })).toBeVisible();

  await page.goto('/admin');
  await page.getByRole('button', { name: `Disable ${user.email}` }).click();
  await expect(page.getByRole('button', { name: `Enable ${user.email}` })).toBeVisible();
  expect(userByEmail(user.email)?.disabledAt).toBeTruthy();

  await theirs.reload();
  await expect(theirs).toHaveURL(/\/login\?next=%2Fcoordinator$/);
  await theirs.getByLabel('Email').fill(user.email);
  await theirs.getByLabel('Password').fill(user.password);
  await theirs.getByRole('button', { name: 'Sign in' }).click();
  await expect(theirs.getByRole('main').getByRole('alert')).toContainText('This account is disabled');
});

test("changing a user's role changes what they can reach", async ({ page, browser }) => {
  const user = await createLoginUser('reader');
  const theirs = await loggedInPage(browser, user.email, user.password);
  await theirs.goto('/analyst');
  await expect(
    theirs.getByRole('heading', { level: 1, name: 'You do not have access to this page' }),
  ).toBeVisible();

  await page.goto('/admin');
  await page.getByLabel(`Account role of ${user.email}`).selectOption('analyst');
  await expect.poll(() => userByEmail(user.email)?.role).toBe('analyst');

  await theirs.goto('/analyst');
  await expect(theirs.getByRole('heading', { level: 1, name: 'Analysis', exact: true })).toBeVisible();
});
