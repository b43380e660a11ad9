import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { cases, consensus, studies } from '@/db/schema';
import { DEMO_STUDY_SLUG } from '@/db/seed-demo-study';
import { createLoginUser, testDb } from './support/db';
import { storageStateFor } from './support/roles';

const demoStudyId = () =>
  testDb().select({ id: studies.id }).from(studies).where(eq(studies.slug, DEMO_STUDY_SLUG)).get()!.id;

test.describe('agreement dashboard', () => {
  test.use({ storageState: storageStateFor('analyst') });

  test('the analyst sees every feature of the demo study with a value or an explained null, and the plots render', async ({
    page,
  }) => {
    await page.goto('/analyst');
    await page.getByRole('link', { name: 'Demo glioma study (VASARI)' }).click();
    await expect(page).toHaveURL(new RegExp(`/analyst/studies/${demoStudyId()}/agreement$`));
    const table = page.getByRole('table', { name: 'Agreement by feature' });
    const rows = table.getByRole('row');
    await expect(rows.nth(1)).toBeVisible();
    const count = await rows.count();
    expect(count).toBeGreaterThan(40);
    for (let i = 1; i < count; i++) {
      const value = (await rows.nth(i).getByRole('cell').nth(3).innerText()).trim();
      expect(value === '' ? 'empty' : value, `row ${i}`).not.toBe('empty');
      expect(value).not.toContain('NaN');
    }
    await expect(table.locator('tr[data-key="F29"]')).toContainText('ICC2');
    for (const plot of ['plot-demo-glioma-heatmap', 'plot-demo-glioma-forest']) {
      await expect(page.getByTestId(plot).locator('svg').first()).toBeVisible();
    }
    await table.getByRole('button', { name: 'F29 Lesion size: longest diameter' }).click();
    await expect(page.getByRole('heading', { name: 'F29 Lesion size: longest diameter' })).toBeVisible();
    await expect(
      page.getByRole('figure').filter({ hasText: 'Bland–Altman' }).first().locator('svg').first(),
    ).toBeVisible();
    await table.getByRole('button', { name: 'F4 Enhancement quality' }).click();
    await expect(
      page.getByRole('figure').filter({ hasText: 'Confusion' }).first().locator('svg').first(),
    ).toBeVisible();
  });

  test('sorts by value and downloads the table as CSV', async ({ page }) => {
    await page.goto(`/analyst/studies/${demoStudyId()}/agreement`);
    const table = page.getByRole('table', { name: 'Agreement by feature' });
    await table.getByRole('button', { name: /^Value/ }).click();
    await expect(table.getByRole('columnheader', { name: /Value/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await page.getByLabel('Statistic shown').selectOption({ label: "Krippendorff's α" });
    await expect(table.locator('tr[data-key="F29"]')).toContainText('α interval');
    await expect(table.locator('tr[data-key="F4"]')).toContainText('α ordinal');
    await page.getByLabel('Statistic shown').selectOption({ label: "Gwet's AC1 / AC2" });
    await expect(table.locator('tr[data-key="F29"]')).toContainText('not computed for numeric features');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('demo-glioma-agreement.csv');
    const text = await (
      await file.createReadStream()
    )
      .toArray()
      .then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(text.split('\r\n')[0]).toBe(
      'key,feature,section,type,statistic,value,ci95_lower,ci95_upper,n_cases,n_readers,band,n_excluded_missingness,reason,method',
    );
    expect(text).toContain('F29,F29 Lesion size: longest diameter');
  });

  test('bootstraps alpha CIs in the background with progress', async ({ page }) => {
    await page.goto(`/analyst/studies/${demoStudyId()}/agreement`);
    await page.getByLabel('Replicates').selectOption('200');
    await page.getByRole('button', { name: 'Compute bootstrap CIs' }).click();
    await expect(page.getByRole('status').filter({ hasText: /features$/ })).toHaveText(
      /^(\d+) of \1 features$/,
      { timeout: 60_000 },
    );
    const table = page.getByRole('table', { name: 'Alpha with bootstrap CIs' });
    await expect(table.getByRole('row', { name: /F29 Lesion size: longest diameter/ })).toContainText(
      /interval.*\d\.\d{3} to \d\.\d{3}/,
    );
  });

  test('a reference standard upload is checked in full, then gives reader-vs-reference agreement', async ({
    page,
  }) => {
    await page.goto(`/analyst/studies/${demoStudyId()}/agreement?view=reference`);
    await expect(page.getByText('No reference standard')).toBeVisible();
    const form = page.getByRole('form', { name: 'Reference standard upload' });
    await form.getByLabel(/reference standard/).setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('case_id,feature,value\nDEMO-0001,F4,glowing\nNOPE,F4,mild\n'),
    });
    await form.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(form.getByRole('alert')).toContainText('The reference was not stored: 2 problem(s)');
    await expect(form.getByRole('alert')).toContainText('case "NOPE" is not in this study');
    await expect(page.getByText('No reference standard')).toBeVisible();
    const rows = Array.from(
      { length: 12 },
      (_, i) => `DEMO-${String(i + 1).padStart(4, '0')},F29,${30 + i}`,
    ).join('\n');
    await form.getByLabel(/reference standard/).setInputFiles({
      name: 'ref.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`case_id,feature,value\n${rows}\n`),
    });
    await form.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(
      page.getByRole('form', { name: 'Reference standard upload' }).getByRole('status'),
    ).toContainText('Stored 12 reference values');
    await expect(
      page
        .getByRole('table', { name: 'Agreement by feature' })
        .getByRole('button', { name: 'Reader 1: F29 Lesion size: longest diameter' }),
    ).toBeVisible();
  });

  test('compares each reader with the adjudicated consensus', async ({ page }) => {
    const db = testDb();
    const studyId = demoStudyId();
    await page.goto(`/analyst/studies/${studyId}/agreement?view=consensus`);
    await expect(page.getByText('No consensus yet')).toBeVisible();
    for (const c of db.select({ id: cases.id }).from(cases).where(eq(cases.studyId, studyId)).all()) {
      db.insert(consensus)
        .values({ studyId, caseId: c.id, featurePath: 'F4', value: 'marked', method: 'adjudication' })
        .onConflictDoNothing()
        .run();
    }
    await page.reload();
    await expect(
      page
        .getByRole('table', { name: 'Agreement by feature' })
        .getByRole('button', { name: 'Reader 2: F4 Enhancement quality' }),
    ).toBeVisible();
  });

  test('explains views without data', async ({ page }) => {
    await page.goto(`/analyst/studies/${demoStudyId()}/agreement?view=intra`);
    await expect(page.getByText('No re-reads in this study')).toBeVisible();
  });

  test('an analyst of another study gets 404', async ({ playwright, baseURL }) => {
    const other = await createLoginUser('analyst');
    const api = await playwright.request.newContext({ baseURL });
    await api.post('/api/auth/sign-in/email', {
      data: { email: other.email, password: other.password },
      headers: { Origin: baseURL! },
    });
    const res = await api.get(`/analyst/studies/${demoStudyId()}/agreement`, { maxRedirects: 0 });
    expect(res.status()).toBe(404);
  });
});
