import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { parseLexicon } from '@/lib/lexicon/parse';
import { benchAgreement } from './b8-agreement';
import { benchAutosave, benchSubmitNext } from './b-autosave';
import { benchExport, type CliRun } from './b-export';
import { benchImport } from './b-import';
import { benchProgress, medianPhases } from './b-progress';
import { benchStartup } from './b-startup';
import { benchB6, summarizeRun } from './b6-autosave';
import { benchFirstImage, SYNTAX_LABELS } from './b1-first-image';
import { benchViewer } from './b-viewer';
import { summarize } from './stats';

/**
 * `npm run bench [-- --quick] [-- --only B7,B8]`: each figure next to a floor measured in
 * the same run, on the same machine, with the ratio. Prints a table and writes
 * bench-results.json. Timing goals are reported, never enforced: machines are noisy. `--only`
 * runs the benchmark groups whose id starts with one of the given prefixes (all rows of each).
 */
type Row = {
  id: string;
  what: string;
  /** The unit of median, p95 and floor when they are not milliseconds (the fields keep their names). */
  unit?: 'MB' | 'slices/s';
  median_ms: number;
  p95_ms: number;
  floor_ms: number;
  ratio: number;
  goal: string;
  passed: boolean;
  backend: string;
  /** Rows measured in the browser: its version and the viewer's decode workers. */
  chromium?: string;
  decode_workers?: number;
  notes: string;
};

const quick = process.argv.includes('--quick');

const GROUPS = [
  'B1',
  'B1c',
  'B2',
  'B3',
  'B5',
  'B6',
  'B8',
  'B10',
  'B-IMPORT',
  'B-VIEWER',
  'B-AUTOSAVE',
  'B-SUBMIT-NEXT',
  'B9',
  'B-PROGRESS',
  'B7',
];
function onlyPrefixes(): string[] | null {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return null;
  const value = args[at]!.startsWith('--only=') ? args[at]!.slice('--only='.length) : args[at + 1];
  const prefixes = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = prefixes.filter((p) => !GROUPS.some((g) => g.startsWith(p) || p.startsWith(`${g} `)));
  if (!prefixes.length || unknown.length) {
    console.error(
      `--only takes benchmark id prefixes, comma-separated${unknown.length ? ` (no benchmark matches ${unknown.join(', ')})` : ''}: ${GROUPS.join(', ')}`,
    );
    process.exit(2);
  }
  return prefixes;
}
const only = onlyPrefixes();
/** Whether the group runs: every group, or those `--only` names by a prefix of their id. */
const runs = (group: string) =>
  only === null || only.some((p) => group.startsWith(p) || p.startsWith(`${group} `));
const vasari = parseLexicon(
  fs.readFileSync(path.resolve('lexicons/vasari.yaml'), 'utf8'),
  'lexicons/vasari.yaml',
);
if (!vasari.ok) throw new Error('lexicons/vasari.yaml is invalid');
const model = buildFormModel(vasari.lexicon);

