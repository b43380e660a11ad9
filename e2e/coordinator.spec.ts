import { expect, test, type Browser, type Page } from '@playwright/test';
import { and, asc, eq } from 'drizzle-orm';
import { makeCase, makeRead } from '@/db/factories';
import { adjudicationTasks, answers, audit, cases, consensus, reads, studies } from '@/db/schema';
import { completeAnswers, shippedModel } from '@/lib/lexicon/test-lexicons';
import { createLoginUser, testDb } from './support/db';
import { coordinatedStudy } from './support/coordination';
import { storageStateFor } from './support/roles';
import { signedIn } from './support/reading';

const DAY = 86_400_000;

async function asCoordinator(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: storageStateFor('coordinator') });
  return context.newPage();
}

const readsOfStudy = (studyId: number) =>
  testDb().select().from(reads).where(eq(reads.studyId, studyId)).orderBy(asc(reads.id)).all();

/** The matrix cell of one case (by key) and reader. */
const cell = (page: Page, caseKey: string, readerId: string) =>
  page.locator(`[data-case-key="${caseKey}"] [data-reader-id="${readerId}"]`);

test.describe.configure({ timeout: 120_000 });

test('a coordinator creates a VASARI study (3 readers, k = 2, two sessions 14 days apart), assigns it, follows progress, reopens a read, and an adjudicator settles a disagreement', async ({
  browser,
  baseURL,
}) => {
  const readers = [
    await createLoginUser('reader'),
    await createLoginUser('reader'),
    await createLoginUser('reader'),
  ];
  const adjudicator = await createLoginUser('adjudicator');
  const page = await asCoordinator(browser, baseURL!);
  const name = `E2E glioma ${crypto.randomUUID().slice(0, 6)}`;

  // Create the study.
  await page.goto('/coordinator');
  await page.getByRole('link', { name: 'New study' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  const lexicon = page.getByLabel('Lexicon', { exact: true });
  const vasari = await lexicon
    .locator('option', { hasText: /vasari/i })
    .first()
    .getAttribute('value');
  await lexicon.selectOption(vasari!);
  for (const r of readers) await page.getByRole('checkbox', { name: new RegExp(r.email) }).check();
  await page.getByRole('checkbox', { name: new RegExp(adjudicator.email) }).check();
  await page.getByRole('radio', { name: /2 sessions/ }).check();
  await page.getByLabel('Wash-out (days)').fill('14');
  await page.getByRole('radio', { name: 'k readers per case' }).check();
  await page.getByLabel('Readers per case (k)').fill('2');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page).toHaveURL(/\/coordinator\/studies\/\d+\/cases$/);
  const studyId = Number(/studies\/(\d+)\//.exec(page.url())![1]);
  const study = testDb().select().from(studies).where(eq(studies.id, studyId)).get()!;
  expect(study).toMatchObject({
    name,
    readSessions: 2,
    washoutDays: 14,
    design: { kind: 'k_per_case', k: 2 },
  });

  // Cases by CSV mapping: keys, TCGA-style subject IDs and metadata hidden from readers.
  await page.getByLabel('Case mapping CSV').setInputFiles({
    name: 'cases.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'case_key,subject_id,age\nE2E-1,TCGA-02-0001,54\nE2E-2,TCGA-02-0002,61\nE2E-3,TCGA-02-0003,47\n',
    ),
  });
  await page.getByRole('button', { name: 'Upload cases' }).click();
  await expect(page.getByTestId('case-csv-result')).toContainText('3 cases created');
  await expect(page.getByTestId('cases-table')).toContainText('TCGA-02-0002');

  // Preview the design: 3 cases × k = 2 over 3 readers is 2 cases each, every pair sharing one.
  await page.getByRole('navigation', { name: 'Study' }).getByRole('link', { name: 'Assignment' }).click();
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('preview-summary')).toContainText('6 reads will be created');
  await expect(page.getByTestId('design-matrix').locator('[data-cell="n"]')).toHaveCount(6);
  await expect(page.getByTestId('uncovered-pairs')).toHaveCount(0);
  await page.getByRole('button', { name: 'Confirm assignment' }).click();
  await expect(page.getByTestId('assignment-result')).toContainText('6 reads created');
  const assigned = readsOfStudy(studyId);
  expect(assigned).toHaveLength(6);
  for (const r of readers) expect(assigned.filter((a) => a.readerId === r.id)).toHaveLength(2);

  // Adjudicate any disagreement on F2 (side of the tumour epicentre).
  await page.getByRole('navigation', { name: 'Study' }).getByRole('link', { name: 'Adjudication' }).click();
  await page.getByRole('checkbox', { name: /^Adjudicate Side of tumour epicentre/ }).check();
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText(/Rules saved/)).toBeVisible();

  // Progress before anyone reads.
  await page.getByRole('navigation', { name: 'Study' }).getByRole('link', { name: 'Progress' }).click();
  await expect(page.getByTestId('reads-submitted')).toContainText(/0\s*\/\s*6/);

  // Readers submit through the API, as their pages do. The two readers of the first case
  // disagree on F2; everything else agrees.
  const model = shippedModel('vasari');
  const firstCase = testDb()
    .select()
    .from(cases)
    .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, 'E2E-1')))
    .get()!;
  const firstCaseReaders = assigned.filter((a) => a.caseId === firstCase.id).map((a) => a.readerId);
  let submittedSoFar = 0;
  for (const reader of readers) {
    const context = await signedIn(browser, baseURL!, reader);
    const worklist = await context.newPage();
    await worklist.goto('/reader');
    await expect(worklist.getByTestId('reread-notice').filter({ hasText: name })).toContainText(
      'open 14 days later',
    );
    for (const read of assigned.filter((a) => a.readerId === reader.id)) {
      const disagree = read.caseId === firstCase.id && reader.id === firstCaseReaders[1];
      const res = await context.request.put(`/api/v1/reads/${read.id}/answers`, {
        data: {
          mode: 'submit',
          version: 0,
          answers: { ...completeAnswers(model), F2: disagree ? 'left' : 'right' },
        },
      });
      expect(res.status()).toBe(200);
      submittedSoFar++;
      if (submittedSoFar === 1) {
        await page.reload();
        await expect(page.getByTestId('reads-submitted')).toContainText(/1\s*\/\s*6/);
        await expect(page.locator(`[data-case-key] [data-reader-id="${reader.id}"]`).first()).toBeVisible();
      }
    }
    // Their first session is done: the re-reads are listed, waiting for the wash-out.
    await worklist.reload();
    await expect(worklist.getByTestId('reread-notice').filter({ hasText: name })).toHaveCount(0);
    await expect(worklist.getByText(/after the wash-out, from/)).toHaveCount(2);
    await context.close();
  }
  await page.reload();
  // Six submitted; the six re-reads now count too.
  await expect(page.getByTestId('reads-submitted')).toContainText(/6\s*\/\s*12/);
  // A case is complete once its re-reads are in too.
  await expect(page.getByTestId('cases-complete')).toContainText(/0\s*\/\s*3/);

  // Finishing session 1 scheduled each reader's re-reads 14 days later, in a fresh order.
  const rereads = readsOfStudy(studyId).filter((r) => r.session === 2);
  expect(rereads).toHaveLength(6);
  for (const r of rereads) {
    const wait = r.availableAt!.getTime() - Date.now();
    expect(wait).toBeGreaterThan(14 * DAY - 10 * 60_000);
    expect(wait).toBeLessThanOrEqual(14 * DAY);
  }
  const opens = rereads[0]!.availableAt!.toISOString().slice(0, 10);
  await expect(cell(page, 'E2E-1', firstCaseReaders[0]!)).toHaveAccessibleName(
    new RegExp(`session 1 submitted, session 2 opens ${opens}`),
  );

  // Reopen a submitted read of another case with a reason: it becomes a draft again, audited
  // with the reason.
  const secondCase = testDb()
    .select()
    .from(cases)
    .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, 'E2E-2')))
    .get()!;
  const reopened = assigned.find((a) => a.caseId === secondCase.id)!;
  await cell(page, 'E2E-2', reopened.readerId).click();
  const panel = page.getByTestId('read-panel');
  await panel.getByRole('button', { name: 'Reopen…' }).click();
  await panel.getByLabel('Reason for reopening').fill('Scored the wrong series');
  await panel.getByRole('button', { name: 'Reopen', exact: true }).click();
  await expect(cell(page, 'E2E-2', reopened.readerId)).toHaveAccessibleName(/session 1 draft/);
  expect(testDb().select().from(reads).where(eq(reads.id, reopened.id)).get()!.status).toBe('draft');
  expect(
    testDb()
      .select()
      .from(audit)
      .where(and(eq(audit.action, 'read.reopen'), eq(audit.entityId, String(reopened.id))))
      .get()?.reason,
  ).toBe('Scored the wrong series');

  // Exactly one case disagreed on F2: its task went to the study's adjudicator.
  const tasks = testDb().select().from(adjudicationTasks).where(eq(adjudicationTasks.studyId, studyId)).all();
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({ caseId: firstCase.id, adjudicatorId: adjudicator.id, status: 'open' });
  const answersBefore = testDb()
    .select()
    .from(answers)
    .innerJoin(reads, eq(reads.id, answers.readId))
    .where(eq(reads.caseId, firstCase.id))
    .all()
    .map((a) => [a.answers.readId, a.answers.featurePath, a.answers.value]);

  // The adjudicator sees the answers as Reader 1 / Reader 2, never by name, and sets the consensus.
  const adjContext = await signedIn(browser, baseURL!, adjudicator);
  const adj = await adjContext.newPage();
  await adj.goto('/adjudicator');
  const row = adj.getByTestId('adjudication-task-row').filter({ hasText: name });
  await row.getByRole('link', { name: /Adjudicate/ }).click();
  await expect(adj).toHaveURL(new RegExp(`/adjudicator/tasks/${tasks[0]!.id}$`));
  const html = await adj.content();
  for (const r of readers) {
    expect(html).not.toContain(r.email);
    expect(html).not.toContain(r.id);
  }
  expect(html).not.toContain('TCGA-02-0001');
  const card = adj.getByTestId('consensus-card').filter({ hasText: 'Side of tumour epicentre' });
  await expect(card.getByRole('table', { name: /Readers' answers/ })).toContainText('Reader 2');
  await card.getByRole('button', { name: /Use Reader 1's answer/ }).click();
  await card.getByLabel(/^Comment on/).fill('Epicentre is left of midline on FLAIR');
  await adj.getByRole('button', { name: 'Save and complete' }).click();
  await expect(adj.getByTestId('adjudication-decided')).toContainText('Adjudication complete');

  const decided = testDb().select().from(consensus).where(eq(consensus.caseId, firstCase.id)).all();
  expect(decided).toHaveLength(1);
  expect(decided[0]).toMatchObject({
    featurePath: 'F2',
    adjudicatorId: adjudicator.id,
    method: 'adjudication',
    comment: 'Epicentre is left of midline on FLAIR',
  });
  expect(['left', 'right']).toContain(decided[0]!.value);
  // Reads are never changed by adjudication.
  expect(
    testDb()
      .select()
      .from(answers)
      .innerJoin(reads, eq(reads.id, answers.readId))
      .where(eq(reads.caseId, firstCase.id))
      .all()
      .map((a) => [a.answers.readId, a.answers.featurePath, a.answers.value]),
  ).toEqual(answersBefore);
  const steps = testDb()
    .select({ action: audit.action })
    .from(audit)
    .where(eq(audit.actorId, adjudicator.id))
    .all()
    .map((a) => a.action);
  expect(steps).toEqual(expect.arrayContaining(['consensus.set', 'adjudication.task.complete']));
  await adjContext.close();

  // The coordinator sees the task done and the consensus counted.
  await page.getByRole('navigation', { name: 'Study' }).getByRole('link', { name: 'Adjudication' }).click();
  const taskRow = page
    .getByRole('table', { name: 'Adjudication tasks' })
    .getByRole('row', { name: /Case 01/ });
  await expect(taskRow).toContainText('Done');
  await page.context().close();
});

test('progress tools: filter, CSV, remind overdue readers, reassign a not-started read', async ({
  browser,
  baseURL,
}) => {
  const db = testDb();
  const study = await coordinatedStudy({ cases: 4, readers: 3 });
  db.update(studies)
    .set({ dueAt: new Date(Date.now() - 2 * DAY) })
    .where(eq(studies.id, study.id))
    .run();
  const [a, b, c] = study.readers;
  const keys = db.select().from(cases).where(eq(cases.studyId, study.id)).orderBy(asc(cases.id)).all();
  // Reader a and b read every case; a has submitted two. Reader c has nothing yet.
  for (const [i, k] of keys.entries()) {
    makeRead(db, {
      studyId: study.id,
      caseId: k.id,
      readerId: a!.id,
      status: i < 2 ? 'submitted' : 'not_started',
    });
    makeRead(db, { studyId: study.id, caseId: k.id, readerId: b!.id, status: 'not_started' });
  }
  const page = await asCoordinator(browser, baseURL!);
  await page.goto(`/coordinator/studies/${study.id}`);
  await expect(page.getByTestId('reads-submitted')).toContainText(/2\s*\/\s*8/);
  await expect(page.getByTestId('reads-overdue')).toContainText('6');
  // Reader c joined after the assignment: the page points to where the design extends.
  await expect(page.getByTestId('unassigned-notice')).toContainText('1 reader has no reads yet');

  // Filter by case key.
  await page.getByLabel('Search cases').fill(keys[3]!.caseKey);
  await expect(page.getByTestId('case-count')).toHaveText(/1 of 4 cases/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('case-count')).toHaveText(/4 of 4 cases/);

  // The CSV: one row per read, ISO dates, the overdue flag.
  const csv = await page.request.get(`/api/v1/studies/${study.id}/progress`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split(/\r\n/);
  expect(lines[0]).toContain('case_key');
  expect(lines).toHaveLength(1 + 8);
  expect(lines.filter((l) => l.endsWith(',true'))).toHaveLength(6);

  // Remind: the overdue readers' list, ready to paste into an email.
  await page.getByRole('button', { name: 'Remind overdue readers' }).click();
  const list = page.getByLabel('Overdue readers');
  await expect(list).toHaveValue(new RegExp(a!.email));
  await expect(list).toHaveValue(new RegExp(b!.email));
  expect(await list.inputValue()).not.toContain(c!.email);

  // Reassign reader b's read of the last case to reader c.
  const moved = db
    .select()
    .from(reads)
    .where(and(eq(reads.caseId, keys[3]!.id), eq(reads.readerId, b!.id)))
    .get()!;
  await cell(page, keys[3]!.caseKey, b!.id).click();
  const panel = page.getByTestId('read-panel');
  await panel.getByRole('button', { name: 'Reassign…' }).click();
  await panel.getByLabel('Give this read to').selectOption(c!.id);
  await panel.getByRole('button', { name: 'Reassign', exact: true }).click();
  await expect(cell(page, keys[3]!.caseKey, c!.id)).toHaveAccessibleName(/not started/);
  expect(db.select().from(reads).where(eq(reads.id, moved.id)).get()!.readerId).toBe(c!.id);
  expect(
    db
      .select()
      .from(audit)
      .where(and(eq(audit.action, 'read.reassign'), eq(audit.entityId, String(moved.id))))
      .get()?.newValue,
  ).toMatchObject({ readerId: c!.id });
  await page.context().close();
});

test('the progress matrix renders only the rows in view (400 cases × 4 readers)', async ({
  browser,
  baseURL,
}) => {
  const db = testDb();
  const study = await coordinatedStudy({ readers: 4 });
  // One transaction on the same connection: the factories' inserts commit together.
  db.transaction(() => {
    for (let i = 1; i <= 400; i++) {
      const id = makeCase(db, study.id).id;
      for (const r of study.readers)
        makeRead(db, { studyId: study.id, caseId: id, readerId: r.id, status: 'submitted' });
    }
  });
  const page = await asCoordinator(browser, baseURL!);
  await page.goto(`/coordinator/studies/${study.id}`);
  const matrix = page.getByTestId('progress-matrix');
  await expect(matrix).toHaveAttribute('aria-rowcount', '401');
  const rendered = Number(await matrix.getAttribute('data-rendered-rows'));
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);
  const last = db
    .select()
    .from(cases)
    .where(eq(cases.studyId, study.id))
    .orderBy(asc(cases.id))
    .all()
    .at(-1)!;
  await expect(page.locator(`[data-case-key="${last.caseKey}"]`)).toHaveCount(0);
  await matrix.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.locator(`[data-case-key="${last.caseKey}"]`)).toBeVisible();
  await page.context().close();
});
