import fs from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { openDb } from '@/db/client';
import { CLI_ACTOR } from '@/db/queries/actors';
import { findStudyRef } from '@/db/queries/studies';
import { readZip } from '@/lib/dicom/import/archive.server';
import { readFolder } from '@/lib/dicom/import/folder.server';
import { ImportSourceError } from '@/lib/dicom/import/limits';
import {
  caseMapFromRecords,
  IMPORT_SKIP_LABELS,
  type CaseBy,
  type ImportSummary,
} from '@/lib/dicom/import/plan';
import { runImport, type SourceItem } from '@/lib/dicom/import/run-import.server';
import { studySecret } from '@/lib/dicom/import/study-secret.server';
import { PHI_POLICIES, type PhiPolicy } from '@/lib/dicom/phi/policy';
import { getEnv } from '@/lib/env';
import { CliError, info, out, userPath } from '../output';

type ImportOpts = { study: string; caseBy: string; map?: string; policy?: string; quiet?: boolean };

function readCaseMap(file: string) {
  const p = userPath(file);
  if (!fs.existsSync(p)) throw new CliError(`${file} does not exist`);
  try {
    const records = parse(fs.readFileSync(p, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
    return caseMapFromRecords(records as Record<string, string>[]);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

function source(p: string): AsyncIterable<SourceItem> {
  const stat = fs.lstatSync(p);
  if (stat.isSymbolicLink()) throw new CliError('The source is a symbolic link; give the real path');
  if (stat.isDirectory()) return readFolder(p);
  return readZip({ path: p });
}

export function printSummary(s: ImportSummary): void {
  out(`files       ${s.files} (${(s.bytes / 1048576).toFixed(1)} MiB)`);
  out(`imported    ${s.imported} instance(s) in ${s.series} new series`);
  out(`cases       ${s.cases.created} created, ${s.cases.matched} matched`);
  out(`duplicates  ${s.duplicates}`);
  out(`quarantined ${s.quarantined} (declared burned-in annotation; withheld from readers)`);
  const skipped = Object.entries(s.skipped);
  out(`skipped     ${skipped.reduce((n, [, c]) => n + (c ?? 0), 0)}`);
  for (const [reason, n] of skipped)
    out(`  ${String(n).padStart(6)}  ${IMPORT_SKIP_LABELS[reason as keyof typeof IMPORT_SKIP_LABELS]}`);
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import DICOM files from a folder or a zip into a study (cases are created or matched)')
    .argument('<folder|zip>', 'a folder (walked recursively; symbolic links are not followed) or a .zip')
    .requiredOption('--study <id|slug>', 'the study to import into')
    .option('--case-by <field>', 'group files into cases by PatientID or StudyInstanceUID', 'PatientID')
    .option('--map <cases.csv>', 'map grouping values to case keys: columns key,case_key[,subject_id,label]')
    .option(
      '--policy <policy>',
      `PHI policy for this import (${PHI_POLICIES.join(' | ')}); default: the study's`,
    )
    .option('--quiet', 'do not list skipped files')
    .action(async (input: string, opts: ImportOpts) => {
      if (!['PatientID', 'StudyInstanceUID'].includes(opts.caseBy))
        throw new CliError('--case-by must be PatientID or StudyInstanceUID');
      if (opts.policy && !(PHI_POLICIES as readonly string[]).includes(opts.policy))
        throw new CliError(`--policy must be one of ${PHI_POLICIES.join(', ')}`);
      const p = userPath(input);
      if (!fs.existsSync(p)) throw new CliError(`${input} does not exist`);
      const map = opts.map ? readCaseMap(opts.map) : undefined;
      const env = getEnv();
      const db = openDb(env.databasePath);
      try {
        const study = findStudyRef(db, opts.study);
        if (!study) throw new CliError(`No study ${opts.study}`);
        const policy = (opts.policy as PhiPolicy | undefined) ?? study.phiPolicy;
        info(`Importing into ${study.slug} (PHI policy: ${policy})…`);
        let last = 0;
        const { summary } = await runImport(db, { actor: CLI_ACTOR, requestId: null }, source(p), {
          studyId: study.id,
          policy,
          caseBy: opts.caseBy as CaseBy,
          map,
          secret: studySecret(env, study.id),
          dataDir: env.dataDir,
          onProgress: ({ files }) => {
            if (files - last >= 100) {
              last = files;
              info(`  ${files} files read`);
            }
          },
          onSkip: opts.quiet
            ? undefined
            : (name, reason, message) => info(`  skipped ${name}: ${message} [${reason}]`),
        });
        printSummary(summary);
      } catch (error) {
        if (error instanceof ImportSourceError)
          throw new CliError(`Import aborted, nothing was stored: ${error.message}`);
        throw error;
      } finally {
        db.$client.close();
      }
    });
}