const rows: Row[] = [];
const MB_BYTES = 1e6;
const [cases, readers] = quick ? [200, 10] : [1000, 20];
let b1Result: Awaited<ReturnType<typeof benchFirstImage>> | null = null;
if (runs('B1c') || runs('B1') || runs('B2') || runs('B3') || runs('B5')) {
  const b1 = await benchFirstImage(quick ? 1 : 5, quick ? 30 : 100, quick ? 5 : 10);
  b1Result = b1;
  const page = summarize(b1.floorPage);
  const fetchFloor = b1.floorFetch.length ? summarize(b1.floorFetch) : null;
  for (const s of b1.series) {
    const cold = summarize(s.cold);
    const reload = summarize(s.reload);
    const cached = summarize(s.allCached);
    const fetchAll = summarize(s.fetchAll);
    const decode = summarize(s.decodeAll);
    // Fetch ∥ decode: at best the two overlap completely, so the slower one bounds the time.
    const b2Floor = page.median + Math.max(fetchAll.median, decode.median);
    const common = [
      `${s.files} slices of 512 × 512 × 16 bits, ${(s.bytes / MB_BYTES).toFixed(1)} MB as ${SYNTAX_LABELS[s.syntax]}; generated and encoded at bench time (all syntaxes: ${(b1.generateMs / 1000).toFixed(1)} s)`,
      `Chromium ${b1.chromium}, ${b1.decodeWorkers} decode workers`,
      fetchFloor
        ? `one instance fetched alone from the same route: ${fetchFloor.median.toFixed(0)} ms median`
        : 'instance fetch floor not measured (no instance request seen by the page)',
    ];
    rows.push(
      {
        id: `B1c ${s.syntax}`,
        what: `cold time to first image: new browser context → read page of a case with one ${SYNTAX_LABELS[s.syntax]} MR series rendered, ${s.cold.length} runs`,
        median_ms: cold.median,
        p95_ms: cold.p95,
        floor_ms: page.median,
        ratio: cold.median / page.median,
        goal: '≤ 2500 ms',
        passed: cold.median <= 2500,
        backend: s.backend,
        chromium: b1.chromium,
        decode_workers: b1.decodeWorkers,
        notes: ["floor: navigation → load of the reader's worklist /reader in a new context", ...common].join(
          '; ',
        ),
      },
      {
        id: `B2 ${s.syntax}`,
        what: `all ${s.files} slices of the ${SYNTAX_LABELS[s.syntax]} series in the viewer's cache: navigation (new context) → the last one decoded, ${s.allCached.length} runs`,
        median_ms: cached.median,
        p95_ms: cached.p95,
        floor_ms: b2Floor,
        ratio: cached.median / b2Floor,
        goal: '≤ 3 × floor',
        passed: cached.median <= 3 * b2Floor,
        backend: s.backend,
        chromium: b1.chromium,
        decode_workers: b1.decodeWorkers,
        notes: [
          `floor: the worklist page loaded in a new context (${page.median.toFixed(0)} ms) plus fetch ∥ decode, the slower of: the same instances fetched at once from the same route in the same page, bypassing the cache (${fetchAll.median.toFixed(0)} ms), and the same files decoded at once by ${b1.decodeWorkers} Node worker threads with the viewer's own codec builds, CharLS and OpenJPH (${decode.median.toFixed(0)} ms)`,
          ...common,
        ].join('; '),
      },
      {
        id: `B1c ${s.syntax} reload`,
        what: `the same read page reloaded (browser cache warm) → first image rendered, ${s.reload.length} runs`,
        median_ms: reload.median,
        p95_ms: reload.p95,
        floor_ms: page.median,
        ratio: reload.median / page.median,
        goal: '(reported, no goal)',
        passed: true,
        backend: s.backend,
        chromium: b1.chromium,
        decode_workers: b1.decodeWorkers,
        notes: ["floor: navigation → load of the reader's worklist /reader in a new context", ...common].join(
          '; ',
        ),
      },
    );
  }
}

if (b1Result && runs('B1')) {
  for (const s of b1Result.series) {
    const warm = summarize(s.warm);
    const page = summarize(b1Result.floorPage);
    rows.push({
      id: `B1 ${s.syntax}`,
      what: `warm time to first image: in a page that has just shown a ${SYNTAX_LABELS[s.syntax]} case, another case of the same syntax opened from the worklist (client-side navigation) → its first image, ${s.warm.length} runs`,
      median_ms: warm.median,
      p95_ms: warm.p95,
      floor_ms: page.median,
      ratio: warm.median / page.median,
      goal: '≤ 300 ms',
      passed: warm.median <= 300,
      backend: s.backend,
      chromium: b1Result.chromium,
      decode_workers: b1Result.decodeWorkers,
      notes: [
        `${s.warmPrefetched} of ${s.warm.length} opens found the series already cached (prefetched); the case opened is never the previous one's "next read"`,
        ...(s.warmSteps.length
          ? [
              `median split from the viewer's marks: click → viewer mounted (page) ${summarize(s.warmSteps.map((w) => w.page)).median.toFixed(0)} ms, → cornerstone session ${summarize(s.warmSteps.map((w) => w.session)).median.toFixed(0)} ms, → first image ${summarize(s.warmSteps.map((w) => w.render)).median.toFixed(0)} ms`,
            ]
          : []),
        "floor: navigation → load of the reader's worklist /reader in a new context",
      ].join('; '),
    });
  }
}

