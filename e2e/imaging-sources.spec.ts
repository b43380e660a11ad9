import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { gliomaCaseDicom } from '@/lib/dicom/phantom/glioma-dicom';
import { makeTestDicom } from '@/lib/dicom/test-dicom';
import { sharedEnv } from '@/lib/env';
import { testDb } from './support/db';
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
    const checks: Promise<void>[] = [];
    page.on('response', (res) => {
      const url = res.url();
      if (url.includes('/api/v1/dicomweb/')) proxied.push(url);
      if (!url.startsWith(baseURL!)) return;
      checks.push(
        (async () => {
          const headers = JSON.stringify(await res.allHeaders().catch(() => ({})));
          const body = await res.body().catch(() => Buffer.alloc(0));
          if (headers.includes(password) || body.includes(password) || body.includes(orthanc))
            leaks.push(url);
        })(),
      );
    });
    await page.goto(`/reader/reads/${reads.get(caseKey)}`);
    await viewerReady(page);
    for (const label of ['T1', 'T1C', 'T2', 'FLAIR']) {
      const pane = page.locator(`[data-viewport-label="${label}"]`);
      await expect(pane).toHaveAttribute('data-rendered', 'true');
      expect(await foregroundShare(pane), label).toBeGreaterThan(0.1);
    }
    await Promise.all(checks);
    expect(proxied.some((u) => u.includes('/frames/1'))).toBe(true);
    expect(proxied.some((u) => u.endsWith('/metadata'))).toBe(true);
    expect(leaks).toEqual([]);
    await context.close();
  });
});

test.describe('PHI', () => {
  test('under the strip policy no canary from PHI attributes, private tags or nested sequences reaches the output, the database or a served file', async ({
    browser,
    baseURL,
  }) => {
    const canary = `CANARY${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-phi-'));
    fs.writeFileSync(
      path.join(dir, 'phi.dcm'),
      makeTestDicom({ canary, privateTag: true, nestedSequences: true, uids: { sop: `2.25.${Date.now()}` } }),
    );
    const { study, reader } = await readingStudy();
    const printed = annolex('import', dir, '--study', study.slug, '--policy', 'strip');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(printed).toContain('imported    1 instance(s)');
    expect(printed).not.toContain(canary);
    const db = testDb();
    db.$client.pragma('wal_checkpoint(PASSIVE)');
    const dump = db.$client
      .prepare(
        "SELECT group_concat(value, '|') AS v FROM (SELECT coalesce(old_value, '') || coalesce(new_value, '') AS value FROM audit UNION ALL SELECT case_key FROM cases UNION ALL SELECT coalesce(subject_id, '') FROM cases UNION ALL SELECT summary FROM imports)",
      )
      .get() as { v: string };
    expect(dump.v).not.toContain(canary);
    const reads = readsFor(study.id, reader.id);
    expect([...reads.keys()][0]).toMatch(/^ANON-/);
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    const served: Buffer[] = [];
    const bodies: Promise<void>[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(baseURL!))
        bodies.push(
          res.body().then(
            (b) => void served.push(b),
            () => undefined,
          ),
        );
    });
    await page.goto(`/reader/reads/${[...reads.values()][0]}`);
    await viewerReady(page);
    await Promise.all(bodies);
    expect(served.some((b) => b.subarray(128, 132).toString('latin1') === 'DICM')).toBe(true);
    for (const body of served) expect(body.includes(canary)).toBe(false);
    await context.close();
  });
});
