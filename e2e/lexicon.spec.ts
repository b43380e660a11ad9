import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { addMember, makeCase, makeRead, makeStudy } from '@/db/factories';
import { CLI_ACTOR } from '@/db/queries/actors';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { answers, audit, studies } from '@/db/schema';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { createLoginUser, testDb } from './support/db';
import { storageStateFor } from './support/roles';

test.describe('lexicon forms', () => {
  test.use({ storageState: storageStateFor('coordinator') });

  test('the VASARI form can be filled entirely by keyboard', async ({ page }) => {
    await page.goto('/lexicons/vasari/try');
    await page
      .getByRole('group', { name: /F1 Tumour location/ })
      .getByRole('checkbox')
      .first()
      .focus();
    for (let step = 0; step < 100; step++) {
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement;
        return {
          tag: el.tagName,
          type: el.type,
          path: el.closest('[data-path]')?.getAttribute('data-path') ?? null,
        };
      });
      if (!focused.path) break; // past the last feature: the Save draft button
      if (focused.type === 'number') await page.keyboard.type('42');
      else if (focused.path === 'postoperative')
        await page.keyboard.press('2'); // No: extent of resection stays hidden
      else if (focused.path === 'F4')
        await page.keyboard.press('3'); // Marked: keeps the enhancement features
      else await page.keyboard.press('1');
      await page.keyboard.press('Tab');
    }
    const progress = await page.getByTestId('progress').textContent();
    const [answered, total] = (progress?.match(/(\d+) of (\d+)/) ?? []).slice(1).map(Number);
    expect(answered).toBe(total);
    expect(total).toBeGreaterThan(25);
    await expect(page.getByRole('button', { name: 'Save draft' })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('server-check')).toContainText('The server accepted the submission');
  });

  test('N jumps to the next unanswered required feature; submit lists and focuses what is missing', async ({
    page,
  }) => {
    await page.goto('/lexicons/vasari/try');
    await page
      .getByRole('group', { name: /F1 Tumour location/ })
      .getByRole('checkbox')
      .first()
      .focus();
    await page.keyboard.press('1');
    await page.keyboard.press('n');
    await expect(page.getByRole('group', { name: /F2 / }).getByRole('radio').first()).toBeFocused();
    await page.keyboard.press('i');
    await expect(page.getByRole('tooltip')).toContainText('RadLex RID');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page.getByRole('group', { name: /F2 / })).toHaveAccessibleDescription(/Required/);
    await expect(page.getByRole('group', { name: /F2 / }).getByRole('radio').first()).toBeFocused();
  });

  test('F4 = none hides F5 and clears it', async ({ page }) => {
    await page.goto('/lexicons/vasari/try');
    const f4 = page.getByRole('group', { name: /F4 Enhancement quality/ });
    await f4.getByRole('radio', { name: 'Marked / avid' }).check();
    const f5 = page.getByRole('group', { name: /F5 Proportion enhancing/ });
    await f5.getByRole('radio').nth(3).check();
    await expect(f5.getByRole('radio', { checked: true })).toHaveCount(1);
    await f4.getByRole('radio', { name: 'None', exact: true }).check();
    await expect(f5).toHaveCount(0);
    await f4.getByRole('radio', { name: 'Marked / avid' }).check();
    await expect(f5).toBeVisible();
    await expect(f5.getByRole('radio', { checked: true })).toHaveCount(0);
  });

  test('two BI-RADS findings keep their own descriptors', async ({ page }) => {
    await page.goto('/lexicons/birads-mammography/try');
    await page.getByRole('button', { name: 'Add finding' }).click();
    await page.getByRole('button', { name: 'Add finding' }).click();
    const first = page.getByRole('group', { name: 'Finding 1' });
    const second = page.getByRole('group', { name: 'Finding 2' });
    await first
      .getByRole('group', { name: /^Finding type/ })
      .getByRole('radio', { name: 'Mass', exact: true })
      .check();
    await second
      .getByRole('group', { name: /^Finding type/ })
      .getByRole('radio', { name: 'Calcifications', exact: true })
      .check();
    await expect(first.getByRole('group', { name: /^Mass shape/ })).toBeVisible();
    await expect(first.getByRole('group', { name: /^Calcification morphology/ })).toHaveCount(0);
    await expect(second.getByRole('group', { name: /^Calcification morphology/ })).toBeVisible();
    await expect(second.getByRole('group', { name: /^Mass shape/ })).toHaveCount(0);
    await first
      .getByRole('group', { name: /^Mass shape/ })
      .getByRole('radio', { name: 'Oval' })
      .check();
    await second
      .getByRole('group', { name: /^Calcification morphology/ })
      .getByRole('radio')
      .first()
      .check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('server-check')).toContainText('The server accepted the draft');
  });

  test('TI-RADS shows the computed points and TR level', async ({ page }) => {
    await page.goto('/lexicons/ti-rads/try');
    await page.getByRole('button', { name: 'Add nodule' }).click();
    const nodule = page.getByRole('group', { name: 'Nodule 1' });
    await nodule
      .getByRole('group', { name: /^Composition/ })
      .getByRole('radio', { name: 'Solid or almost completely solid' })
      .check(); // 2
    await nodule
      .getByRole('group', { name: /^Echogenicity/ })
      .getByRole('radio', { name: 'Hypoechoic', exact: true })
      .check(); // 2
    await nodule
      .getByRole('group', { name: /^Shape/ })
      .getByRole('radio', { name: 'Wider-than-tall' })
      .check(); // 0
    await nodule
      .getByRole('group', { name: /^Margin/ })
      .getByRole('radio', { name: 'Smooth' })
      .check(); // 0
    await expect(nodule.locator('output').nth(0)).toHaveText('—');
    await expect(nodule.getByText('needs Echogenic foci')).toBeVisible();
    await nodule
      .getByRole('group', { name: /^Echogenic foci/ })
      .getByRole('checkbox', { name: 'Macrocalcifications' })
      .check(); // 1
    await expect(nodule.locator('output').nth(0)).toHaveText('5');
    await expect(nodule.locator('output').nth(1)).toHaveText('TR4 Moderately suspicious');
  });
});

