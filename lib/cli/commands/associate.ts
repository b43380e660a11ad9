import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openDb } from '@/db/client';
import { CLI_ACTOR } from '@/db/queries/actors';
import { runAssociation } from '@/db/queries/association-runs';
import { getGenomicTable, readGenomicUpload, uploadGenomicTable } from '@/db/queries/genomic-tables';
import { findStudyRef } from '@/db/queries/studies';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { ASSOCIATION_AGGREGATES, ZAssociationParams, type AssociationParams } from '@/lib/genomics/params';
import { associationResultsCsv } from '@/lib/genomics/results-csv';
import { TEST_NAMES } from '@/lib/genomics/method-notes';
import { CliError, info, out, userPath } from '../output';

type AssociateOpts = {
  study: string;
  genomic?: string;
  table?: string;
  idColumn?: string;
  aggregate?: string;
  session?: string;
  key?: string;
  features?: string;
  columns?: string;
  bonferroni?: boolean;
  out?: string;
  force?: boolean;
  top?: string;
};

const FLAGS: Record<string, string> = {
  aggregate: '--aggregate',
  session: '--session',
  key: '--key',
  features: '--features',
  columns: '--columns',
  bonferroni: '--bonferroni',
};

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

function parseParams(opts: AssociateOpts): AssociationParams {
  const parsed = ZAssociationParams.safeParse({
    aggregate: opts.aggregate,
    session: opts.session,
    key: opts.key,
    features: list(opts.features),
    columns: list(opts.columns),
    bonferroni: opts.bonferroni ?? false,
  });
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `  ${FLAGS[key] ?? (key || 'options')}: ${issue.message}`;
  });
  throw new CliError(`Check the options:\n${lines.join('\n')}`, 2);
}

const fmt = (x: number | null) =>
  x === null ? '–' : x < 0.001 ? x.toExponential(1) : x.toPrecision(3).replace(/\.?0+$/, '');

export function registerAssociate(program: Command): void {
  program
    .command('associate')
    .description(
      "Test associations between a study's imaging features and a genomic table (BH q-values over the grid)",
    )
    .requiredOption('--study <id|slug>', 'the study')
    .option(
      '--genomic <file>',
      'a CSV/TSV, cBioPortal clinical file or MAF: stored in the study, then tested',
    )
    .option('--table <id>', 'a genomic table already stored in the study, instead of --genomic')
    .option('--id-column <name>', "the genomic table's id column (default: detected)")
    .option('--aggregate <rule>', `${ASSOCIATION_AGGREGATES.join(' | ')} (default central)`)
    .option('--session <n>', 'the reading session (default 1)')
    .option('--key <key>', 'match genomic ids with subject_id | case_key (default subject_id)')
    .option('--features <list>', 'imaging feature ids, comma-separated (default: all)')
    .option('--columns <list>', 'genomic columns, comma-separated (default: all)')
    .option('--bonferroni', 'also report Bonferroni-adjusted p-values')
    .option(
      '--out <file>',
      'write every result as CSV with the method notes (default: print the top results)',
    )
    .option('--top <n>', 'results printed without --out (default 10)', '10')
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nThe table and the run are stored in the study and recorded in the audit log, like uploads and runs\n' +
        'made on the Genomics page; the run then shows there too.',
    )
    .action((opts: AssociateOpts) => {
      if (!opts.genomic === !opts.table)
        throw new CliError('Give either --genomic <file> or --table <id>', 2);
      const params = parseParams(opts);
      const target = opts.out ? userPath(opts.out) : null;
      if (target && fs.existsSync(target) && !opts.force)
        throw new CliError(`${opts.out} already exists (add --force to replace it)`);
      if (target && !fs.existsSync(path.dirname(target)))
        throw new CliError(`The folder of ${opts.out} does not exist`);
      const db = openDb(getEnv().databasePath);
      const ctx = { actor: CLI_ACTOR, requestId: null };
      try {
        const study = findStudyRef(db, opts.study);
        if (!study) throw new CliError(`No study ${opts.study}`);
        let tableId: number;
        if (opts.genomic) {
          const file = userPath(opts.genomic);
          if (!fs.existsSync(file)) throw new CliError(`No file ${opts.genomic}`);
          const upload = { name: path.basename(file), bytes: fs.readFileSync(file), idColumn: opts.idColumn };
          // Checked before anything is stored, so a typo in --columns does not leave a table behind.
          const parsed = readGenomicUpload(upload);
          const missing = params.columns.filter((c) => !parsed.columns.some((col) => col.id === c));
          if (missing.length)
            throw new CliError(`${opts.genomic} has no column ${missing.join(', ')}; nothing was stored`, 2);
          const table = uploadGenomicTable(db, ctx, study.id, upload);
          info(
            `Stored ${table.name} as genomic table ${table.id}: ${table.rowCount} rows, ${table.columns.length} columns`,
          );
          tableId = table.id;
        } else {
          tableId = Number(opts.table);
          getGenomicTable(db, CLI_ACTOR, study.id, tableId);
        }
        const run = runAssociation(db, ctx, study.id, tableId, params);
        const { join } = run;
        info(
          `Join: ${join.rule}; ${join.matched} matched (${join.unmatchedImaging.length} imaging and ${join.unmatchedGenomic.length} genomic ids unmatched)`,
        );
        const tested = run.results.filter((r) => r.p !== null);
        info(
          `Run ${run.id}: ${tested.length} tests, ${tested.filter((r) => (r.q ?? 1) < 0.05).length} with q < 0.05`,
        );
        if (target) {
          const csv = associationResultsCsv(run, {
            study: study.slug,
            table: run.tableName,
            params,
            createdAt: run.createdAt,
          });
          const temp = `${target}.${process.pid}.partial`;
          fs.writeFileSync(temp, csv, { flag: 'wx' });
          fs.renameSync(temp, target);
          out(`Wrote ${opts.out}: ${run.results.length} rows`);
        } else {
          const top = Math.max(1, Number(opts.top) || 10);
          out(['imaging', 'genomic', 'test', 'n', 'effect', 'p', 'q'].join('\t'));
          for (const r of tested.slice(0, top))
            out(
              [
                r.imaging,
                r.genomic,
                r.test ? TEST_NAMES[r.test] : '',
                r.n,
                r.effect ? `${r.effect.name} ${fmt(r.effect.value)}` : '',
                fmt(r.p),
                fmt(r.q),
              ].join('\t'),
            );
        }
      } catch (error) {
        if (isAppError(error)) throw new CliError(error.message);
        throw error;
      } finally {
        db.$client.close();
      }
    });
}
