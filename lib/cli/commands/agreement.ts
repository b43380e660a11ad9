import fs from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { agreementReport, SCALES, type AgreementReport, type Scale } from '@/lib/stats/agreement-report';
import type { Rating } from '@/lib/stats/ratings';
import { CliError, out, userPath } from '../output';

function readRatings(file: string): Rating[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(fs.readFileSync(file, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new CliError(`${file}: not a readable CSV (${(error as Error).message})`);
  }
  const columns = Object.keys(rows[0] ?? {});
  for (const c of ['case_id', 'reader_id', 'value']) {
    if (!columns.includes(c))
      throw new CliError(
        `${file}: needs the columns case_id,reader_id,value (found ${columns.join(',') || 'none'})`,
      );
  }
  return rows.map((r) => ({
    caseId: r.case_id ?? '',
    readerId: r.reader_id ?? '',
    value: r.value === '' ? null : (r.value ?? null),
  }));
}

const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));
const pText = (p: number | null | undefined) =>
  p === null || p === undefined ? '—' : p < 1e-4 ? '<0.0001' : p.toFixed(4);
const ciText = (c: [number, number] | null | undefined) => (c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : '');

function printTable(r: AgreementReport): void {
  out(`${r.n_cases} cases, ${r.n_readers} readers, scale ${r.scale}, categories ${r.categories.join(' < ')}`);
  out(`percent agreement   ${fmt(r.percent_agreement)}`);
  for (const k of r.cohen_kappa) {
    const parts = [`κ ${fmt(k.unweighted.value)} ${ciText(k.unweighted.ci95)}`];
    if (k.linear) parts.push(`linear ${fmt(k.linear.value)}`);
    if (k.quadratic) parts.push(`quadratic ${fmt(k.quadratic.value)}`);
    out(`cohen ${k.readers.join('–').padEnd(14)} n=${k.n}  ${parts.join('  ')}`);
  }
  if (r.fleiss_kappa)
    out(
      `fleiss kappa        ${fmt(r.fleiss_kappa.value)}  z=${fmt(r.fleiss_kappa.z, 2)} p=${pText(r.fleiss_kappa.p)} (n complete ${r.fleiss_kappa.n_complete})`,
    );
  if (r.light_kappa) out(`light kappa         ${fmt(r.light_kappa.value)}`);
  for (const [m, a] of Object.entries(r.krippendorff_alpha))
    out(`alpha ${m.padEnd(13)} ${fmt(a?.value)}${a?.reason ? `  (${a.reason})` : ''}`);
  out(`gwet AC1            ${fmt(r.gwet_ac1.value)} ${ciText(r.gwet_ac1.ci95)}`);
  for (const [name, f] of Object.entries(r.icc ?? {}))
    out(`${name.padEnd(19)} ${fmt(f.value)} ${ciText(f.ci95)}  F=${fmt(f.F, 2)} p=${pText(f.p)}`);
}

export function registerAgreement(program: Command): void {
  program
    .command('agreement')
    .description('Agreement statistics for a long CSV (case_id,reader_id,value; an empty value is missing)')
    .argument('<ratings.csv>', 'the ratings')
    .option('--scale <scale>', `${SCALES.join(' | ')}`, 'nominal')
    .option(
      '--categories <list>',
      'comma-separated categories in their order (default: numbers numerically, text lexicographically)',
    )
    .option('--format <format>', 'json | table', 'table')
    .addHelpText(
      'after',
      '\nThe JSON output is a stable contract; see the README. Conventions: lib/stats/CONVENTIONS.md.',
    )
    .action((file: string, opts: { scale: string; categories?: string; format: string }) => {
      if (!(SCALES as readonly string[]).includes(opts.scale))
        throw new CliError(`--scale must be one of ${SCALES.join(', ')}`);
      if (!['json', 'table'].includes(opts.format)) throw new CliError('--format must be json or table');
      const path = userPath(file);
      if (!fs.existsSync(path)) throw new CliError(`${file} does not exist`);
      const ratings = readRatings(path);
      const declared = opts.categories
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      let report: AgreementReport;
      try {
        report = agreementReport(ratings, opts.scale as Scale, declared);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      if (opts.format === 'json') out(JSON.stringify(report, null, 2));
      else printTable(report);
    });
}