if (b1Result && runs('B5')) {
  const { open, closed } = b1Result.memory;
  const mb = (b: number) => b / MB_BYTES;
  const list = (xs: number[]) => xs.map((b) => mb(b).toFixed(0)).join(', ');
  const closedCache = closed.map((c) => c.cacheBytes);
  const maxCache = Math.max(...closedCache);
  const heaps = closed.map((c) => c.heapBytes);
  // From the 3rd close on: the first cases also load the viewer's code and warm its caches.
  const early = heaps[2] ?? heaps[0] ?? 0;
  const late = heaps.at(-1) ?? 0;
  const growth = early ? (late - early) / early : 0;
  const ok = maxCache <= 1.5 * b1Result.rawSeriesBytes && growth <= 0.1;
  rows.push({
    id: 'B5',
    what: `memory after each of ${closed.length} cases opened from the worklist and closed again, in one page (512² series of ${b1Result.slices} slices, raw, JPEG-LS and HTJ2K in turn): cornerstone's image cache, largest after any close`,
    unit: 'MB',
    median_ms: mb(maxCache),
    p95_ms: mb(closedCache.at(-1) ?? 0),
    floor_ms: mb(b1Result.rawSeriesBytes),
    ratio: maxCache / b1Result.rawSeriesBytes,
    goal: 'cache ≤ 1.5 × raw series bytes, heap growth ≤ 10 %',
    passed: ok,
    backend: b1Result.series[0]?.backend ?? 'unknown',
    chromium: b1Result.chromium,
    decode_workers: b1Result.decodeWorkers,
    notes: [
      `the p95 column holds the cache after the last close; floor: the raw series' bytes; what stays after a close is the next read's prefetched series`,
      `image cache after each close (MB): ${list(closedCache)}; the page's ArrayBuffer bytes (pixels, files and all else) after each close (MB): ${list(closed.map((c) => c.bufferBytes))}`,
      `while each case was open with every slice cached, image cache (MB): ${list(open.map((o) => o.cacheBytes))}; ArrayBuffer bytes (MB): ${list(open.map((o) => o.bufferBytes))}`,
      `JS heap after garbage collection, after each close (MB): ${list(heaps)}; growth from the 3rd close to the last ${(growth * 100).toFixed(1)} %`,
    ].join('; '),
  });
}

if (b1Result && runs('B3')) {
  for (const path of ['cpu', 'gpu'] as const) {
    const list = b1Result.scroll[path];
    const rate = summarize(list.map((r) => r.slicesPerSecond));
    // Rates: a higher figure is better, so p95 here is the 5th percentile (the slow end).
    const slow =
      [...list.map((r) => r.slicesPerSecond)].sort((a, b) => a - b)[Math.floor(list.length * 0.05)] ??
      rate.median;
    const floor = summarize(list.map((r) => r.floorEventsPerSecond));
    const blank = list.reduce((n, r) => n + r.blankFrames, 0);
    rows.push({
      id: `B3 ${path}`,
      what: `stack scroll: real wheel events at 60/s from the top of the cached 512² raw series (${b1Result.slices} slices) towards its end (${list[0]?.events ?? 0} events), ${path === 'cpu' ? '?renderer=cpu' : 'default renderer'}, ${list.length} runs`,
      unit: 'slices/s',
      median_ms: rate.median,
      p95_ms: slow,
      floor_ms: floor.median,
      ratio: floor.median / rate.median,
      goal: path === 'cpu' ? '≥ 30 slices/s, 0 blank frames' : '(reported; the goal is for the CPU path)',
      passed: path === 'cpu' ? rate.median >= 30 && blank === 0 : true,
      backend: list[0]?.backend ?? path,
      chromium: b1Result.chromium,
      decode_workers: b1Result.decodeWorkers,
      notes: [
        `${blank} blank frames (rendered with no image or one still loading); ${summarize(list.map((r) => r.framesPerSecond)).median.toFixed(1)} frames rendered per second; the p95 column holds the slowest 5 % rate`,
        'floor: wheel events per second a no-op listener on the same element received during the same train (ratio = floor / measured)',
      ].join('; '),
    });
  }
}

/** B6's load, also run during B7's export: saves per second per reader. */
const perReader = 2;

