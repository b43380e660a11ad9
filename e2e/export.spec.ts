import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import yauzl from 'yauzl';
import { audit } from '@/db/schema';
import { testDb, userByEmail } from './support/db';
import { demoStudyId } from './support/imaging';
import { storageStateFor } from './support/roles';

/** The files of a zip, by name. */
function unzip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(parts).toString('utf8'));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

test.describe('export', () => {
  test.use({ storageState: storageStateFor('analyst') });

  test('an analyst downloads the demo study as a wide table with its codebook: reader columns, codes and RadLex IDs', async ({
    page,
  }) => {
    await page.goto('/analyst');
    await page.getByTestId(`export-link-${demoStudyId()}`).click();
    await expect(page).toHaveURL(new RegExp(`/analyst/studies/${demoStudyId()}/export$`));
    await page.getByRole('radio', { name: 'Wide' }).check();
    await page.getByRole('radio', { name: 'One per reader' }).check();
    await page.getByRole('radio', { name: /Zip bundle/ }).check();
    // The preview shows the first rows of the table inside the bundle.
    await expect(page.getByTestId('export-preview-table')).toBeVisible();
    await expect(page.getByTestId('export-preview-table')).toContainText('DEMO-0001');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-download').click();
    const file = await download;
    const files = await unzip(fs.readFileSync((await file.path())!));
    const names = [...files.keys()];
    expect(names).toEqual(expect.arrayContaining(['codebook.csv', 'codebook.json', 'README.md']));
    const tableName = names.find((n) => n.endsWith('.csv') && !n.startsWith('codebook'))!;
    const table = parse(files.get(tableName)!, { columns: true }) as Record<string, string>[];
    expect(table).toHaveLength(12);
    const columns = Object.keys(table[0]!);
    expect(columns.slice(0, 2)).toEqual(['subject_id', 'case_key']);
    for (const id of [
      'F5__reader_01',
      'F5__reader_02',
      'F5__reader_03',
      'F29__reader_01',
      'F1__frontal__reader_01',
    ])
      expect(columns).toContain(id);
    // No reader name or email anywhere in the bundle.
    const readerNames = ['reader1', 'reader2', 'reader3'].map((r) => userByEmail(`${r}@example.org`)!.name);
    for (const text of files.values()) {
      expect(text).not.toContain('@example.org');
      for (const n of readerNames) expect(text).not.toContain(n);
    }
    const codebook = parse(files.get('codebook.csv')!, { columns: true }) as Record<string, string>[];
    const f2 = codebook.find((r) => r.column_id === 'F2__reader_01')!;
    expect(f2.options).toContain('RID5825');
    expect(f2.lexicon_version).toBe('1.0.0');
    expect(files.get('README.md')).toContain('demo-glioma');
    // The export is audited with its row count.
    const analyst = userByEmail('analyst@example.org')!;
    const row = testDb()
      .select()
      .from(audit)
      .where(eq(audit.actorId, analyst.id))
      .all()
      .filter((a) => a.action === 'export.run')
      .at(-1)!;
    expect(row.newValue).toMatchObject({ format: 'zip', rows: 12 });
  });

  test('an API token works from a script; a revoked one does not', async ({ page, playwright, baseURL }) => {
    await page.goto('/analyst/tokens');
    const name = `script ${crypto.randomUUID().slice(0, 6)}`;
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByTestId('new-token-value').inputValue();
    expect(token).toMatch(/^alx_/);
    // A script: no browser session, only the token.
    const script = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const url = `/api/v1/studies/${demoStudyId()}/export?layout=long&format=csv&features=F2,F29`;
    const ok = await script.get(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status()).toBe(200);
    const rows = parse(await ok.text(), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.feature_id))).toEqual(new Set(['F2', 'F29']));
    expect(rows.find((r) => r.feature_id === 'F29')!.value_number).toMatch(/^\d+(\.\d+)?$/);
    // Without a token, and with a made-up one: refused.
    expect((await script.get(url)).status()).toBe(401);
    expect(
      (await script.get(url, { headers: { Authorization: `Bearer alx_${'x'.repeat(43)}` } })).status(),
    ).toBe(401);
    // Revoked in the page: refused from then on.
    await page.getByRole('button', { name: 'Done, I have copied it' }).click();
    await page.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(
      page.getByTestId('tokens-table').locator('[data-status="revoked"]').filter({ hasText: name }),
    ).toBeVisible();
    expect((await script.get(url, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
    await script.dispose();
  });
});

test.describe('export refusals', () => {
  test.use({ storageState: storageStateFor('reader') });

  test('a reader gets 403 on the export API', async ({ request }) => {
    const res = await request.get(`/api/v1/studies/${demoStudyId()}/export?layout=wide&format=csv`);
    expect(res.status()).toBe(403);
  });
});
