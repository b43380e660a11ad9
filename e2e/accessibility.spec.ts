import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser } from '@playwright/test';
import { asc, eq } from 'drizzle-orm';
import { adjudicationTasks } from '@/db/schema';
import { testDb } from './support/db';
import { demoRead, demoStudyId } from './support/imaging';
import { storageStateFor } from './support/roles';
import type { GlobalRole } from '@/lib/auth/roles';

/**
 * axe-core (WCAG 2.1 A and AA rules) on the pages of every role: labels,
 * roles, names, contrast. The viewer's canvases are left out: an image has no text to check.
 */
const PAGES: { who: GlobalRole; path: () => string }[] = [
  { who: 'reader', path: () => '/reader' },
  { who: 'reader', path: () => `/reader/reads/${demoRead('reader1@example.org', 'draft')}` },
  { who: 'analyst', path: () => '/analyst' },
  { who: 'analyst', path: () => `/analyst/studies/${demoStudyId()}/agreement` },
  { who: 'analyst', path: () => `/analyst/studies/${demoStudyId()}/export` },
  { who: 'analyst', path: () => `/analyst/studies/${demoStudyId()}/genomics` },
  { who: 'analyst', path: () => '/analyst/tokens' },
  { who: 'admin', path: () => '/admin' },
  { who: 'coordinator', path: () => '/lexicons' },
  { who: 'coordinator', path: () => '/lexicons/vasari' },
  { who: 'coordinator', path: () => `/coordinator/studies/${demoStudyId()}/images` },
  { who: 'coordinator', path: () => '/coordinator' },
  { who: 'coordinator', path: () => '/coordinator/studies/new' },
  ...['', '/assignment', '/cases', '/adjudication', '/settings', '/reads'].map((sub) => ({
    who: 'coordinator' as const,
    path: () => `/coordinator/studies/${demoStudyId()}${sub}`,
  })),
  { who: 'adjudicator', path: () => '/adjudicator' },
  {
    who: 'adjudicator',
    path: () =>
      `/adjudicator/tasks/${
        testDb()
          .select({ id: adjudicationTasks.id })
          .from(adjudicationTasks)
          .where(eq(adjudicationTasks.studyId, demoStudyId()))
          .orderBy(asc(adjudicationTasks.id))
          .get()!.id
      }`,
  },
];

async function pageAs(browser: Browser, baseURL: string, who: GlobalRole) {
  const context = await browser.newContext({ baseURL, storageState: storageStateFor(who) });
  return context.newPage();
}

for (const p of PAGES) {
  test(`${p.who}: ${p.path.toString().includes('tasks') ? 'an adjudication task' : p.path()} has no WCAG A/AA violations`, async ({
    browser,
    baseURL,
  }) => {
    const page = await pageAs(browser, baseURL!, p.who);
    await page.goto(p.path());
    await page.waitForLoadState('networkidle');
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .exclude('canvas')
      .analyze();
    const found = result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
    expect(found).toEqual([]);
    await page.context().close();
  });
}
