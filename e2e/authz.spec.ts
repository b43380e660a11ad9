import { expect, test } from '@playwright/test';
import { callAction, serverActions } from './support/actions';
import { createLoginUser, testDb, userByEmail } from './support/db';
import { and, eq } from 'drizzle-orm';
import { addMember } from '@/db/factories';
import { apiTokens, associationRuns, cases, consensus, genomicTables, studies } from '@/db/schema';
import { CLI_ACTOR } from '@/db/queries/actors';
import { uploadGenomicTable } from '@/db/queries/genomic-tables';
import { loadActor } from '@/db/queries/actors';
import { createApiToken } from '@/db/queries/api-tokens';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import {
  coordinatedStudy,
  demoLexiconVersionId,
  memberRoles,
  openTask,
  readsOf,
  taskRow,
} from './support/coordination';
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
  '/analyst/studies/1/genomics': {
    visitor: '→/login?next=%2Fanalyst%2Fstudies%2F1%2Fgenomics',
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
  '/coordinator/studies/new': {
    visitor: '→/login?next=%2Fcoordinator%2Fstudies%2Fnew',
    admin: 200,
    coordinator: 200,
    reader: 403,
    adjudicator: 403,
    analyst: 403,
  },
  '/analyst/tokens': {
    visitor: '→/login?next=%2Fanalyst%2Ftokens',
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
  '/api/v1/studies/1/export?layout=wide&format=csv': {
    visitor: 401,
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
  // The demo's genomic table and its run are the first of the e2e database.
  '/api/v1/studies/1/genomics/tables/1/csv': {
    visitor: 401,
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
  '/api/v1/studies/1/genomics/runs/1/csv': {
    visitor: 401,
    admin: 200,
    coordinator: 403,
    reader: 403,
    adjudicator: 403,
    analyst: 200,
  },
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
type ActionInput = {
  payload: unknown;
  changed?: () => boolean;
  /** The page a dynamic route's action is posted to, with its ids filled in. */
  page?: string;
  /** The action takes (input) rather than (previous state, input). */
  single?: boolean;
};

const demoStudyIdOf = () =>
  testDb().select({ id: studies.id }).from(studies).where(eq(studies.slug, DEMO_STUDY_SLUG)).get()!.id;

/** A small genomic table in the demo study, stored as the command line would. */
const freshGenomicTable = () =>
  uploadGenomicTable(testDb(), { actor: CLI_ACTOR, requestId: 'e2e' }, demoStudyIdOf(), {
    name: `authz-${crypto.randomUUID().slice(0, 8)}.csv`,
    bytes: new TextEncoder().encode('patient_id,grade\nDEMO-0001,1\nDEMO-0002,2\nDEMO-0003,3\nDEMO-0004,4\n'),
  });

const ACTIONS: Record<
  string,
  {
    allowed: readonly Who[];
    input: (who: Who) => Promise<ActionInput>;
    /** A refusal that is not 'forbidden': the object does not exist for that actor. */
    refusedAs?: Partial<Record<Who, string>>;
  }
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
  createStudyAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const slug = `forged-${crypto.randomUUID().slice(0, 8)}`;
      const reader = await createLoginUser('reader');
      return {
        payload: {
          name: `Forged ${slug}`,
          slug,
          lexiconVersionId: demoLexiconVersionId(),
          readers: [reader.id],
          seed: 7,
          readSessions: 1,
          design: { kind: 'fully_crossed' },
          phiPolicy: 'refuse',
        },
        changed: () => Boolean(testDb().select().from(studies).where(eq(studies.slug, slug)).get()),
      };
    },
  },
  adoptShippedLexiconAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => ({ payload: { key: 'ti-rads', sha256: shippedLexicon('ti-rads').sha256 } }),
  },
  updateStudySettingsAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy();
      const description = `forged ${crypto.randomUUID()}`;
      return {
        page: `/coordinator/studies/${study.id}/settings`,
        payload: { studyId: study.id, description },
        changed: () =>
          testDb().select().from(studies).where(eq(studies.id, study.id)).get()!.description === description,
      };
    },
  },
  addStudyMemberAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy();
      const analyst = await createLoginUser('analyst');
      return {
        page: `/coordinator/studies/${study.id}/settings`,
        payload: { studyId: study.id, userId: analyst.id, role: 'analyst' },
        changed: () => memberRoles(study.id, analyst.id).includes('analyst'),
      };
    },
  },
  removeStudyMemberAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy();
      const analyst = await createLoginUser('analyst');
      addMember(testDb(), study.id, analyst.id, 'analyst');
      return {
        page: `/coordinator/studies/${study.id}/settings`,
        payload: { studyId: study.id, userId: analyst.id, role: 'analyst' },
        changed: () => !memberRoles(study.id, analyst.id).includes('analyst'),
      };
    },
  },
  uploadCasesAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy();
      const key = `FORGED-${crypto.randomUUID().slice(0, 8)}`;
      return {
        page: `/coordinator/studies/${study.id}/cases`,
        payload: { studyId: study.id, csv: `case_key,subject_id\n${key},S-1\n` },
        changed: () =>
          Boolean(
            testDb()
              .select()
              .from(cases)
              .where(and(eq(cases.studyId, study.id), eq(cases.caseKey, key)))
              .get(),
          ),
      };
    },
  },
  previewAssignmentAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy({ cases: 1, readers: 1 });
      return {
        single: true,
        page: `/coordinator/studies/${study.id}/assignment`,
        payload: { studyId: study.id, design: { kind: 'fully_crossed' } },
        // A preview changes nothing, for anyone.
      };
    },
  },
  applyAssignmentAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy({ cases: 2, readers: 1 });
      return {
        single: true,
        page: `/coordinator/studies/${study.id}/assignment`,
        payload: { studyId: study.id, design: { kind: 'fully_crossed' } },
        changed: () => readsOf(study.id) === 2,
      };
    },
  },
  saveAdjudicationRulesAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy();
      return {
        single: true,
        page: `/coordinator/studies/${study.id}/adjudication`,
        payload: { studyId: study.id, config: { rules: [{ featureId: 'F2', kind: 'any' }] } },
        changed: () =>
          (
            testDb().select().from(studies).where(eq(studies.id, study.id)).get()!.adjudication as {
              rules: unknown[];
            }
          ).rules.length === 1,
      };
    },
  },
  reevaluateAdjudicationAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const study = await coordinatedStudy();
      return {
        single: true,
        page: `/coordinator/studies/${study.id}/adjudication`,
        payload: { studyId: study.id },
      };
    },
  },
  assignAdjudicatorAction: {
    allowed: ['admin', 'coordinator'],
    input: async () => {
      const { study, task, adjudicator } = await openTask();
      const other = await createLoginUser('adjudicator');
      addMember(testDb(), study.id, other.id, 'adjudicator');
      return {
        single: true,
        page: `/coordinator/studies/${study.id}/adjudication`,
        payload: { studyId: study.id, taskId: task, adjudicatorId: other.id, version: 0 },
        changed: () => taskRow(task).adjudicatorId !== adjudicator,
      };
    },
  },
  saveConsensusAction: {
    allowed: ['adjudicator'],
    // Administrators reach the adjudication area but adjudicate nothing: no task is theirs.
    refusedAs: { admin: 'not_found' },
    input: async () => {
      const { task } = await openTask();
      return {
        single: true,
        page: `/adjudicator/tasks/${task}`,
        payload: { taskId: task, version: 0, values: [{ path: 'F2', value: 'left' }], complete: false },
        changed: () =>
          testDb()
            .select()
            .from(consensus)
            .where(eq(consensus.caseId, taskRow(task).caseId))
            .all().length > 0,
      };
    },
  },
  previewExportAction: {
    allowed: ['admin', 'analyst'],
    input: async () => ({
      page: `/analyst/studies/${demoStudyIdOf()}/export`,
      payload: { studyId: demoStudyIdOf(), params: { layout: 'wide', format: 'csv' } },
    }),
  },
  uploadGenomicAction: {
    allowed: ['admin', 'analyst'],
    input: async () => {
      const name = `forged-${crypto.randomUUID().slice(0, 8)}.csv`;
      return {
        page: `/analyst/studies/${demoStudyIdOf()}/genomics`,
        payload: {
          studyId: demoStudyIdOf(),
          name,
          text: 'patient_id,grade\nDEMO-0001,low\nDEMO-0002,high\n',
        },
        changed: () =>
          Boolean(testDb().select().from(genomicTables).where(eq(genomicTables.name, name)).get()),
      };
    },
  },
  setColumnTypesAction: {
    allowed: ['admin', 'analyst'],
    input: async () => {
      const { id } = freshGenomicTable();
      return {
        single: true,
        page: `/analyst/studies/${demoStudyIdOf()}/genomics`,
        payload: { studyId: demoStudyIdOf(), tableId: id, version: 0, types: { grade: 'continuous' } },
        changed: () =>
          testDb().select().from(genomicTables).where(eq(genomicTables.id, id)).get()!.version > 0,
      };
    },
  },
  deleteGenomicTableAction: {
    allowed: ['admin', 'analyst'],
    input: async () => {
      const { id } = freshGenomicTable();
      return {
        single: true,
        page: `/analyst/studies/${demoStudyIdOf()}/genomics`,
        payload: { studyId: demoStudyIdOf(), tableId: id },
        changed: () => !testDb().select().from(genomicTables).where(eq(genomicTables.id, id)).get(),
      };
    },
  },
  runAssociationAction: {
    allowed: ['admin', 'analyst'],
    input: async () => {
      const { id } = freshGenomicTable();
      return {
        single: true,
        page: `/analyst/studies/${demoStudyIdOf()}/genomics`,
        payload: { studyId: demoStudyIdOf(), tableId: id, params: {} },
        changed: () =>
          testDb().select().from(associationRuns).where(eq(associationRuns.genomicTableId, id)).all().length >
          0,
      };
    },
  },
  createApiTokenAction: {
    allowed: ['admin', 'analyst'],
    input: async () => {
      const name = `forged ${crypto.randomUUID().slice(0, 8)}`;
      return {
        payload: { name, expiresIn: '30' },
        changed: () => Boolean(testDb().select().from(apiTokens).where(eq(apiTokens.name, name)).get()),
      };
    },
  },
  revokeApiTokenAction: {
    allowed: ['admin', 'analyst'],
    input: async (who) => {
      // The caller's own token where they may hold one; else the demo analyst's.
      const owner = userByEmail(`${who === 'admin' ? 'admin' : 'analyst'}@example.org`)!;
      const { id } = createApiToken(
        testDb(),
        { actor: loadActor(testDb(), owner.id)!, requestId: 'e2e' },
        {
          name: 'to revoke',
        },
      );
      return {
        payload: { id },
        changed: () =>
          testDb().select().from(apiTokens).where(eq(apiTokens.id, id)).get()!.revokedAt !== null,
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
      const { payload, changed, page, single } = await row.input(who);
      const res = await callAction(
        ctx,
        { ...action!, pagePath: page ?? action!.pagePath },
        payload,
        baseURL!,
        {
          single,
        },
      );
      if (allowed) {
        expect(res.body).toContain('"ok":true');
        if (changed) expect(changed()).toBe(true);
      } else {
        const code = row.refusedAs?.[who] ?? (who === 'visitor' ? 'unauthenticated' : 'forbidden');
        expect(res.body).toContain(`"code":"${code}"`);
        if (changed) expect(changed()).toBe(false);
      }
      await ctx.dispose();
    });
  }
}
