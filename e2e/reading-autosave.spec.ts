import { expect, test } from '@playwright/test';
import { enhancement, readerWith, saveStatus, signedIn, stored } from './support/reading';

// Each reading page also loads its case's images beside the form: allow for a busy machine.
test.describe.configure({ timeout: 60_000 });

test.describe('autosave', () => {
  test('saves each change as a draft and shows it; a reload mid-edit loses nothing', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0006']);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readIds[0]}`);
    await expect(saveStatus(page)).toHaveAttribute('data-status', 'saved');
    await enhancement(page, 'Marked / avid').check();
    await expect(saveStatus(page)).toHaveAttribute('data-status', 'saved');
    await expect.poll(() => stored(readIds[0]!).F4).toBe('marked');
    await expect(page.getByTestId('read-status')).toHaveText('draft');

    // Change and reload before the debounce fires: the browser copy comes back and is sent.
    await enhancement(page, 'Mild / minimal').check();
    await page.reload();
    await expect(page.getByText('Restored changes that had not reached the server')).toBeVisible();
    await expect.poll(() => stored(readIds[0]!).F4).toBe('mild');
    await expect(enhancement(page, 'Mild / minimal')).toBeChecked();
    await context.close();
  });

  test('keeps editing offline and sends everything when the connection returns', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0007']);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readIds[0]}`);
    await expect(saveStatus(page)).toHaveAttribute('data-status', 'saved');
    // Every script of the page loaded before the connection drops: a page still hydrating
    // offline never becomes interactive (seen on a loaded machine).
    await page.waitForLoadState('networkidle');
    await context.setOffline(true);
    await enhancement(page, 'Marked / avid').check();
    await page.getByRole('spinbutton', { name: /F29 Lesion size: longest/ }).fill('42.5');
    await expect(saveStatus(page)).toHaveAttribute('data-status', 'offline');
    expect(stored(readIds[0]!).F4).toBeUndefined();
    await context.setOffline(false);
    await expect(saveStatus(page)).toHaveAttribute('data-status', 'saved', { timeout: 15_000 });
    expect(stored(readIds[0]!)).toMatchObject({ F4: 'marked', F29: 42.5 });
    await context.close();
  });

  test('a second tab writing a stale version gets a conflict and overwrites nothing', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0008']);
    const context = await signedIn(browser, baseURL!, reader);
    const [a, b] = [await context.newPage(), await context.newPage()];
    for (const p of [a, b]) await p.goto(`/reader/reads/${readIds[0]}`);
    await enhancement(a, 'Marked / avid').check();
    await expect.poll(() => stored(readIds[0]!).F4).toBe('marked');
    await enhancement(b, 'None').check();
    await expect(saveStatus(b)).toHaveAttribute('data-status', 'conflict');
    await expect(saveStatus(b)).toContainText('This read changed in another tab or window');
    expect(stored(readIds[0]!).F4).toBe('marked');
    await saveStatus(b).getByRole('button', { name: 'Reload the saved version' }).click();
    await expect(enhancement(b, 'Marked / avid')).toBeChecked();
    await context.close();
  });
});
