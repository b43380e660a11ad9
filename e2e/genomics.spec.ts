import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { associationRuns, audit, genomicTables } from '@/db/schema';
import { testDb, userByEmail } from './support/db';
import { demoStudyId } from './support/imaging';
import { storageStateFor } from './support/roles';

const PLANTED = 'F29~VEGFA_expression';

test.describe('radiogenomics', () => {
  test.use({ storageState: storageStateFor('analyst') });

  test('an analyst uploads the demo genomic table, runs the tests, sees the planted association first and downloads the results', async ({
    page,
  }) => {
    const studyId = demoStudyId();
    await page.goto('/analyst');
    await page.getByTestId(`genomics-link-${studyId}`).click();
    await expect(page).toHaveURL(new RegExp(`/analyst/studies/${studyId}/genomics`));

    // The demo ships its table, already uploaded; download it as a user would, to upload it again.
    const demoTable = testDb()
      .select({ id: genomicTables.id })
      .from(genomicTables)
      .where(and(eq(genomicTables.studyId, studyId), eq(genomicTables.name, 'demo-glioma-genomics.csv')))
      .get()!;
    const downloaded = page.waitForEvent('download');
    await page.getByTestId(`genomic-table-download-${demoTable.id}`).click();
    const csvPath = (await (await downloaded).path())!;
    expect(fs.readFileSync(csvPath, 'utf8').split('\n')[0]).toBe(
      'patient_id,subtype,IDH1,EGFR,VEGFA_expression',
    );

    const before = testDb()
      .select()
      .from(genomicTables)
      .where(eq(genomicTables.studyId, studyId))
      .all().length;
    await page.getByLabel(/^File/).setInputFiles({
      name: 'my-genomics.csv',
      mimeType: 'text/csv',
      buffer: fs.readFileSync(csvPath),
    });
    await page
      .getByTestId('genomic-upload')
      .getByRole('button', { name: /upload/i })
      .click();
    await expect(page.getByTestId('genomic-upload-done')).toBeVisible();
    const tables = testDb().select().from(genomicTables).where(eq(genomicTables.studyId, studyId)).all();
    expect(tables).toHaveLength(before + 1);
    const mine = tables.find((t) => t.name === 'my-genomics.csv')!;

    // The typing preview: the mutations are binary, the expression continuous.
    await page.getByTestId(`genomic-table-select-${mine.id}`).click();
    await expect(page.getByTestId('genomic-columns')).toBeVisible();
    await expect(page.getByTestId('column-type-select-IDH1')).toHaveValue('binary');
    await expect(page.getByTestId('column-type-select-VEGFA_expression')).toHaveValue('continuous');
    await expect(page.getByTestId('column-type-select-subtype')).toHaveValue('categorical');

    // Run the grid on the new table.
    const form = page.getByTestId('association-run-form');
    await form.getByLabel('Genomic table').selectOption(String(mine.id));
    const runParam = () => new URL(page.url()).searchParams.get('run');
    const previous = runParam();
    await page.getByTestId('association-run-submit').click();
    await expect.poll(runParam, { timeout: 30_000 }).not.toBe(previous);
    const runId = Number(runParam());
    const run = testDb().select().from(associationRuns).where(eq(associationRuns.id, runId)).get()!;
    expect(run.genomicTableId).toBe(mine.id);

    // The join report: 11 subjects matched, one case and two genomic rows without a partner.
    await expect(page.getByTestId('join-matched')).toContainText('11');
    await expect(page.getByTestId('join-report')).toContainText('DEMO-0007');

    // The planted pair leads the table, sorted by q, below 0.05.
    const first = page.getByTestId('association-row').first();
    await expect(first).toHaveAttribute('data-pair', PLANTED);
    await expect(first).toContainText('Spearman');
    await expect(page.getByTestId('drill-down')).toHaveAttribute('data-kind', 'scatter');
    await expect(page.getByTestId('drill-result')).toContainText('0.98');

    // Only the planted pair survives the q < 0.05 filter: the nulls stay nulls.
    await page.getByTestId('association-significant-only').check();
    await expect(page.getByTestId('association-row')).toHaveCount(1);

    // A categorical pair opens as a mosaic with its contingency table.
    await page.getByTestId('association-significant-only').uncheck();
    await page.getByTestId('association-search').fill('IDH1');
    const idh = page.getByTestId('association-row').filter({ hasText: 'Fisher' }).first();
    await idh.getByTestId('association-plot-link').click();
    await expect(page.getByTestId('drill-down')).toHaveAttribute('data-kind', 'mosaic');
    await expect(page.getByTestId('contingency-table')).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByTestId('association-csv-link').click();
    const text = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# Annolex association results/);
    const rows = parse(text, { columns: true, comment: '#' }) as Record<string, string>[];
    expect(`${rows[0]!.imaging_feature}~${rows[0]!.genomic_variable}`).toBe(PLANTED);
    expect(Number(rows[0]!.q_bh)).toBeLessThan(0.05);
    expect(rows.filter((r) => r.q_bh !== '' && Number(r.q_bh) < 0.05)).toHaveLength(1);

    const analyst = userByEmail('analyst@example.org')!;
    const actions = testDb()
      .select({ action: audit.action })
      .from(audit)
      .where(eq(audit.actorId, analyst.id))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['genomics.upload', 'genomics.associate']));
  });

  test('a refused file stores nothing and says why', async ({ page }) => {
    const studyId = demoStudyId();
    await page.goto(`/analyst/studies/${studyId}/genomics`);
    await page.getByLabel(/^File/).setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('patient_id,IDH1\nDEMO-0001,mutated\nDEMO-0001,wildtype\n'),
    });
    await page
      .getByTestId('genomic-upload')
      .getByRole('button', { name: /upload/i })
      .click();
    await expect(page.getByTestId('genomic-upload')).toContainText(/DEMO-0001/);
    expect(testDb().select().from(genomicTables).where(eq(genomicTables.name, 'broken.csv')).all()).toEqual(
      [],
    );
  });
});

test.describe('radiogenomics is closed to readers', () => {
  test.use({ storageState: storageStateFor('reader') });

  test("a reader reaches neither the page nor the demo study's stored tables and results", async ({
    page,
    request,
  }) => {
    const studyId = demoStudyId();
    const res = await page.goto(`/analyst/studies/${studyId}/genomics`);
    expect(res?.status()).toBe(403);
    const table = testDb().select().from(genomicTables).where(eq(genomicTables.studyId, studyId)).get()!;
    const run = testDb().select().from(associationRuns).where(eq(associationRuns.studyId, studyId)).get()!;
    for (const url of [
      `/api/v1/studies/${studyId}/genomics/tables/${table.id}/csv`,
      `/api/v1/studies/${studyId}/genomics/runs/${run.id}/csv`,
    ]) {
      const r = await request.get(url);
      expect(r.status(), url).toBe(403);
      expect(await r.text()).not.toContain('VEGFA');
    }
  });
});
