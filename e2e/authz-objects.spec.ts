import { expect, test } from '@playwright/test';
import { asc, eq } from 'drizzle-orm';
import { adjudicationTasks, genomicTables } from '@/db/schema';
import { testDb } from './support/db';
import {
  demoCaseId,
  demoInstance,
  demoRead,
  demoStudyId,
  outsideInstance,
  outsideStudy,
} from './support/imaging';
import { checkCell, requestAs, WHO, type Expect, type Who } from './support/authz';

/** Every coordinator page of one study (under /coordinator/studies/{id}). */
const STUDY_PAGES = ['', '/assignment', '/cases', '/images', '/reads', '/adjudication', '/settings'];

/** The demo adjudicator's first task (the demo seeds some). */
const demoTask = () =>
  testDb()
    .select({ id: adjudicationTasks.id })
    .from(adjudicationTasks)
    .where(eq(adjudicationTasks.studyId, demoStudyId()))
    .orderBy(asc(adjudicationTasks.id))
    .get()!.id;

/** The demo study's own genomic table (the demo seeds it). */
const demoGenomicTable = () =>
  testDb()
    .select({ id: genomicTables.id })
    .from(genomicTables)
    .where(eq(genomicTables.studyId, demoStudyId()))
    .orderBy(asc(genomicTables.id))
    .get()!.id;

/**
 * Routes about one object, whose ids exist only once the server seeded the demo: reads,
 * images and uploads. Each row is resolved when its test runs.
 */
