import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { reads, users } from '@/db/schema';
import { loadActor } from '@/db/queries/actors';
import { saveReadAnswers } from '@/db/queries/answers';
import { completeAnswers, shippedModel } from '@/lib/lexicon/test-lexicons';
import { testDb } from './support/db';
import { demoStudyId } from './support/imaging';
import { enhancement, readerWith, signedIn, stored } from './support/reading';

// Each reading page also loads its case's images beside the form: allow for a busy machine.
test.describe.configure({ timeout: 60_000 });

test.describe('submit', () => {
  test('focuses what is missing; a complete read submits, locks, records reading time and opens the next case', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0009', 'DEMO-0010']);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readIds[0]}`);
    await page.getByRole('button', { name: 'Submit' }).click();
    // The first missing required feature gets the focus; nothing is submitted.
    await expect(
      page
        .getByRole('group', { name: /F1 Tumour location/ })
        .getByRole('checkbox')
        .first(),
    ).toBeFocused();
    expect(testDb().select().from(reads).where(eq(reads.id, readIds[0]!)).get()!.status).toBe('not_started');
    // And they are listed, each a button to its field.
    const missing = page.getByTestId('missing-list');
    await expect(missing).toContainText('features need an answer before you can submit');
    await missing.getByRole('button', { name: /F29 Lesion size: longest diameter/ }).click();
    await expect(page.getByRole('spinbutton', { name: /F29 Lesion size: longest/ })).toBeFocused();

    // Complete the read (as the reader, through the same save), then submit from the page.
    const db = testDb();
    saveReadAnswers(
      db,
      { actor: loadActor(db, reader.id)!, requestId: 'e2e' },
      {
        readId: readIds[0]!,
        mode: 'draft',
        version: 0,
        answers: completeAnswers(shippedModel('vasari')),
      },
    );
    await page.reload();
    await page.mouse.move(200, 200);
    await page.waitForTimeout(2500);
    await page.mouse.move(300, 300);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page).toHaveURL(new RegExp(`/reader/reads/${readIds[1]}$`));
    const done = db.select().from(reads).where(eq(reads.id, readIds[0]!)).get()!;
    expect(done.status).toBe('submitted');
    expect(done.activeMs).toBeGreaterThan(0);
    // The submitted read reopens read-only.
    await page.goto(`/reader/reads/${readIds[0]}`);
    await expect(page.getByTestId('read-status')).toHaveText('submitted');
    await expect(page.getByRole('button', { name: 'Submit' })).toBeDisabled();
    await context.close();
  });
});

test.describe('worklist', () => {
  test('shows progress and a Next case button, in an order of its own for each reader that stays put', async ({
    browser,
    baseURL,
  }) => {
    const labels = async (email: string) => {
      const context = await signedIn(browser, baseURL!, { email, password: 'annolex-demo' });
      const page = await context.newPage();
      await page.goto('/reader');
      const table = page.getByRole('table', { name: 'Your assigned reads' });
      const rows = table.getByRole('row').filter({ hasText: 'Demo glioma study' });
      const all = await rows.allInnerTexts();
      const ordered = all.map((r) => /Case \d+/.exec(r)?.[0] ?? '');
      await expect(page.getByText(/\d+ \/ \d+ submitted/)).toBeVisible();
      const next = page.getByRole('link', { name: /Next case: Case \d+/ });
      const hasNext = (await next.count()) > 0;
      if (hasNext) {
        await next.click();
        await expect(page).toHaveURL(/\/reader\/reads\/\d+$/);
      }
      await context.close();
      return { ordered, hasNext };
    };
    const one = await labels('reader1@example.org');
    const again = await labels('reader1@example.org');
    const two = await labels('reader2@example.org');
    expect(one.ordered).toHaveLength(12);
    expect(again.ordered).toEqual(one.ordered);
    expect(two.ordered).not.toEqual(one.ordered);
    expect(one.hasNext).toBe(true);
  });
});

