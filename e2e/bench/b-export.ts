import { spawn, spawnSync } from 'node:child_process';
import { seededRandom } from '@/lib/study/seeded-random';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { openSqlite } from '@/db/connection';
import { addMember, makeStudy } from '@/db/factories';
import { CLI_ACTOR, loadActor } from '@/db/queries/actors';
import { createApiToken } from '@/db/queries/api-tokens';
import { adoptLexiconVersion } from '@/db/queries/lexicons';
import { createUser } from '@/db/queries/users';
import { studies } from '@/db/schema';
import { childEnv } from '@/lib/env';
import { flattenAnswers } from '@/lib/lexicon/answer-paths';
import { buildAnswerSchema } from '@/lib/lexicon/answer-schema';
import { buildFormModel, resolveForm, type Answers, type FormModel } from '@/lib/lexicon/form-model';
import { shippedLexicon } from '@/lib/lexicon/test-lexicons';
import { CLI, dataDirEnv, runCli } from './cli';
import { generateInBackground, sessionCookie, type OpenLoopConfig, type OpenLoopRun } from './b6-autosave';
import { launchServer, stopServer, type Server } from './server';
import { summarize } from './stats';

const PASSWORD = 'bench-password-1';
const DAY = 24 * 60 * 60 * 1000;
/** Megabytes of 10^6 bytes; the kernel reports peak RSS in KiB. */
const MB = 1e6;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * One reader's answers to the plain sections of a form, drawn at random: any option of a
 * choice (an exclusive option alone now and then, otherwise one or two others), yes or no, a
 * number anywhere in its range at its precision. Features the answers hide are dropped, as the
 * form drops them.
 */
function randomAnswers(model: FormModel, random: () => number): Answers {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const raw: Answers = {};
  for (const section of model.sections) {
    if (section.repeat) continue;
    for (const f of section.features) {
      switch (f.type) {
        case 'single_choice':
        case 'ordinal':
          raw[f.id] = pick(f.options).code;
          break;
        case 'multiple_choice': {
          const exclusive = f.options.filter((o) => o.exclusive);
          const others = f.options.filter((o) => !o.exclusive);
          if (exclusive.length && (!others.length || random() < 0.1)) {
            raw[f.id] = [pick(exclusive).code];
            break;
          }
          const most = Math.min(f.max_selected ?? 2, 2, others.length);
          const want = Math.max(f.min_selected ?? 1, most > 1 && random() < 0.35 ? 2 : 1);
          const chosen = new Set<string>();
          while (chosen.size < Math.min(want, others.length)) chosen.add(pick(others).code);
          raw[f.id] = [...chosen];
          break;
        }
        case 'boolean':
          raw[f.id] = random() < 0.5;
          break;
        case 'numeric': {
          const lo = f.min ?? 0;
          const hi = f.max ?? lo + 100;
          const scale = 10 ** f.decimals;
          raw[f.id] = Math.round((lo + random() * (hi - lo)) * scale) / scale;
          break;
        }
        case 'date':
          raw[f.id] = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 1500) * DAY)
            .toISOString()
            .slice(0, 10);
          break;
        case 'text':
          raw[f.id] = `note ${Math.floor(random() * 1000)}`;
          break;
        case 'computed':
          break;
      }
    }
  }
  return resolveForm(model, raw).answers;
}

/**
 * Draws answer sets until one passes the server's own submit check (an option an earlier answer
 * hides can leave a required feature empty), so every seeded read could have been submitted.
 */
function submittableAnswers(
  model: FormModel,
  schema: ReturnType<typeof buildAnswerSchema>,
  random: () => number,
): Answers {
  for (let attempt = 0; attempt < 50; attempt++) {
    const answers = randomAnswers(model, random);
    if (schema.safeParse(answers).success) return answers;
  }
  throw new Error(`No submittable ${model.id} answers drawn in 50 attempts`);
}

type Seeded = {
  studyId: number;
  slug: string;
  token: string;
  readers: { email: string; draftId: number }[];
  submitted: number;
  answers: number;
  meanAnswered: number;
  seedMs: number;
};

/**
 * A migrated database with one active VASARI study of two reading sessions: `caseCount` cases,
 * each read and submitted in session 1 by every one of `readerCount` readers with answers drawn
 * at random; one session-2 draft per reader (the read their autosaves go to); and an analyst of
 * the study holding an API token. Cases, reads and answers go in in one transaction through
 * prepared statements.
 */