if (runs('B6')) {
  const b6 = await benchB6(quick ? 10 : 20, quick ? 5 : 60, perReader);
  const m = summarizeRun(b6.annolex);
  const f = summarizeRun(b6.floor);
  const statuses = (run: typeof b6.annolex) =>
    Object.entries(run.statuses)
      .map(([code, n]) => `${n} × ${code}`)
      .join(', ');
  const goalOk = m.p95 <= 50 && b6.annolex.errors === 0;
  rows.push({
    id: 'B6 autosave',
    what: `PUT /api/v1/reads/{id}/answers (draft), ${b6.readers} signed-in readers, open loop at ${perReader} saves/s each (${b6.readers * perReader}/s), ${b6.seconds} s, load generator in its own process`,
    median_ms: m.median,
    p95_ms: m.p95,
    floor_ms: f.median,
    ratio: m.median / f.median,
    goal: quick ? '(quick run: goal applies to 20 readers, 60 s)' : 'p95 ≤ 50 ms, 0 errors',
    passed: quick ? true : goalOk,
    backend: 'node server (no rendering)',
    notes: [
      `${b6.annolex.sent} saves: ${statuses(b6.annolex)}, ${b6.annolex.errors} errors; latency from each save's scheduled time (queueing included), after 2 s of warm-up`,
      `floor: the same load from the same generator against a bare node:http + better-sqlite3 server doing the same write (WAL, synchronous=FULL, BEGIN IMMEDIATE, version check): p50 ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, ${b6.floor.errors} errors`,
    ].join('; '),
  });
}

if (runs('B8')) {
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
}

if (runs('B10')) {
  const b10 = await benchStartup(quick ? 1 : 3);
  const start = summarize(b10.start);
  const startFloor = summarize(b10.startFloor);
  const mig = summarize(b10.migrate);
  const migFloor = summarize(b10.migrateFloor);
  const migCli = summarize(b10.migrateCli);
  rows.push(
    {
      id: 'B10 start',
      what: `annolex start (migrations, build check, next start) on a fresh data folder → first 200 from /login, ${b10.start.length} run(s)`,
      median_ms: start.median,
      p95_ms: start.p95,
      floor_ms: startFloor.median,
      ratio: start.median / startFloor.median,
      goal: '≤ 5000 ms',
      passed: start.median <= 5000,
      backend: 'node server (no rendering)',
      notes:
        'floor: a bare node:http server started as a new Node process → its first 200; the production build is made before, untimed',
    },
    {
      id: 'B10 migrate',
      what: `all ${b10.migrations} migrations on a new, empty database file, in-process (open, migrate, close), ${b10.migrate.length} runs`,
      median_ms: mig.median,
      p95_ms: mig.p95,
      floor_ms: migFloor.median,
      ratio: mig.median / migFloor.median,
      goal: '≤ 2000 ms',
      passed: mig.median <= 2000,
      backend: 'node (no rendering)',
      notes: `floor: the same new file opened with the same pragmas and one CREATE TABLE committed; annolex db migrate as a command (Node start-up included): ${migCli.median.toFixed(0)} ms median`,
    },
  );
}

if (runs('B-IMPORT')) {
  const importCases = quick ? 1 : 4;
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
}

if (runs('B-VIEWER')) {
  // Repeats use distinct cases for the cold runs: 2 × repeats + 1 warm-up of the demo's 12.
  const bv = await benchViewer(quick ? 1 : 5);
  const viewerNotes = [
    `server start ${(bv.serverStartMs / 1000).toFixed(0)} s${bv.rebuilt ? ' (included a production build)' : ''}`,
    `WebGL: ${bv.webgl}`,
    `Chromium ${bv.chromium}, ${bv.decodeWorkers} decode workers`,
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
        chromium: bv.chromium,
        decode_workers: bv.decodeWorkers,
        notes: [
          `floor: navigation → load of the worklist /reader (server-rendered, no viewer), ${phase === 'cold' ? 'new context' : 'reload'}`,
          ...viewerNotes,
        ].join('; '),
      });
    }
  }
}

if (runs('B-AUTOSAVE')) {
  const ba = await benchAutosave(quick ? 10 : 20, quick ? 3000 : 10_000);
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
}

