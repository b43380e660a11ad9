import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { gliomaCaseDicom } from '@/lib/dicom/phantom/glioma-dicom';
import { sharedEnv } from '@/lib/env';
import { annolex } from './support/imaging';
import { readingStudy, readsFor, signedIn, viewerReady, foregroundShare } from './support/reading';
import { makeTransferSyntaxFixtures, SYNTAXES } from './support/transfer-syntaxes';

test.describe('transfer syntaxes', () => {
  test('every supported transfer syntax, made with dcmtk and gdcm, imports and renders with visible anatomy', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-ts-'));
    makeTransferSyntaxFixtures(dir);
    const { study, reader } = await readingStudy();
    const printed = annolex('import', dir, '--study', study.slug);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(printed).toContain(`imported    ${SYNTAXES.length} instance(s)`);
    const reads = readsFor(study.id, reader.id);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    for (const s of SYNTAXES) {
      await test.step(s.key, async () => {
        await page.goto(`/reader/reads/${reads.get(`TS-${s.key}`)}`);
        await viewerReady(page);
        const pane = page.locator('[data-rendered="true"]').first();
        await expect(pane).toHaveAttribute('data-series-uid', /.+/);
        expect(await foregroundShare(pane), s.key).toBeGreaterThan(0.1);
      });
    }
    await context.close();
  });
});

test.describe('DICOMweb', () => {
  test('a case that references a study on Orthanc renders through the proxy; no credential reaches the browser', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const orthanc = `http://127.0.0.1:${sharedEnv('ANNOLEX_E2E_ORTHANC_PORT', () => '')}`;
    const password = sharedEnv('ANNOLEX_E2E_ORTHANC_PASSWORD', () => '');
    const authorization = `Basic ${Buffer.from(`annolex:${password}`).toString('base64')}`;
    const caseKey = `DW-${crypto.randomUUID().slice(0, 6)}`;
    const { studyInstanceUid, files } = gliomaCaseDicom({
      caseKey,
      seed: 11,
      phantom: { size: 128, slices: 12, pixelMm: 1.875, sliceMm: 4 },
    });
    for (const f of files) {
      const res = await fetch(`${orthanc}/instances`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/dicom' },
        body: new Uint8Array(f.bytes),
      });
      expect(res.ok).toBe(true);
    }
    const { study, reader } = await readingStudy();
    const printed = annolex(
      'dicomweb',
      'link',
      '--study',
      study.slug,
      '--case',
      caseKey,
      '--study-uid',
      studyInstanceUid,
    );
    expect(printed).toContain(`Linked case ${caseKey}: 4 series, ${files.length} new instance(s)`);
    const reads = readsFor(study.id, reader.id);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    const proxied: string[] = [];
    const leaks: string[] = [];
    page.on('response', async (res) => {
      const url = res.url();
      if (url.includes('/api/v1/dicomweb/')) proxied.push(url);
      if (!url.startsWith(baseURL!)) return;
      const headers = JSON.stringify(await res.allHeaders());
      const body =
        res.request().resourceType() === 'document' || url.includes('/api/')
          ? await res.body().catch(() => Buffer.alloc(0))
          : Buffer.alloc(0);
      if (headers.includes(password) || body.includes(password) || body.includes(orthanc)) leaks.push(url);
    });
    await page.goto(`/reader/reads/${reads.get(caseKey)}`);
    await viewerReady(page);
    for (const label of ['T1', 'T1C', 'T2', 'FLAIR']) {
      const pane = page.locator(`[data-viewport-label="${label}"]`);
      await expect(pane).toHaveAttribute('data-rendered', 'true');
      expect(await foregroundShare(pane), label).toBeGreaterThan(0.1);
    }
    expect(proxied.some((u) => u.includes('/frames/1'))).toBe(true);
    expect(proxied.some((u) => u.endsWith('/metadata'))).toBe(true);
    expect(leaks).toEqual([]);
    await context.close();
  });
});
