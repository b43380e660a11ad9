import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { parseLexicon } from '@/lib/lexicon/parse';
import { benchAgreement } from './b8-agreement';

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
console.log('Wrote bench-results.json');
