import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { parseLexicon } from '@/lib/lexicon/parse';
import { benchAgreement } from './b8-agreement';
import { benchAutosave, benchSubmitNext } from './b-autosave';
import { benchImport } from './b-import';
import { benchProgress, medianPhases } from './b-progress';
import { benchViewer } from './b-viewer';
import { summarize } from './stats';

/**
 * `npm run bench [-- --quick]`: each figure next to a floor measured in the same run, on the
 * same machine, with the ratio. Prints a table and writes bench-results.json. Timing goals are
 * reported, never enforced: machines are noisy.
 */
type Row = {
  id: string;
  what: string;
  median_ms: number;
  p95_ms: number;
  floor_ms: number;
  ratio: number;
  goal: string;
  passed: boolean;
  backend: string;
  notes: string;
};

const quick = process.argv.includes('--quick');
const vasari = parseLexicon(
  fs.readFileSync(path.resolve('lexicons/vasari.yaml'), 'utf8'),
  'lexicons/vasari.yaml',
);
if (!vasari.ok) throw new Error('lexicons/vasari.yaml is invalid');
const model = buildFormModel(vasari.lexicon);

const rows: Row[] = [];
const [cases, readers] = quick ? [200, 10] : [1000, 20];
const b8 = benchAgreement(model, cases, readers, quick ? 3 : 5);
rows.push({
  id: 'B8',
  what: `agreement, all ${b8.units} units of ${b8.features} VASARI features, ${cases} cases × ${readers} readers (${b8.rows} answers), no bootstrap`,
  median_ms: b8.measured.median,
  p95_ms: b8.measured.p95,
  floor_ms: b8.floor.median,
  ratio: b8.measured.median / b8.floor.median,
  goal: quick ? '(quick run: goal applies to the full size)' : '≤ 1000 ms',
  passed: quick ? true : b8.measured.median <= 1000,
  backend: 'node (no rendering)',
  notes: 'floor: one pass grouping the same answers by feature and case and counting agreeing pairs',
});

const importCases = quick ? 2 : 4;
const bi = benchImport(importCases, quick ? 1 : 3);
const msPerCase = bi.measured.median / bi.cases;
rows.push({
  id: 'B-IMPORT',
  what: `annolex import of ${bi.cases} glioma phantom cases (${bi.files} files, ${(bi.bytes / 2 ** 20).toFixed(0)} MiB) into a fresh data folder, wall clock of the CLI`,
  median_ms: bi.measured.median,
  p95_ms: bi.measured.p95,
  floor_ms: bi.floor.median,
  ratio: bi.measured.median / bi.floor.median,
  goal: '(throughput reported, no goal)',
  passed: true,
  backend: 'node (no rendering)',
  notes: [
    `${msPerCase.toFixed(0)} ms per case, ${((bi.files / bi.measured.median) * 1000).toFixed(0)} files/s`,
    `CLI start-up (annolex --help) ${bi.startup.median.toFixed(0)} ms, included above`,
    `floor: read, sha256, write and fsync each file and its folder into a content-addressed tree, in-process (${((bi.files / bi.floor.median) * 1000).toFixed(0)} files/s)`,
  ].join('; '),
});