if (runs('B-SUBMIT-NEXT') || runs('B9')) {
  const bs = await benchSubmitNext(quick ? 1 : 2);
  const ms = summarize(bs.measured);
  const msFloor = summarize(bs.floor);
  const first = summarize(bs.firstImage);
  rows.push({
    id: 'B9',
    what: `demo reader1: click Submit on a complete VASARI read → the next read's first image (its series prefetched while the first read was open), ${bs.repeats} submit(s)`,
    median_ms: first.median,
    p95_ms: first.p95,
    floor_ms: msFloor.median,
    ratio: first.median / msFloor.median,
    goal: '≤ 300 ms',
    passed: first.median <= 300,
    backend: [...bs.backends].join('+'),
    chromium: bs.chromium,
    decode_workers: bs.decodeWorkers,
    notes: [
      "timed in the page from the click (capture phase) to the first pane of the next viewer marked rendered; Submit is clicked once the viewer has cached the current case and the next read's first series; floor: the same next read reloaded (browser cache warm), navigation → all 4 viewports rendered",
      `${bs.prefetched} of ${bs.repeats} next viewers found their prefetched series cached`,
      ...(bs.steps.length
        ? [
            `median split from the page's marks: click → submit saved (validation, PUT) ${summarize(bs.steps.map((x) => x.submit)).median.toFixed(0)} ms, → next viewer mounted (navigation, render) ${summarize(bs.steps.map((x) => x.page)).median.toFixed(0)} ms, → cornerstone session ${summarize(bs.steps.map((x) => x.session)).median.toFixed(0)} ms, → first image ${summarize(bs.steps.map((x) => x.image)).median.toFixed(0)} ms`,
          ]
        : []),
    ].join('; '),
  });
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
    chromium: bs.chromium,
    decode_workers: bs.decodeWorkers,
    notes: 'floor: the same next read reloaded (browser cache warm), navigation → all 4 viewports rendered',
  });
}

if (runs('B-PROGRESS')) {
  const bp = await benchProgress(quick ? 2 : 5, cases, readers);
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
      // No viewer on this page, so no decode workers.
      ...(id === 'B-PROGRESS query' ? {} : { chromium: bp.chromium }),
      notes: [floorNote, ...progressNotes].join('; '),
    });
  }
}