test.describe('keyboard', () => {
  test('? lists the shortcuts; Ctrl+S saves the draft at once', async ({ browser, baseURL }) => {
    const { reader, readIds } = await readerWith(['DEMO-0011']);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readIds[0]}`);
    await page.locator('body').press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Ctrl+Enter');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await enhancement(page, 'None').check();
    await page.keyboard.press('Control+s');
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
    expect(stored(readIds[0]!).F4).toBe('none');
    await context.close();
  });
});

test.describe('blinding', () => {
  test("a reader never gets another reader's read or answers: not the page, not the save route, not in their own page's payload", async ({
    browser,
    baseURL,
  }) => {
    const a = await readerWith(['DEMO-0012']);
    const b = await readerWith(['DEMO-0012']);
    const db = testDb();
    saveReadAnswers(
      db,
      { actor: loadActor(db, b.reader.id)!, requestId: 'e2e' },
      {
        readId: b.readIds[0]!,
        mode: 'draft',
        version: 0,
        answers: { F29: 187.3 },
      },
    );
    const context = await signedIn(browser, baseURL!, a.reader);
    const page = await context.newPage();
    expect((await page.goto(`/reader/reads/${b.readIds[0]}`))!.status()).toBe(404);
    const put = await context.request.put(`/api/v1/reads/${b.readIds[0]}/answers`, {
      data: { mode: 'draft', version: 1, answers: { F29: 1 } },
      headers: { Origin: baseURL! },
    });
    expect(put.status()).toBe(404);
    expect(stored(b.readIds[0]!).F29).toBe(187.3);
    // A's own read of the same case: neither the HTML nor the RSC payload carries B's answer.
    const html = await (await context.request.get(`/reader/reads/${a.readIds[0]}`)).text();
    const rsc = await (
      await context.request.get(`/reader/reads/${a.readIds[0]}`, { headers: { RSC: '1' } })
    ).text();
    for (const body of [html, rsc]) {
      expect(body).toContain('Case');
      expect(body).not.toContain('187.3');
    }
    await context.close();
  });
});

test.describe('reopen', () => {
  test('a coordinator reopens a submitted read with a reason; the reader sees a draft again', async ({
    browser,
    baseURL,
    playwright,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0005']);
    const db = testDb();
    const name = `Reader ${crypto.randomUUID().slice(0, 8)}`;
    db.update(users).set({ name }).where(eq(users.id, reader.id)).run();
    saveReadAnswers(
      db,
      { actor: loadActor(db, reader.id)!, requestId: 'e2e' },
      {
        readId: readIds[0]!,
        mode: 'submit',
        version: 0,
        answers: completeAnswers(shippedModel('vasari')),
      },
    );
    const coordinator = await playwright.request.newContext({
      baseURL,
      storageState: 'test-results/.auth/coordinator.json',
    });
    const refused = await coordinator.post(`/api/v1/reads/${readIds[0]}/reopen`, {
      data: { reason: '' },
      headers: { Origin: baseURL! },
    });
    expect(refused.status()).toBe(422);
    await coordinator.dispose();
    // Through the coordinator's reads page, with a reason.
    const coord = await browser.newContext({ baseURL, storageState: 'test-results/.auth/coordinator.json' });
    const cpage = await coord.newPage();
    await cpage.goto(`/coordinator/studies/${demoStudyId()}/reads`);
    const row = cpage
      .getByRole('row')
      .filter({ hasText: 'Case 05' })
      .filter({ hasText: name })
      .filter({ hasText: 'submitted' });
    await row.getByRole('button', { name: 'Reopen…' }).click();
    await row.getByLabel('Reason').fill('F29 measured on the wrong slice');
    await row.getByRole('button', { name: 'Reopen', exact: true }).click();
    await expect(row).toHaveCount(0);
    await coord.close();
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readIds[0]}`);
    await expect(page.getByTestId('read-status')).toHaveText('draft');
    await expect(page.getByRole('button', { name: 'Submit' })).toBeEnabled();
    await context.close();
  });
});

test.describe('wash-out', () => {
  test('a re-read is listed but closed before its wash-out ends, and opens once it has', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0003']);
    const db = testDb();
    const reread = readIds[0]!;
    // The clock is the read's availableAt: move it past and future instead of waiting days.
    db.update(reads)
      .set({ session: 2, availableAt: new Date(Date.now() + 14 * 86_400_000) })
      .where(eq(reads.id, reread))
      .run();
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto('/reader');
    await expect(page.getByRole('table', { name: 'Your assigned reads' })).toContainText(
      'after the wash-out',
    );
    await expect(page.getByRole('link', { name: /Next case/ })).toHaveCount(0);
    expect((await page.goto(`/reader/reads/${reread}`))!.status()).toBe(404);
    db.update(reads)
      .set({ availableAt: new Date(Date.now() - 60_000) })
      .where(eq(reads.id, reread))
      .run();
    await page.goto('/reader');
    await page.getByRole('link', { name: /Next case/ }).click();
    await expect(page).toHaveURL(new RegExp(`/reader/reads/${reread}$`));
    await context.close();
  });
});

test.describe('layout', () => {
  test('the split between images and form resizes from the keyboard and is remembered; shown clinical information appears', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readIds } = await readerWith(['DEMO-0002']);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readIds[0]}`);
    const separator = page.getByRole('separator', { name: 'Resize the images and the form' });
    const before = Number(await separator.getAttribute('aria-valuenow'));
    await separator.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(separator).toHaveAttribute('aria-valuenow', String(before + 4));
    await page.reload();
    await expect(separator).toHaveAttribute('aria-valuenow', String(before + 4));
    // The demo study hides case metadata from readers; the phantom's truth is never shown.
    await expect(page.getByRole('region', { name: 'Clinical information' })).toHaveCount(0);
    await context.close();
  });
});