// Repeats use distinct cases for the cold runs: 2 × repeats + 1 warm-up of the demo's 12.
const bv = await benchViewer(quick ? 3 : 5);
const viewerNotes = [
  `server start ${(bv.serverStartMs / 1000).toFixed(0)} s${bv.rebuilt ? ' (included a production build)' : ''}`,
  `WebGL: ${bv.webgl}`,
];
for (const [name, result, requested] of [
  ['gpu', bv.gpu, 'auto'],
  ['cpu', bv.cpu, '?renderer=cpu'],
] as const) {
  const backend = `${[...result.backends].join('+')} (asked: ${requested})`;
  for (const phase of ['cold', 'warm'] as const) {
    const m = summarize(result[phase]);
    const floor = phase === 'cold' ? bv.floorCold : bv.floorWarm;
    const goal = phase === 'cold' ? 2000 : 1000;
    rows.push({
      id: `B-VIEWER ${name} ${phase}`,
      what:
        phase === 'cold'
          ? `VASARI read page, navigation → all 4 viewports rendered, new browser context, ${bv.repeats} different cases`
          : `the same read page reloaded (browser cache warm), navigation → all 4 viewports rendered, ${bv.repeats} cases`,
      median_ms: m.median,
      p95_ms: m.p95,
      floor_ms: floor.median,
      ratio: m.median / floor.median,
      goal: `≤ ${goal} ms ${phase}`,
      passed: m.median <= goal,
      backend,
      notes: [
        `floor: navigation → load of the worklist /reader (server-rendered, no viewer), ${phase === 'cold' ? 'new context' : 'reload'}`,
        ...viewerNotes,
      ].join('; '),
    });
  }
}

const ba = await benchAutosave(quick ? 10 : 20, quick ? 5000 : 10_000);
rows.push({
  id: 'B-AUTOSAVE',
  what: `PUT /api/v1/reads/{id}/answers (draft) by ${ba.readers} signed-in readers at once, each waiting for its previous save, ${ba.seconds.toFixed(0)} s`,
  median_ms: ba.put.median,
  p95_ms: ba.put.p95,
  floor_ms: ba.me.median,
  ratio: ba.put.median / ba.me.median,
  goal: 'p95 ≤ 250 ms',
  passed: ba.put.p95 <= 250,
  backend: 'node server (no rendering)',
  notes: [
    `${ba.saves} saves, ${ba.putPerSecond.toFixed(0)} saves/s, p50 ${ba.put.median.toFixed(1)} ms, p95 ${ba.put.p95.toFixed(1)} ms`,
    `floor: GET /api/v1/me (authenticated, no write) by the same ${ba.readers} readers for as long: p50 ${ba.me.median.toFixed(1)} ms, p95 ${ba.me.p95.toFixed(1)} ms, ${ba.mePerSecond.toFixed(0)} requests/s`,
  ].join('; '),
});

const bs = await benchSubmitNext(quick ? 1 : 2);
const ms = summarize(bs.measured);
const msFloor = summarize(bs.floor);
rows.push({
  id: 'B-SUBMIT-NEXT',
  what: `demo reader1: click Submit on a complete VASARI read → next read's 4 viewports rendered, ${bs.repeats} submit(s) on successive reads`,
  median_ms: ms.median,
  p95_ms: ms.p95,
  floor_ms: msFloor.median,
  ratio: ms.median / msFloor.median,
  goal: '(reported, no goal)',
  passed: true,
  backend: [...bs.backends].join('+'),
  notes: 'floor: the same next read reloaded (browser cache warm), navigation → all 4 viewports rendered',
});

const bp = await benchProgress(quick ? 3 : 5, cases, readers);
const ph = medianPhases(bp.page);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const progressGoal = (goal: number | null) =>
  goal === null
    ? { goal: '(reported, no goal)', passed: () => true }
    : quick
      ? { goal: '(quick run: goal applies to the full size)', passed: () => true }
      : { goal: `≤ ${goal} ms`, passed: (median: number) => median <= goal };