const OBJECTS: {
  name: string;
  method?: 'GET' | 'POST';
  url: () => string;
  row: Record<Who, Expect | 'login'>;
}[] = [
  {
    name: "reader 1's own read",
    url: () => `/reader/reads/${demoRead('reader1@example.org')}`,
    row: { visitor: 'login', admin: 403, coordinator: 403, reader: 200, adjudicator: 403, analyst: 403 },
  },
  {
    name: "another reader's read",
    url: () => `/reader/reads/${demoRead('reader2@example.org')}`,
    row: { visitor: 'login', admin: 403, coordinator: 403, reader: 404, adjudicator: 403, analyst: 403 },
  },
  {
    name: 'an image of a demo case',
    url: () => `/api/v1/instances/${demoInstance()}/dicom`,
    row: { visitor: 401, admin: 200, coordinator: 200, reader: 200, adjudicator: 200, analyst: 403 },
  },
  {
    name: 'an image of a case in a study nobody here belongs to',
    url: () => `/api/v1/instances/${outsideInstance()}/dicom`,
    row: { visitor: 401, admin: 200, coordinator: 404, reader: 404, adjudicator: 404, analyst: 403 },
  },
  {
    name: 'DICOMweb for a study the case does not reference',
    url: () => `/api/v1/dicomweb/cases/${demoCaseId()}/studies/1.2.3/series`,
    row: { visitor: 401, admin: 404, coordinator: 404, reader: 404, adjudicator: 404, analyst: 403 },
  },
  {
    name: "the demo study's images page",
    url: () => `/coordinator/studies/${demoStudyId()}/images`,
    row: { visitor: 'login', admin: 200, coordinator: 200, reader: 403, adjudicator: 403, analyst: 403 },
  },
  {
    name: 'an upload into the demo study (a non-DICOM file)',
    method: 'POST',
    url: () => `/api/v1/studies/${demoStudyId()}/imports`,
    row: { visitor: 401, admin: 200, coordinator: 200, reader: 403, adjudicator: 403, analyst: 403 },
  },
  {
    name: 'an upload into a study nobody here coordinates (a non-DICOM file)',
    method: 'POST',
    url: () => `/api/v1/studies/${outsideStudy().studyId}/imports`,
    row: { visitor: 401, admin: 200, coordinator: 404, reader: 403, adjudicator: 403, analyst: 403 },
  },
  {
    name: "the demo study's reads page",
    url: () => `/coordinator/studies/${demoStudyId()}/reads`,
    row: { visitor: 'login', admin: 200, coordinator: 200, reader: 403, adjudicator: 403, analyst: 403 },
  },
  ...STUDY_PAGES.flatMap((sub) => [
    {
      name: `the demo study's coordinator page ${sub || '(progress)'}`,
      url: () => `/coordinator/studies/${demoStudyId()}${sub}`,
      row: { visitor: 'login', admin: 200, coordinator: 200, reader: 403, adjudicator: 403, analyst: 403 },
    } as const,
    {
      name: `the coordinator page ${sub || '(progress)'} of a study nobody here coordinates`,
      url: () => `/coordinator/studies/${outsideStudy().studyId}${sub}`,
      row: { visitor: 'login', admin: 200, coordinator: 404, reader: 403, adjudicator: 403, analyst: 403 },
    } as const,
  ]),
  {
    name: "the demo study's progress CSV",
    url: () => `/api/v1/studies/${demoStudyId()}/progress`,
    row: { visitor: 401, admin: 200, coordinator: 200, reader: 403, adjudicator: 403, analyst: 403 },
  },
  {
    name: 'the progress CSV of a study nobody here coordinates',
    url: () => `/api/v1/studies/${outsideStudy().studyId}/progress`,
    row: { visitor: 401, admin: 200, coordinator: 404, reader: 403, adjudicator: 403, analyst: 403 },
  },
  {
    name: 'reassigning a demo read without a reader (not JSON)',
    method: 'POST',
    url: () => `/api/v1/reads/${demoRead('reader1@example.org', 'not_started')}/reassign`,
    row: { visitor: 401, admin: 422, coordinator: 422, reader: 403, adjudicator: 403, analyst: 403 },
  },
  {
    name: "the demo adjudicator's task",
    url: () => `/adjudicator/tasks/${demoTask()}`,
    // Administrators reach the area but adjudicate nothing: the task does not exist for them.
    row: { visitor: 'login', admin: 404, coordinator: 403, reader: 403, adjudicator: 200, analyst: 403 },
  },
  {
    name: "the demo study's export page",
    url: () => `/analyst/studies/${demoStudyId()}/export`,
    row: { visitor: 'login', admin: 200, coordinator: 403, reader: 403, adjudicator: 403, analyst: 200 },
  },
  {
    name: 'the export page of a study nobody here analyses',
    url: () => `/analyst/studies/${outsideStudy().studyId}/export`,
    row: { visitor: 'login', admin: 200, coordinator: 403, reader: 403, adjudicator: 403, analyst: 404 },
  },
  {
    name: 'the genomics page of a study nobody here analyses',
    url: () => `/analyst/studies/${outsideStudy().studyId}/genomics`,
    row: { visitor: 'login', admin: 200, coordinator: 403, reader: 403, adjudicator: 403, analyst: 404 },
  },
  {
    name: "the demo study's genomic table asked for through another study",
    url: () => `/api/v1/studies/${outsideStudy().studyId}/genomics/tables/${demoGenomicTable()}/csv`,
    row: { visitor: 401, admin: 404, coordinator: 403, reader: 403, adjudicator: 403, analyst: 404 },
  },
  {
    name: 'the export API of a study nobody here analyses',
    url: () => `/api/v1/studies/${outsideStudy().studyId}/export?layout=long&format=csv`,
    // That study has no lexicon yet: nothing can be exported from it (409), even by an administrator.
    row: { visitor: 401, admin: 409, coordinator: 403, reader: 403, adjudicator: 403, analyst: 404 },
  },
  {
    name: 'reopening a demo read without a reason (not JSON)',
    method: 'POST',
    url: () => `/api/v1/reads/${demoRead('reader2@example.org', 'submitted')}/reopen`,
    row: { visitor: 401, admin: 422, coordinator: 422, reader: 403, adjudicator: 403, analyst: 403 },
  },
];

for (const who of WHO) {
  test.describe(`objects as ${who}`, () => {
    for (const o of OBJECTS) {
      test(`${o.method ?? 'GET'} ${o.name} → ${o.row[who]}`, async ({ playwright, baseURL }) => {
        const ctx = await requestAs(playwright.request, who, baseURL!);
        const url = o.url();
        const res =
          o.method === 'POST'
            ? await ctx.post(url, { data: Buffer.from('not a DICOM file'), maxRedirects: 0 })
            : await ctx.get(url, { maxRedirects: 0 });
        const expected = o.row[who];
        checkCell(
          res.status(),
          res.headers()['location'],
          expected === 'login' ? `→/login?next=${encodeURIComponent(url)}` : expected,
        );
        if (res.status() === 200 && url.endsWith('/dicom')) {
          const body = await res.body();
          expect(body.subarray(128, 132).toString('latin1')).toBe('DICM');
          // Patient identity is blanked in every served file.
          expect(body.includes('DEMO-0001')).toBe(false);
        }
        await ctx.dispose();
      });
    }
  });
}
