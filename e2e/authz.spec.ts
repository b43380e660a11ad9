import { expect, test } from '@playwright/test';
import { callAction, serverActions } from './support/actions';
import { createLoginUser, testDb, userByEmail } from './support/db';
import { eq } from 'drizzle-orm';
import { studies } from '@/db/schema';
import { DEMO_STUDY_SLUG } from '@/db/seed-demo-study';
import { checkCell, requestAs, WHO, type Expect, type Who } from './support/authz';

/** Pages: rows are routes, columns the actor. */
const PAGES: Record<string, Record<Who, Expect>> = {
  '/': {
    visitor: '→/login',
    admin: '→/admin',
    coordinator: '→/coordinator',
    reader: '→/reader',
    adjudicator: '→/adjudicator',
    analyst: '→/analyst',
  },
  '/login': {
    visitor: 200,
    admin: '→/admin',
    coordinator: '→/coordinator',
    reader: '→/reader',
    adjudicator: '→/adjudicator',
    analyst: '→/analyst',
  },
  '/admin': {
    visitor: '→/login?next=%2Fadmin',
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  '/coordinator': {
    visitor: '→/login?next=%2Fcoordinator',
    admin: 200,
    coordinator: 200,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  '/reader': {
    visitor: '→/login?next=%2Freader',
    admin: 403,
    coordinator: 403,
    reader: 200,
    adjudicator: 403,
    analyst: 403,
  },
  '/adjudicator': {
    visitor: '→/login?next=%2Fadjudicator',
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 200,
    analyst: 403,
  },
  '/analyst': {
    visitor: '→/login?next=%2Fanalyst',
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
  '/lexicons': {
    visitor: '→/login?next=%2Flexicons',
    admin: 200,
    coordinator: 200,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  '/lexicons/vasari': {
    visitor: '→/login?next=%2Flexicons%2Fvasari',
    admin: 200,
    coordinator: 200,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  '/lexicons/ti-rads/try': {
    visitor: '→/login?next=%2Flexicons%2Fti-rads%2Ftry',
    admin: 200,
    coordinator: 200,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  '/lexicons/no-such-lexicon': {
    visitor: '→/login?next=%2Flexicons%2Fno-such-lexicon',
    admin: 404,
    coordinator: 404,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  // The demo study is the first study of the e2e database.
  '/analyst/studies/1/agreement': {
    visitor: '→/login?next=%2Fanalyst%2Fstudies%2F1%2Fagreement',
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
  '/no-such-page': {
    visitor: 404,
    admin: 404,
    coordinator: 404,
    reader: 404,
    adjudicator: 404,
    analyst: 404,
  },
};

/** Route handlers. */
const API: Record<string, Record<Who, Expect>> = {
  '/api/v1/me': { visitor: 401, admin: 200, coordinator: 200, reader: 200, adjudicator: 200, analyst: 200 },
  '/api/v1/studies/1/agreement-units': {
    visitor: 401,
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
  '/api/v1/users': {
    visitor: 401,
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
};

for (const who of WHO) {
  test.describe(`as ${who}`, () => {
    for (const [route, row] of Object.entries({ ...PAGES, ...API })) {
      test(`GET ${route} → ${row[who]}`, async ({ playwright, baseURL }) => {
        const ctx = await requestAs(playwright.request, who, baseURL!);
        const res = await ctx.get(route, { maxRedirects: 0 });
        checkCell(res.status(), res.headers()['location'], row[who]);
        await ctx.dispose();
      });
    }
  });
}

/**
 * Server actions are public endpoints: each must check the session and the permission
 * itself. Every action of the build must have a row here.
 */
const ACTIONS: Record<
  string,
  { allowed: readonly Who[]; input: () => Promise<{ payload: unknown; changed?: () => boolean }> }
> = {
  uploadReferenceAction: {
    allowed: ['admin', 'analyst'],
    input: async () => {
      const studyId = testDb()
        .select({ id: studies.id })
        .from(studies)
        .where(eq(studies.slug, DEMO_STUDY_SLUG))
        .get()!.id;
      return { payload: { studyId, csv: 'case_id,feature,value\nDEMO-0001,F4,marked\n' } };
    },
  },
  checkAnswersAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => ({ payload: { lexiconId: 'ti-rads', mode: 'draft', answers: {} } }),
  },
  createUserAction: {
    allowed: ['admin'],
    input: async () => {
      const email = `forged-${crypto.randomUUID().slice(0, 8)}@e2e.example.org`;
      return {
        payload: { email, name: 'Forged', role: 'admin', password: 'forged-password-1' },
        changed: () => Boolean(userByEmail(email)),
      };
    },
  },
  setUserRoleAction: {
    allowed: ['admin'],
    input: async () => {
      const victim = await createLoginUser('reader');
      return {
        payload: { userId: victim.id, role: 'admin' },
        changed: () => userByEmail(victim.email)?.role === 'admin',
      };
    },
  },
  setUserDisabledAction: {
    allowed: ['admin'],
    input: async () => {
      const victim = await createLoginUser('analyst');
      return {
        payload: { userId: victim.id, disabled: true },
        changed: () => userByEmail(victim.email)?.disabledAt != null,
      };
    },
  },
};

test('every server action of the build is in the authz matrix', () => {
  expect(
    serverActions()
      .map((a) => a.name)
      .sort(),
  ).toEqual(Object.keys(ACTIONS).sort());
});

for (const [name, row] of Object.entries(ACTIONS)) {
  for (const who of WHO) {
    const allowed = row.allowed.includes(who);
    test(`action ${name} called directly as ${who} → ${allowed ? 'runs' : 'refused, nothing changes'}`, async ({
      playwright,
      baseURL,
    }) => {
      const action = serverActions().find((a) => a.name === name);
      expect(action, `${name} is not in the build`).toBeDefined();
      const ctx = await requestAs(playwright.request, who, baseURL!);
      const { payload, changed } = await row.input();
      const res = await callAction(ctx, action!, payload, baseURL!);
      if (allowed) {
        expect(res.body).toContain('"ok":true');
        if (changed) expect(changed()).toBe(true);
      } else {
        expect(res.body).toContain(who === 'visitor' ? '"code":"unauthenticated"' : '"code":"forbidden"');
        if (changed) expect(changed()).toBe(false);
      }
      await ctx.dispose();
    });
  }
}