const progressNotes = [
  `${bp.reads} session-1 reads: ${bp.mix.submitted} submitted, ${bp.mix.draft} drafts, ${bp.mix.notStarted} not started, the open ones overdue; seeded in ${(bp.seedMs / 1000).toFixed(1)} s`,
  `server start ${(bp.serverStartMs / 1000).toFixed(0)} s${bp.rebuilt ? ' (included a production build)' : ''}`,
  `page HTML ${kib(ph.encoded)} on the wire, ${kib(ph.decoded)} decoded, of which ${kib(ph.flight)} inlined page data for hydration; study list ${kib(bp.floorPage.encoded)} / ${kib(bp.floorPage.decoded)}`,
  `cold navigation, medians: ${ph.ttfb.toFixed(0)} ms to the first byte, ${ph.body.toFixed(0)} ms more to the last, ${ph.dcl.toFixed(0)} ms to DOMContentLoaded, ${ph.load.toFixed(0)} ms to load; the rest of the figure is hydration`,
  `rows in the DOM: ${ph.renderedRows} of ${bp.cases} on load, ${summarize(bp.renderedAtBottom).median} at the bottom`,
];
for (const [id, what, samples, floor, goal, floorNote] of [
  [
    'B-PROGRESS cold',
    `coordinator's progress page, ${bp.cases} cases × ${bp.readers} readers, navigation → matrix hydrated with rows rendered, new browser context, ${bp.repeats} runs`,
    bp.cold,
    bp.floorCold,
    progressGoal(2000),
    "floor: navigation → load of the coordinator's study list /coordinator, same server and session, new context",
  ],
  [
    'B-PROGRESS warm',
    'the same page reloaded (browser cache warm), navigation → matrix hydrated with rows rendered',
    bp.warm,
    bp.floorWarm,
    progressGoal(null),
    'floor: the study list reloaded, navigation → load',
  ],
  [
    'B-PROGRESS filter',
    `"${bp.search}" entered in Search cases → "1 of ${bp.cases} cases" shown and the grid down to that row`,
    bp.filter,
    bp.floorFilter,
    progressGoal(200),
    `floor: the same fill into an input no script listens to, until a frame sees it; clearing the search back to ${bp.cases} rows: ${summarize(bp.clear).median.toFixed(0)} ms median`,
  ],
  [
    'B-PROGRESS scroll',
    `the matrix scrolled from the top to the bottom in one jump → the last case's row painted (timed in the page)`,
    bp.scroll,
    bp.floorScroll,
    progressGoal(200),
    'floor: the matrix scrolled by one row (44 px), timed the same way, to the next frame',
  ],
  [
    'B-PROGRESS query',
    `studyProgress (readers, cases, ${bp.reads} reads: three queries and the columns) in-process on the same database, ${bp.queryRepeats} runs`,
    bp.query,
    bp.queryFloor,
    progressGoal(null),
    'floor: SELECT count(*) FROM reads WHERE study_id = ? on the same connection',
  ],
] as const) {
  const m = summarize([...samples]);
  const f = summarize([...floor]);
  rows.push({
    id,
    what,
    median_ms: m.median,
    p95_ms: m.p95,
    floor_ms: f.median,
    ratio: m.median / f.median,
    goal: goal.goal,
    passed: goal.passed(m.median),
    backend: id === 'B-PROGRESS query' ? 'node (no rendering)' : 'chromium DOM (no WebGL)',
    notes: [floorNote, ...progressNotes].join('; '),
  });
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memory_gib: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
fs.writeFileSync(
  'bench-results.json',
  `${JSON.stringify({ date: new Date().toISOString(), quick, machine, rows }, null, 2)}\n`,
);

const fmt = (x: number) => x.toFixed(1);
console.log(
  `Annolex benchmarks${quick ? ' (quick)' : ''} on ${machine.cpus} × ${machine.cpu}, ${machine.memory_gib} GiB, Node ${machine.node}`,
);
console.log(
  ['id', 'median ms', 'p95 ms', 'floor ms', 'ratio', 'goal', 'pass', 'backend', 'what'].join(' | '),
);
for (const r of rows)
  console.log(
    [
      r.id,
      fmt(r.median_ms),
      fmt(r.p95_ms),
      fmt(r.floor_ms),
      r.ratio.toFixed(1),
      r.goal,
      r.passed ? 'yes' : 'NO',
      r.backend,
      r.what,
    ].join(' | '),
  );
console.log('Notes');
// Rows of one benchmark share some notes: each is printed once (bench-results.json keeps them all).
const printed = new Set<string>();
for (const r of rows) {
  const fresh = r.notes.split('; ').filter((n) => !printed.has(n));
  fresh.forEach((n) => printed.add(n));
  if (fresh.length) console.log(`  ${r.id}: ${fresh.join('; ')}`);
}
console.log('Wrote bench-results.json');