async function seedStudy(file: string, caseCount: number, readerCount: number): Promise<Seeded> {
  const t0 = performance.now();
  const db = createDb(openSqlite(file));
  try {
    const ctx = { actor: CLI_ACTOR, requestId: null };
    const shipped = shippedLexicon('vasari');
    const model = buildFormModel(shipped.lexicon);
    const schema = buildAnswerSchema(model, { mode: 'submit' });
    const { id: lexiconVersionId } = adoptLexiconVersion(db, ctx, shipped);
    const study = makeStudy(db, { name: 'VASARI export' });
    db.update(studies)
      .set({ lexiconVersionId, status: 'active', readSessions: 2 })
      .where(eq(studies.id, study.id))
      .run();

    const passwordHash = await hashPassword(PASSWORD);
    const readerIds = Array.from({ length: readerCount }, (_, i) => {
      const n = pad(i + 1, 2);
      const email = `reader-${n}@example.org`;
      const { id } = createUser(db, ctx, { email, name: `Reader ${n}`, role: 'reader', passwordHash });
      addMember(db, study.id, id, 'reader');
      return { id, email };
    });
    const { id: analystId } = createUser(db, ctx, {
      email: 'analyst@example.org',
      name: 'Study Analyst',
      role: 'analyst',
      passwordHash,
    });
    addMember(db, study.id, analystId, 'analyst');
    const analyst = loadActor(db, analystId);
    if (!analyst) throw new Error('The analyst was not created');
    const { token } = createApiToken(db, { actor: analyst, requestId: null }, { name: 'Export benchmark' });

    const random = seededRandom(20_250_301);
    const sqlite = db.$client;
    const insertCase = sqlite.prepare(
      'INSERT INTO cases (study_id, case_key, label, subject_id, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertRead = sqlite.prepare(
      `INSERT INTO reads (study_id, case_id, reader_id, session, status, order_index, started_at,
         submitted_at, active_ms, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAnswer = sqlite.prepare(
      'INSERT INTO answers (read_id, feature_path, value, updated_at) VALUES (?, ?, ?, ?)',
    );
    const opened = Date.now() - 90 * DAY;
    let submitted = 0;
    let answerRows = 0;
    const readers = sqlite.transaction(() => {
      const caseIds = Array.from({ length: caseCount }, (_, c) => {
        const n = pad(c + 1, 4);
        const meta = JSON.stringify({ age: 30 + (c % 50), sex: c % 2 ? 'F' : 'M' });
        return Number(
          insertCase.run(study.id, `case-${n}`, `Case ${n}`, `TCGA-${pad(c % 90, 2)}-${n}`, meta, opened)
            .lastInsertRowid,
        );
      });
      readerIds.forEach(({ id: readerId }) => {
        caseIds.forEach((caseId, c) => {
          const startedAt = Math.round(opened + random() * 80 * DAY);
          const activeMs = Math.round(60_000 + random() * 300_000);
          const submittedAt = startedAt + activeMs + Math.round(random() * 120_000);
          const readId = Number(
            insertRead.run(
              study.id,
              caseId,
              readerId,
              1,
              'submitted',
              c,
              startedAt,
              submittedAt,
              activeMs,
              2 + Math.floor(random() * 6),
              opened,
              submittedAt,
            ).lastInsertRowid,
          );
          submitted++;
          for (const [featurePath, value] of flattenAnswers(submittableAnswers(model, schema, random))) {
            insertAnswer.run(readId, featurePath, JSON.stringify(value ?? null), submittedAt);
            answerRows++;
          }
        });
      });
      // The reads the autosave load writes to: a session-2 draft of the first case per reader.
      const now = Date.now();
      return readerIds.map(({ id: readerId, email }) => ({
        email,
        draftId: Number(
          insertRead.run(study.id, caseIds[0], readerId, 2, 'draft', 0, now, null, 0, 0, now, now)
            .lastInsertRowid,
        ),
      }));
    })();
    return {
      studyId: study.id,
      slug: study.slug,
      token,
      readers,
      submitted,
      answers: answerRows,
      meanAnswered: answerRows / Math.max(1, submitted),
      seedMs: performance.now() - t0,
    };
  } finally {
    // The command line and the server open the database themselves; this process must not hold it.
    db.$client.close();
  }
}

export type CliRun = { ms: number; rssMb: number; rows: number; bytes: number };

type Meter = {
  name: string;
  run: (args: string[], env: Record<string, string>) => Omit<CliRun, 'rows' | 'bytes'> & { stdout: string };
};

/**
 * How the peak resident memory of a command is read. GNU time reports the largest RSS of the
 * command and every process it waited for (the `annolex` launcher and the CLI under it). Where
 * it is missing, every Node process of the command writes its own peak at exit (through
 * NODE_OPTIONS, which the launcher hands on to the CLI) and the largest is taken.
 */
function rssMeter(scratch: string): Meter {
  const report = path.join(scratch, 'peak-rss.txt');
  const spawnTimed = (cmd: string, args: string[], env: NodeJS.ProcessEnv, label: string[]) => {
    fs.rmSync(report, { force: true });
    const t0 = performance.now();
    const res = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const ms = performance.now() - t0;
    if (res.status !== 0)
      throw new Error(
        `annolex ${label.join(' ')} failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`,
      );
    return { ms, stdout: res.stdout };
  };
  const gnuTime = spawnSync('/usr/bin/time', ['-v', '-o', report, process.execPath, '-e', '0']);
  if (gnuTime.status === 0 && /Maximum resident set size/.test(fs.readFileSync(report, 'utf8')))
    return {
      name: 'GNU time -v (largest process of the command)',
      run(args, env) {
        const r = spawnTimed(
          '/usr/bin/time',
          ['-v', '-o', report, process.execPath, CLI, ...args],
          childEnv(env),
          args,
        );
        const kib = Number(
          /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(report, 'utf8'))?.[1],
        );
        if (!kib) throw new Error('GNU time reported no peak RSS');
        return { ...r, rssMb: (kib * 1024) / MB };
      },
    };
  const atExit = `import fs from 'node:fs';process.on('exit',()=>fs.appendFileSync(${JSON.stringify(report)},process.resourceUsage().maxRSS+'\\n'));`;
  const preload = `--import=data:text/javascript,${encodeURIComponent(atExit)}`;
  return {
    name: 'process.resourceUsage().maxRSS of each Node process of the command, the largest',
    run(args, env) {
      const nodeOptions = [childEnv({}).NODE_OPTIONS, preload].filter(Boolean).join(' ');
      const r = spawnTimed(
        process.execPath,
        [CLI, ...args],
        childEnv({ ...env, NODE_OPTIONS: nodeOptions }),
        args,
      );
      const kib = Math.max(...fs.readFileSync(report, 'utf8').split('\n').filter(Boolean).map(Number));
      if (!Number.isFinite(kib) || kib <= 0) throw new Error('No peak RSS was written');
      return { ...r, rssMb: (kib * 1024) / MB };
    },
  };
}

/**
 * The floor of an export's wall time: the same submitted session-1 answers read in-process in
 * one SELECT over answers joined to reads, each value touched, nothing written or formatted.
 */
function selectPass(file: string, studyId: number): { ms: number; rows: number } {
  const sqlite = openSqlite(file, { readonly: true });
  try {
    const select = sqlite.prepare(
      `SELECT r.case_id, r.reader_id, r.session, a.feature_path, a.value
         FROM answers a JOIN reads r ON r.id = a.read_id
        WHERE r.study_id = ? AND r.status = 'submitted' AND r.session = 1`,
    );
    const t0 = performance.now();
    let rows = 0;
    let chars = 0;
    for (const row of select.iterate(studyId) as Iterable<{ value: string }>) {
      rows++;
      chars += row.value.length;
    }
    const ms = performance.now() - t0;
    if (!chars) throw new Error('The floor read no answers');
    return { ms, rows };
  } finally {
    sqlite.close();
  }
}

type ApiExport = {
  status: number;
  bytes: number;
  lines: number;
  firstByteMs: number;
  ms: number;
  /** When the request went out and when its last byte arrived, on this process's clock. */
  start: number;
  end: number;
};

/**
 * GET /api/v1/studies/{id}/export with the analyst's token, downloaded by a process of its own
 * (so this one stays free for the readers' saves) that counts the bytes and lines and keeps none.
 */
function downloadExport(url: string, token: string): { result: Promise<ApiExport> } {
  const script = `
    const t0 = performance.now();
    const res = await fetch(process.env.BENCH_URL, { headers: { Authorization: 'Bearer ' + process.env.BENCH_TOKEN } });
    let bytes = 0, lines = 0, firstByteMs = -1;
    for await (const chunk of res.body) {
      if (firstByteMs < 0) firstByteMs = performance.now() - t0;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    process.stdout.write(JSON.stringify({ status: res.status, bytes, lines, firstByteMs, ms: performance.now() - t0 }) + '\\n');
  `;
  const start = { at: performance.now() };
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `process.stdout.write('go\\n');${script}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv({ BENCH_URL: url, BENCH_TOKEN: token }),
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (!out) start.at = performance.now();
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const result = new Promise<ApiExport>((resolve, reject) => {
    child.on('exit', (code) => {
      const end = performance.now();
      const line = out.split('\n').filter(Boolean).at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`The export download failed (${code}):\n${out}\n${err}`));
      const r = JSON.parse(line) as Omit<ApiExport, 'start' | 'end'>;
      if (r.status !== 200) return reject(new Error(`The export answered ${r.status}`));
      resolve({ ...r, start: start.at, end });
    });
  });
  return { result };
}

export type LatencySummary = {
  p50: number;
  p95: number;
  saves: number;
  seconds: number;
  perSecond: number;
  errors: number;
};

function latencies(ms: number[], seconds: number, errors: number): LatencySummary {
  const s = summarize(ms);
  return { p50: s.median, p95: s.p95, saves: ms.length, seconds, perSecond: ms.length / seconds, errors };
}

export type ExportBench = {
  cases: number;
  readers: number;
  submitted: number;
  answers: number;
  meanAnswered: number;
  seedMs: number;
  repeats: number;
  rssMethod: string;
  help: CliRun[];
  wide: CliRun[];
  long: CliRun[];
  parquet: CliRun[];
  /** The in-process SELECT pass (ms) and how many answers it read. */
  floor: number[];
  floorRows: number;
  serverStartMs: number;
  rebuilt: boolean;
  autosave: {
    readers: number;
    perReaderPerSecond: number;
    idle: LatencySummary;
    /** The saves scheduled while the export downloaded. */
    during: LatencySummary;
    /** Every save of the load run alongside the export, before and after it included. */
    window: LatencySummary;
    api: ApiExport;
    /** The same export downloaded with the server otherwise idle. */
    apiAlone: ApiExport;
  };
};

/**
 * B7: `annolex export` of a VASARI study of `cases` × `readers` submitted reads in the wide and
 * long layouts (CSV, and long Parquet): wall time and peak RSS of the command. Floors: one
 * in-process SELECT of the same answers; the peak RSS of `annolex --help`. Then, on a running
 * server, B6's open-loop autosave load (every reader's draft saves at fixed times, from the
 * generator's own process), first alone, then while the long CSV export streams through the API
 * with the analyst's token.
 */
export async function benchExport(opts: {
  cases: number;
  readers: number;
  repeats: number;
  autosaveMs: number;
  perReaderPerSecond: number;
}): Promise<ExportBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-bench-export-'));
  const file = path.join(dataDir, 'annolex.db');
  const env = dataDirEnv(dataDir);
  let server: Server | undefined;
  try {
    runCli(['db', 'migrate'], env);
    const seeded = await seedStudy(file, opts.cases, opts.readers);
    const outDir = path.join(dataDir, 'out');
    fs.mkdirSync(outDir);
    const meter = rssMeter(dataDir);

    const exportArgs = (layout: string, format: string, out: string, extra: string[] = []) => [
      'export',
      '--study',
      seeded.slug,
      '--layout',
      layout,
      '--format',
      format,
      '--out',
      out,
      '--quiet',
      ...extra,
    ];
    const exportOnce = (layout: string, format: string): CliRun => {
      const out = path.join(outDir, `${layout}.${format}`);
      const r = meter.run(exportArgs(layout, format, out), env);
      const rows = Number(/: (\d+) rows,/.exec(r.stdout)?.[1]);
      if (!Number.isFinite(rows)) throw new Error(`annolex export said: ${r.stdout}`);
      const bytes = fs.statSync(out).size;
      fs.rmSync(out);
      return { ms: r.ms, rssMb: r.rssMb, rows, bytes };
    };

    // Untimed: one small export of each kind (a single feature) loads every module once.
    for (const [layout, format] of [
      ['wide', 'csv'],
      ['long', 'csv'],
      ['long', 'parquet'],
    ] as const) {
      const out = path.join(outDir, `warm-${layout}.${format}`);
      meter.run(exportArgs(layout, format, out, ['--features', 'F1']), env);
      fs.rmSync(out);
    }

    const help: CliRun[] = [];
    const wide: CliRun[] = [];
    const long: CliRun[] = [];
    const parquet: CliRun[] = [];
    const floor: number[] = [];
    let floorRows = 0;
    for (let i = 0; i < opts.repeats; i++) {
      const h = meter.run(['--help'], env);
      help.push({ ms: h.ms, rssMb: h.rssMb, rows: 0, bytes: 0 });
      wide.push(exportOnce('wide', 'csv'));
      long.push(exportOnce('long', 'csv'));
      parquet.push(exportOnce('long', 'parquet'));
      const f = selectPass(file, seeded.studyId);
      floor.push(f.ms);
      floorRows = f.rows;
    }
    if (floorRows !== seeded.answers)
      throw new Error(`The SELECT pass read ${floorRows} answers; ${seeded.answers} were seeded`);
    if (wide.some((w) => w.rows !== opts.cases))
      throw new Error(`The wide export wrote ${wide[0]?.rows} rows for ${opts.cases} cases`);

    const launched = await launchServer(dataDir, false);
    server = launched.server;
    const { baseURL, startMs: serverStartMs } = launched;
    const sessions: OpenLoopConfig['readers'] = [];
    for (const r of seeded.readers)
      sessions.push({ readId: r.draftId, cookie: await sessionCookie(baseURL, r.email, PASSWORD) });
    const exportUrl = (query: string) => `${baseURL}/api/v1/studies/${seeded.studyId}/export?${query}`;

    // Untimed: a one-feature export loads the route's modules (the load's warm-up does the saves').
    await downloadExport(exportUrl('layout=long&format=csv&features=F1'), seeded.token).result;
    // The same download with no saves going on, to tell how much the saves slow it.
    const alone = await downloadExport(exportUrl('layout=long&format=csv'), seeded.token).result;

    const warmupSeconds = 2;
    const load = (seconds: number, versions: number[] = []): OpenLoopConfig => ({
      url: `${baseURL}/api/v1/reads/{readId}/answers`,
      origin: baseURL,
      // The drafts carry on from the versions the previous run left (a stale version is refused).
      readers: sessions.map((r, i) => ({ ...r, version: versions[i] ?? 0 })),
      perReaderPerSecond: opts.perReaderPerSecond,
      seconds,
      warmupSeconds,
    });
    const seconds = opts.autosaveMs / 1000;
    const idle = await generateInBackground(load(seconds));

    // The export starts a second into the counted load, which lasts long enough to outlive it.
    const loadedSeconds = Math.max(seconds, Math.ceil((2 * alone.ms) / 1000) + 2);
    const running = generateInBackground(load(loadedSeconds, idle.versions));
    running.catch(() => undefined);
    await new Promise((r) => setTimeout(r, (warmupSeconds + 1) * 1000));
    const api = await downloadExport(exportUrl('layout=long&format=csv'), seeded.token).result;
    const loaded = await running;
    const epoch = (t: number) => performance.timeOrigin + t;
    const overlapping = loaded.samples.filter(([at]) => at >= epoch(api.start) && at <= epoch(api.end));
    if (!overlapping.length) throw new Error('No save was scheduled during the export download');
    const lastScheduled = Math.max(...loaded.samples.map(([at]) => at));
    if (lastScheduled < epoch(api.end)) throw new Error('The export download outlasted the autosave load');
    const summary = (run: OpenLoopRun) => latencies(run.latencies, run.seconds, run.errors);

    return {
      cases: opts.cases,
      readers: opts.readers,
      submitted: seeded.submitted,
      answers: seeded.answers,
      meanAnswered: seeded.meanAnswered,
      seedMs: seeded.seedMs,
      repeats: opts.repeats,
      rssMethod: meter.name,
      help,
      wide,
      long,
      parquet,
      floor,
      floorRows,
      serverStartMs,
      rebuilt: server.building(),
      autosave: {
        readers: opts.readers,
        perReaderPerSecond: opts.perReaderPerSecond,
        idle: summary(idle),
        // Errors are counted over the whole loaded run, the saves during the export included.
        during: latencies(
          overlapping.map(([, ms]) => ms),
          (api.end - api.start) / 1000,
          loaded.errors,
        ),
        window: summary(loaded),
        api,
        apiAlone: alone,
      },
    };
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
