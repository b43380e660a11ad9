import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { openDb } from '@/db/client';
import { CLI_ACTOR } from '@/db/queries/actors';
import { prepareExport, recordExport, type ExportProgress } from '@/db/queries/export-data';
import { findStudyRef } from '@/db/queries/studies';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { EXPORT_AGGREGATES, EXPORT_FORMATS, ZExportParams, type ExportParams } from '@/lib/export/params';
import { exportStream } from '@/lib/export/stream.server';
import { CliError, info, out, userPath } from '../output';

type ExportOpts = {
  study: string;
  out: string;
  layout?: string;
  per?: string;
  aggregate?: string;
  format?: string;
  sessions?: string;
  features?: string;
  valueAs?: string;
  lesions?: string;
  maxLesions?: string;
  scoreFeature?: string;
  truthFeature?: string;
  level?: string;
  force?: boolean;
  quiet?: boolean;
};

/** The command-line flag of each export parameter, for error messages. */
const FLAGS: Record<string, string> = {
  layout: '--layout',
  per: '--per',
  aggregate: '--aggregate',
  format: '--format',
  sessions: '--sessions',
  features: '--features',
  valueAs: '--value-as',
  lesions: '--lesions',
  maxLesions: '--max-lesions',
  scoreFeature: '--score-feature',
  truthFeature: '--truth-feature',
  level: '--level',
};

function parseParams(opts: ExportOpts): ExportParams {
  const input = Object.fromEntries(
    Object.keys(FLAGS)
      .map((key) => [key, opts[key as keyof ExportOpts]] as const)
      .filter(([, value]) => value !== undefined),
  );
  const parsed = ZExportParams.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `  ${FLAGS[key] ?? (key || 'options')}: ${issue.message}`;
  });
  throw new CliError(`Check the export options:\n${lines.join('\n')}`, 2);
}

function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

/** Progress on stderr: after each chunk of cases, at most once a second, and at the end. */
function progressPrinter(quiet: boolean) {
  let last = 0;
  return (p: ExportProgress) => {
    const now = Date.now();
    if (quiet || (now - last < 1000 && p.casesDone < p.casesTotal)) return;
    last = now;
    info(`  cases ${p.casesDone}/${p.casesTotal}, rows ${p.rows}`);
  };
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "Export a study's submitted reads as a table (long or wide) for R, pandas, cBioPortal or iMRMC",
    )
    .requiredOption('--study <id|slug>', 'the study to export')
    .requiredOption('--out <file>', 'the file to write (written beside it first, then renamed)')
    .option('--layout <layout>', 'long (one row per answer) | wide (one row per case)', 'wide')
    .option('--per <per>', 'wide only: reader (columns per reader) | aggregate (one column per feature)')
    .option(
      '--aggregate <rule>',
      `with --per aggregate: ${EXPORT_AGGREGATES.join(' | ')} | reader:<label> (default central)`,
    )
    .option('--format <format>', EXPORT_FORMATS.join(' | '), 'csv')
    .option('--sessions <list>', 'reading sessions, e.g. 1 or 1,2 (wide uses the first; default 1)')
    .option('--features <list>', 'feature ids, comma-separated (default: all)')
    .option('--value-as <how>', 'choices as option code | score (default code)')
    .option('--lesions <mode>', 'repeat groups in the wide layout: index | summary (default index)')
    .option('--max-lesions <n>', 'with --lesions index: entries per repeat group (default 5)')
    .option('--score-feature <id>', 'iMRMC: the ordinal feature whose option scores are analysed')
    .option('--truth-feature <id>', "iMRMC: the yes/no feature of the study's reference standard")
    .option('--level <level>', 'cBioPortal: patient | sample (default patient)')
    .option('--force', 'replace --out if it exists')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nReaders appear as reader_01, reader_02, … (in the order of their user ids). Only submitted reads\n' +
        'are exported, from one consistent snapshot of the database. Each export is recorded in the audit log.',
    )
    .action(async (opts: ExportOpts) => {
      const params = parseParams(opts);
      const target = userPath(opts.out);
      if (fs.existsSync(target) && !opts.force)
        throw new CliError(`${opts.out} already exists (add --force to replace it)`);
      if (!fs.existsSync(path.dirname(target)))
        throw new CliError(`The folder of ${opts.out} does not exist`);
      const env = getEnv();
      const db = openDb(env.databasePath);
      const temp = path.join(
        path.dirname(target),
        `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.partial`,
      );
      try {
        const study = findStudyRef(db, opts.study);
        if (!study) throw new CliError(`No study ${opts.study}`);
        const plan = prepareExport(db, CLI_ACTOR, study.id, params);
        if (!opts.quiet)
          info(
            `Exporting ${plan.study.slug} (${plan.lexicon.key} ${plan.lexicon.version}, ${plan.features.length} features, ${plan.readers.length} readers) as ${params.layout} ${params.format}…`,
          );
        const chunks = exportStream(env.databasePath, plan, params, {
          onProgress: progressPrinter(Boolean(opts.quiet)),
          exportedBy: 'the command line (annolex export)',
        });
        let rows = 0;
        const counted = (async function* () {
          ({ rows } = yield* chunks);
        })();
        await pipeline(
          Readable.from(counted, { objectMode: false }),
          fs.createWriteStream(temp, { flags: 'wx' }),
        );
        fs.renameSync(temp, target);
        recordExport(
          db,
          { actor: CLI_ACTOR, requestId: null },
          { studyId: plan.study.id, params, rows, format: params.format },
        );
        out(`Wrote ${opts.out}: ${rows} rows, ${bytesText(fs.statSync(target).size)}`);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        if (isAppError(error)) throw new CliError(error.message);
        if (error instanceof CliError) throw error;
        throw new CliError(
          `The export failed, nothing was written: ${(error as Error)?.message ?? String(error)}`,
        );
      } finally {
        db.$client.close();
      }
    });
}
