import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { addMember, makeRead } from '@/db/factories';
import { cases, measurements, reads, studies } from '@/db/schema';
import { DEMO_BREAST_SLUG } from '@/db/demo-keys';
import { brainGliomaPhantom } from '@/lib/dicom/phantom/brain-glioma';
import { createLoginUser, testDb } from './support/db';
import { demoStudyId } from './support/imaging';
import { foregroundShare, signedIn, viewerReady } from './support/reading';

/** A fresh reader with one read of a demo case, so tests never share a read. */
async function demoReader(caseKey = 'DEMO-0001') {
  const db = testDb();
  const reader = await createLoginUser('reader');
  const studyId = demoStudyId();
  addMember(db, studyId, reader.id, 'reader');
  const kase = db
    .select()
    .from(cases)
    .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, caseKey)))
    .get()!;
  const read = makeRead(db, { studyId, caseId: kase.id, readerId: reader.id, status: 'not_started' });
  return { reader, readId: read.id };
}

const viewport = (page: Page, label: string) => page.locator(`[data-viewport-label="${label}"]`);

test.describe('viewer', () => {
  test('opens a VASARI demo case in a 2×2 T1 / T1C / T2 / FLAIR layout, on the GPU path, without patient identity', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readId } = await demoReader();
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readId}`);
    const viewer = await viewerReady(page);
    await expect(viewer).toHaveAttribute('data-viewer-backend', 'gpu');
    for (const [label, description] of [
      ['T1', 'AX T1'],
      ['T1C', 'AX T1 POST'],
      ['T2', 'AX T2'],
      ['FLAIR', 'AX FLAIR'],
    ]) {
      await expect(viewport(page, label!)).toHaveAttribute('data-rendered', 'true');
      await expect(viewport(page, label!)).toHaveAccessibleName(new RegExp(`^${label}: ${description}\\.`));
      expect(await foregroundShare(viewport(page, label!))).toBeGreaterThan(0.1);
    }
    await expect(page.locator('body')).not.toContainText('DEMO-0001');

    // Leaving the page (a client-side navigation) unmounts the viewer symmetrically.
    await page.getByRole('link', { name: 'Worklist' }).click();
    await expect(page).toHaveURL(/\/reader$/);
    const counters = await page.evaluate(() => window.__annolexViewer);
    expect(counters?.mounts).toBeGreaterThan(0);
    expect(counters?.unmounts).toBe(counters?.mounts);
    expect(counters?.listeners.removed).toBe(counters?.listeners.added);
    await context.close();
  });

  test('scrolls by keys and wheel, in sync across co-registered series, and windows and zooms', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readId } = await demoReader('DEMO-0002');
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readId}`);
    await viewerReady(page);
    const flair = viewport(page, 'FLAIR');
    const t1 = viewport(page, 'T1');
    const start = Number(await flair.getAttribute('data-slice'));
    await flair.focus();
    await page.keyboard.press('ArrowDown');
    await expect(flair).not.toHaveAttribute('data-slice', String(start));
    const afterKey = Number(await flair.getAttribute('data-slice'));
    // Synchronised scrolling (on by default for this protocol) moves the T1 viewport too.
    await expect(t1).toHaveAttribute('data-slice', String(afterKey));
    const box = (await flair.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    await expect(flair).not.toHaveAttribute('data-slice', String(afterKey));

    // Window/level: drag with the W/L tool changes the overlay's values.
    await page.getByRole('button', { name: /Window\/level/i }).click();
    const overlay = flair.locator('xpath=..').getByText(/^W -?\d+ L -?\d+$/);
    const before = await overlay.innerText();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 6 });
    await page.mouse.up();
    await expect(overlay).not.toHaveText(before);

    // Zoom with the right button changes what the viewport shows.
    const shotBefore = await flair.screenshot();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 80, { steps: 6 });
    await page.mouse.up({ button: 'right' });
    await expect.poll(async () => (await flair.screenshot()).equals(shotBefore)).toBe(false);
    await context.close();
  });

  test("closing a case releases its images from the cache and keeps the next read's prefetched series", async ({
    browser,
    baseURL,
  }) => {
    const db = testDb();
    const reader = await createLoginUser('reader');
    const studyId = demoStudyId();
    addMember(db, studyId, reader.id, 'reader');
    const readOf = (caseKey: string) => {
      const kase = db
        .select()
        .from(cases)
        .where(and(eq(cases.studyId, studyId), eq(cases.caseKey, caseKey)))
        .get()!;
      return makeRead(db, { studyId, caseId: kase.id, readerId: reader.id, status: 'not_started' }).id;
    };
    const first = readOf('DEMO-0004');
    const second = readOf('DEMO-0005');
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    const cacheBytes = () => page.evaluate(() => window.__annolexViewer?.cacheBytes() ?? -1);
    const allShownCached = () =>
      page.waitForFunction(() => {
        const s = window.__annolexViewer?.shownImages;
        return !!s && s.total > 0 && s.cached === s.total;
      });
    const toWorklist = async () => {
      await page.getByRole('link', { name: 'Worklist', exact: true }).click();
      await expect(page).toHaveURL(/\/reader$/);
      await expect(page.locator('[data-viewer-state]')).toHaveCount(0);
    };

    // The first read's four series, and the next read's first series prefetched behind them.
    await page.goto(`/reader/reads/${first}`);
    await viewerReady(page);
    await allShownCached();
    await expect.poll(cacheBytes).toBeGreaterThan(0);
    const open = await cacheBytes();
    await toWorklist();
    // Closed: the four series are gone; the next read's series stays (one of the four's size).
    const kept = await cacheBytes();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(open / 2);

    // The next read finds that series cached. With the first read submitted meanwhile (here
    // straight in the database), it has no next read, so closing it empties the cache.
    db.update(reads).set({ status: 'submitted', submittedAt: new Date() }).where(eq(reads.id, first)).run();
    await page.locator(`a[href="/reader/reads/${second}"]`).first().click();
    await viewerReady(page);
    expect(await page.evaluate(() => window.__annolexViewer?.shownImages.atStart ?? 0)).toBeGreaterThan(0);
    await allShownCached();
    await toWorklist();
    await expect.poll(cacheBytes).toBe(0);
    await context.close();
  });

  test('renders on the CPU path too', async ({ browser, baseURL }) => {
    const { reader, readId } = await demoReader('DEMO-0003');
    const context = await signedIn(browser, baseURL!, reader);
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readId}?renderer=cpu`);
    const viewer = await viewerReady(page);
    await expect(viewer).toHaveAttribute('data-viewer-backend', 'cpu');
    for (const label of ['T1', 'T1C', 'T2', 'FLAIR'])
      expect(await foregroundShare(viewport(page, label))).toBeGreaterThan(0.1);
    await context.close();
  });
});

test.describe('measurements fill the form', () => {
  test('a length drawn on the FLAIR lesion fills F29 in mm, is saved with its geometry, redrawn on reload, and deleting it clears the field', async ({
    browser,
    baseURL,
  }) => {
    const { reader, readId } = await demoReader('DEMO-0004');
    const context = await signedIn(browser, baseURL!, reader, { width: 1680, height: 1050 });
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readId}`);
    await viewerReady(page);
    const flair = viewport(page, 'FLAIR');
    const f29 = page.getByRole('spinbutton', { name: /F29 Lesion size: longest/ });
    await page.getByRole('button', { name: 'Measure Lesion size: longest diameter on the image' }).click();
    const box = (await flair.boundingBox())!;
    const a = { x: box.x + box.width * 0.35, y: box.y + box.height * 0.45 };
    const b = { x: box.x + box.width * 0.6, y: box.y + box.height * 0.55 };
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 10 });
    await page.mouse.up();
    await expect(f29).not.toHaveValue('');
    const filled = Number(await f29.inputValue());
    // A sanity check of the scale: the image (256 px of 0.9375 mm = 240 mm) fits the viewport's
    // shorter side, and the mouse lands within a screen pixel of where it was sent at each end.
    const mmPerScreenPx = 240 / Math.min(box.width, box.height);
    const onScreen = Math.hypot(b.x - a.x, b.y - a.y) * mmPerScreenPx;
    expect(Math.abs(filled - onScreen)).toBeLessThan(Math.max(1, 2 * mmPerScreenPx));

    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
    const saved = testDb()
      .select()
      .from(measurements)
      .where(and(eq(measurements.readId, readId), eq(measurements.featurePath, 'F29')))
      .get()!;
    expect(saved).toMatchObject({ tool: 'Length', unit: 'mm' });
    const [p, q] = saved.points as [number, number, number][];
    const fromPoints = Math.hypot(p![0] - q![0], p![1] - q![1], p![2] - q![2]);
    // The value is the drawn distance (not the stale first estimate), to the feature's 0.1 mm.
    expect(Math.abs(filled - fromPoints)).toBeLessThan(1);
    expect(Math.abs(saved.value - fromPoints)).toBeLessThan(0.01);

    await page.reload();
    const viewer = await viewerReady(page);
    await expect(viewer).toHaveAttribute('data-annotations', '1');
    await expect(f29).toHaveValue(String(filled));

    // Select the annotation (a click on its line) and delete it: the field empties.
    await page
      .getByRole('button', { name: /Length/ })
      .first()
      .click();
    await page.mouse.click((a.x + b.x) / 2, (a.y + b.y) / 2);
    // Cornerstone acts on a single click once its double-click window (about 400 ms) has passed.
    await page.waitForTimeout(600);
    await page.keyboard.press('Delete');
    await expect(viewer).toHaveAttribute('data-annotations', '0');
    await expect(f29).toHaveValue('');
    await context.close();
  });
});