test.describe('the answers API', () => {
  test('refuses a hand-crafted payload with an invalid option code (422) and stores nothing', async ({
    playwright,
    baseURL,
  }) => {
    const db = testDb();
    const { id: lexiconVersionId } = adoptLexiconVersion(
      db,
      { actor: CLI_ACTOR, requestId: 'e2e' },
      shippedLexicon('vasari'),
    );
    const study = makeStudy(db);
    db.update(studies).set({ lexiconVersionId }).where(eq(studies.id, study.id)).run();
    const reader = await createLoginUser('reader');
    addMember(db, study.id, reader.id, 'reader');
    const read = makeRead(db, { studyId: study.id, caseId: makeCase(db, study.id).id, readerId: reader.id });

    const api = await playwright.request.newContext({ baseURL });
    const login = await api.post('/api/auth/sign-in/email', {
      data: { email: reader.email, password: reader.password },
      headers: { Origin: baseURL! },
    });
    expect(login.status()).toBe(200);
    const url = `/api/v1/reads/${read.id}/answers`;

    const bad = await api.put(url, {
      data: { mode: 'draft', version: 0, answers: { F4: 'glowing', F29: 12.3 } },
    });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.fieldErrors).toEqual({ F4: ['Choose one of the options'] });
    const computedForged = await api.put(url, {
      data: { mode: 'draft', version: 0, answers: { nodules: [] } },
    });
    expect(computedForged.status()).toBe(422);
    expect(db.select().from(answers).where(eq(answers.readId, read.id)).all()).toEqual([]);
    expect(
      db
        .select()
        .from(audit)
        .where(eq(audit.entityId, String(read.id)))
        .all()
        .filter((a) => a.entity === 'read'),
    ).toEqual([]);

    const good = await api.put(url, {
      data: { mode: 'draft', version: 0, answers: { F4: 'marked', F29: 12.3 } },
    });
    expect(good.status()).toBe(200);
    expect(await good.json()).toEqual({ version: 1, status: 'draft' });
    const stale = await api.put(url, { data: { mode: 'draft', version: 0, answers: { F4: 'mild' } } });
    expect(stale.status()).toBe(409);
    expect(
      db
        .select()
        .from(answers)
        .where(eq(answers.readId, read.id))
        .all()
        .map((a) => a.value)
        .sort(),
    ).toEqual([12.3, 'marked']);

    const other = await createLoginUser('reader');
    const otherApi = await playwright.request.newContext({ baseURL });
    await otherApi.post('/api/auth/sign-in/email', {
      data: { email: other.email, password: other.password },
      headers: { Origin: baseURL! },
    });
    expect((await otherApi.put(url, { data: { mode: 'draft', version: 1, answers: {} } })).status()).toBe(
      404,
    );
    const visitor = await playwright.request.newContext({ baseURL });
    expect((await visitor.put(url, { data: { mode: 'draft', version: 1, answers: {} } })).status()).toBe(401);
  });
});