if (runs('B7')) {
  const be = await benchExport({
    cases,
    readers,
    repeats: quick ? 1 : 3,
    autosaveMs: quick ? 4000 : 10_000,
    perReaderPerSecond: perReader,
  });
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  const at = (list: CliRun[]) => ({
    ms: summarize(list.map((r) => r.ms)),
    rss: summarize(list.map((r) => r.rssMb)),
    rows: list[0]!.rows,
    bytes: list[0]!.bytes,
  });
  const help = at(be.help);
  const floor = summarize(be.floor);
  const sized = (goal: string, ok: boolean) =>
    quick ? { goal: '(quick run: goal applies to the full size)', passed: true } : { goal, passed: ok };
  const exportNotes = [
    `${be.cases} cases × ${be.readers} readers: ${be.submitted} submitted session-1 reads with ${be.answers} answers (${be.meanAnswered.toFixed(1)} per read, drawn at random from the valid VASARI answers), one session-2 draft per reader; seeded in ${(be.seedMs / 1000).toFixed(1)} s`,
    `CLI start-up (annolex --help) ${help.ms.median.toFixed(0)} ms, included in each export's wall clock`,
    `floor: one in-process SELECT of the same ${be.floorRows} answers joined to their reads, each value touched, nothing written`,
    `peak RSS read by ${be.rssMethod}; MB = 10^6 bytes`,
  ];
  for (const [id, label, list, goalMs] of [
    [
      'B7 wide',
      'annolex export --layout wide --format csv (one row per case, columns per reader)',
      be.wide,
      3000,
    ],
    [
      'B7 long',
      'annolex export --layout long --format csv (one row per answer and chosen option)',
      be.long,
      6000,
    ],
    ['B7 parquet', 'annolex export --layout long --format parquet', be.parquet, null],
  ] as const) {
    const m = at(list);
    const goal =
      goalMs === null
        ? { goal: '(reported, no goal)', passed: true }
        : sized(`≤ ${goalMs} ms`, m.ms.median <= goalMs);
    rows.push({
      id,
      what: `${label}, ${be.cases} cases × ${be.readers} readers, wall clock of the CLI, ${be.repeats} run(s)`,
      median_ms: m.ms.median,
      p95_ms: m.ms.p95,
      floor_ms: floor.median,
      ratio: m.ms.median / floor.median,
      goal: goal.goal,
      passed: goal.passed,
      backend: 'node (no rendering)',
      notes: [
        `${m.rows} rows, ${(m.bytes / MB_BYTES).toFixed(1)} MB, ${(m.ms.median - help.ms.median).toFixed(0)} ms beyond start-up, peak RSS ${mb(m.rss.median)}`,
        ...exportNotes,
      ].join('; '),
    });
  }
  // Memory: per run, the hungriest of the three exports.
  const peaks = be.wide.map((w, i) => Math.max(w.rssMb, be.long[i]!.rssMb, be.parquet[i]!.rssMb));
  const peak = summarize(peaks);
  const growth = peak.median - help.rss.median;
  const rssGoal = sized('growth ≤ 200 MB over --help', growth <= 200);
  rows.push({
    id: 'B7 RSS',
    what: `peak resident memory of annolex export (the largest of wide CSV, long CSV and long Parquet per run), ${be.cases} cases × ${be.readers} readers, ${be.repeats} run(s)`,
    unit: 'MB',
    median_ms: peak.median,
    p95_ms: peak.p95,
    floor_ms: help.rss.median,
    ratio: peak.median / help.rss.median,
    goal: rssGoal.goal,
    passed: rssGoal.passed,
    backend: 'node (no rendering)',
    notes: [
      `growth over --help ${mb(growth)}: wide ${mb(at(be.wide).rss.median - help.rss.median)}, long ${mb(at(be.long).rss.median - help.rss.median)}, parquet ${mb(at(be.parquet).rss.median - help.rss.median)}`,
      `floor: peak RSS of annolex --help, ${mb(help.rss.median)}`,
      ...exportNotes,
    ].join('; '),
  });
  const as = be.autosave;
  const saveRatio = as.during.p95 / as.idle.p95;
  const saveGoal = sized('p95 during ≤ 2 × idle, 0 errors', saveRatio <= 2 && as.window.errors === 0);
  rows.push({
    id: 'B7 autosave',
    what: `B6's open-loop autosave, PUT /api/v1/reads/{id}/answers (draft) by ${as.readers} signed-in readers at ${as.perReaderPerSecond} saves/s each, while GET /api/v1/studies/{id}/export?layout=long&format=csv streams to the analyst's API token (saves scheduled during the download)`,
    median_ms: as.during.p50,
    p95_ms: as.during.p95,
    floor_ms: as.idle.p95,
    ratio: saveRatio,
    goal: saveGoal.goal,
    passed: saveGoal.passed,
    backend: 'node server (no rendering)',
    notes: [
      `ratio here is p95 during / p95 idle (the floor column is the idle p95); latencies count from each save's scheduled time`,
      `idle, ${as.idle.seconds.toFixed(0)} s: ${as.idle.saves} saves, ${as.idle.errors} errors, p50 ${as.idle.p50.toFixed(1)} ms, p95 ${as.idle.p95.toFixed(1)} ms`,
      `during the download, ${as.during.seconds.toFixed(1)} s: ${as.during.saves} saves, p50 ${as.during.p50.toFixed(1)} ms, p95 ${as.during.p95.toFixed(1)} ms`,
      `the whole load run with it, ${as.window.seconds.toFixed(0)} s: ${as.window.saves} saves, ${as.window.errors} errors, p50 ${as.window.p50.toFixed(1)} ms, p95 ${as.window.p95.toFixed(1)} ms`,
      `API export during the saves: ${as.api.lines} lines, ${(as.api.bytes / MB_BYTES).toFixed(1)} MB in ${as.api.ms.toFixed(0)} ms, first byte after ${as.api.firstByteMs.toFixed(0)} ms; alone on the same server: ${as.apiAlone.ms.toFixed(0)} ms, first byte after ${as.apiAlone.firstByteMs.toFixed(0)} ms (the CLI's long CSV: ${(at(be.long).bytes / MB_BYTES).toFixed(1)} MB)`,
      `server start ${(be.serverStartMs / 1000).toFixed(0)} s${be.rebuilt ? ' (included a production build)' : ''}`,
    ].join('; '),
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
  `${JSON.stringify({ date: new Date().toISOString(), quick, only, machine, rows }, null, 2)}\n`,
);

const fmt = (x: number, unit?: string) => `${x.toFixed(1)}${unit ? ` ${unit}` : ''}`;
console.log(
  `Annolex benchmarks${quick ? ' (quick)' : ''}${only ? ` (only ${only.join(', ')})` : ''} on ${machine.cpus} × ${machine.cpu}, ${machine.memory_gib} GiB, Node ${machine.node}`,
);
console.log(
  ['id', 'median ms', 'p95 ms', 'floor ms', 'ratio', 'goal', 'pass', 'backend', 'what'].join(' | '),
);
for (const r of rows)
  console.log(
    [
      r.id,
      fmt(r.median_ms, r.unit),
      fmt(r.p95_ms, r.unit),
      fmt(r.floor_ms, r.unit),
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