test.describe('coordinator upload', () => {
  test.use({ storageState: 'test-results/.auth/coordinator.json' });

  test('uploads a zip into the demo study with progress and sees the summary', async ({ page }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-upload-'));
    const zip = path.join(dir, 'bad.zip');
    // A zip whose only entry is not DICOM: the import runs and reports the skip.
    const { makeZip } = await import('@/lib/dicom/import/test-zip');
    fs.writeFileSync(zip, makeZip([{ name: 'notes.txt', data: Buffer.from('not DICOM') }]));
    await page.goto(`/coordinator/studies/${demoStudyId()}/images`);
    await expect(page.getByRole('heading', { name: /Images/ })).toBeVisible();
    await page.getByLabel('DICOM zip or file').setInputFiles(zip);
    await page.getByRole('button', { name: 'Import' }).click();
    const summary = page.getByTestId('import-summary');
    await expect(summary).toContainText('1 files: 0 imported');
    await expect(summary).toContainText('1 skipped: not DICOM');
    await expect(page.getByRole('table', { name: 'Past imports' })).toContainText('coordinator@example.org');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test.describe('auto size', () => {
  test('a rough ellipse around the FLAIR lesion proposes diameters near the phantom truth, and one click fills F29', async ({
    browser,
    baseURL,
  }) => {
    const seed = 5;
    const { truth } = brainGliomaPhantom(seed);
    const { reader, readId } = await demoReader(`DEMO-000${seed}`);
    const context = await signedIn(browser, baseURL!, reader, { width: 1680, height: 1050 });
    const page = await context.newPage();
    await page.goto(`/reader/reads/${readId}`);
    await viewerReady(page);
    const flair = viewport(page, 'FLAIR');
    // Show the lesion's centre slice: the stack starts at its middle (index 23 of 48).
    await flair.focus();
    const steps = Math.round(truth.center[2]) - Number(await flair.getAttribute('data-slice'));
    for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
    await expect(flair).toHaveAttribute('data-slice', String(Math.round(truth.center[2])));

    // Image pixel → screen: the 256² image fits the viewport's shorter side, centred.
    const box = (await flair.boundingBox())!;
    const scale = Math.min(box.width, box.height) / 256;
    const screen = (x: number, y: number) => ({
      x: box.x + (box.width - 256 * scale) / 2 + (x + 0.5) * scale,
      y: box.y + (box.height - 256 * scale) / 2 + (y + 0.5) * scale,
    });
    const c = screen(truth.center[0], truth.center[1]);
    // A rough ellipse: 20% wider than the abnormality's half-diameter, drawn from its centre.
    const radiusPx = ((truth.longestDiameterMm / 2 / 0.9375) * 1.2 * scale) as number;
    await page.getByRole('button', { name: 'Auto size' }).click();
    await page.mouse.move(c.x, c.y);
    await page.mouse.down();
    await page.mouse.move(c.x + radiusPx, c.y + radiusPx * 0.8, { steps: 8 });
    await page.mouse.up();

    const proposal = page.getByTestId('size-proposal');
    await expect(proposal).toBeVisible({ timeout: 20_000 });
    const longest = Number(
      (await proposal.getByTestId('proposed-longest').innerText()).replace(/[^\d.]/g, ''),
    );
    expect(Math.abs(longest - truth.longestDiameterMm) / truth.longestDiameterMm).toBeLessThan(0.1);
    await proposal.getByRole('button', { name: 'Use for F29' }).click();
    await expect(page.getByRole('spinbutton', { name: /F29 Lesion size: longest/ })).toHaveValue(
      longest.toFixed(1),
    );
    await context.close();
  });
});

test.describe('mammography', () => {
  test('a BI-RADS demo case hangs CC beside MLO; a length on a projection image is refused for a field in physical units', async ({
    browser,
    baseURL,
  }) => {
    const db = testDb();
    const study = db.select().from(studies).where(eq(studies.slug, DEMO_BREAST_SLUG)).get()!;
    const reader = await createLoginUser('reader');
    addMember(db, study.id, reader.id, 'reader');
    const kase = db
      .select()
      .from(cases)
      .where(and(eq(cases.studyId, study.id), eq(cases.caseKey, 'BREAST-0001')))
      .get()!;
    const read = makeRead(db, {
      studyId: study.id,
      caseId: kase.id,
      readerId: reader.id,
      status: 'not_started',
    });
    const context = await signedIn(browser, baseURL!, reader, { width: 1680, height: 1050 });
    const page = await context.newPage();
    await page.goto(`/reader/reads/${read.id}`);
    await viewerReady(page);
    await expect(page.locator('[data-viewport-index]')).toHaveCount(2);
    await expect(viewport(page, 'CC')).toHaveAccessibleName(/^CC: [LR] CC\./);
    await expect(viewport(page, 'MLO')).toHaveAccessibleName(/^MLO: [LR] MLO\./);
    for (const label of ['CC', 'MLO'])
      expect(await foregroundShare(viewport(page, label))).toBeGreaterThan(0.1);

    await page.getByRole('button', { name: 'Add finding' }).click();
    await page.getByRole('button', { name: 'Measure Distance from nipple on the image' }).click();
    const box = (await viewport(page, 'CC').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 10 });
    await page.mouse.up();
    // Cornerstone calibrates projection images (here 'mm ERMF', from the GEOMETRY calibration):
    // not physical mm at the object, so the field refuses it and says why.
    await expect(page.getByRole('alert').filter({ hasText: 'not calibrated in physical mm' })).toContainText(
      'mm ERMF',
    );
    await expect(page.getByRole('spinbutton', { name: /Distance from nipple/ })).toHaveValue('');
    await context.close();
  });
});
