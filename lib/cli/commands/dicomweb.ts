import type { Command } from 'commander';
import { openDb } from '@/db/client';
import { CLI_ACTOR } from '@/db/queries/actors';
import { linkDicomwebStudy } from '@/db/queries/dicomweb';
import { findStudyRef } from '@/db/queries/studies';
import { qidoStudyExists } from '@/lib/dicom/dicomweb/client.server';
import { dicomwebConfig } from '@/lib/dicom/dicomweb/config.server';
import { describeStudy } from '@/lib/dicom/dicomweb/describe-study.server';
import { isDicomUid } from '@/lib/dicom/dicomweb/paths';
import { getEnv } from '@/lib/env';
import { CliError, info, out } from '../output';

function config() {
  const c = dicomwebConfig();
  if (!c) throw new CliError('No DICOMweb server is configured: set ANNOLEX_DICOMWEB_URL (and credentials)');
  return c;
}

export function registerDicomweb(program: Command): void {
  const cmd = program
    .command('dicomweb')
    .description(
      'Reference studies on the DICOMweb server set in ANNOLEX_DICOMWEB_URL (Orthanc, dcm4chee, cloud)',
    );
  cmd
    .command('link')
    .description(
      'Attach a study on the server to a case (created when new); its series and instances are indexed',
    )
    .requiredOption('--study <id|slug>', 'the Annolex study')
    .requiredOption('--case <key>', 'the case key (e.g. a TCGA barcode or DEMO-0001)')
    .requiredOption('--study-uid <uid>', 'the StudyInstanceUID on the DICOMweb server')
    .option('--subject-id <id>', 'patient or sample ID for genomic joins (new cases only)')
    .action(async (opts: { study: string; case: string; studyUid: string; subjectId?: string }) => {
      if (!isDicomUid(opts.studyUid)) throw new CliError('--study-uid is not a DICOM UID');
      const c = config();
      const db = openDb(getEnv().databasePath);
      try {
        const study = findStudyRef(db, opts.study);
        if (!study) throw new CliError(`No study ${opts.study}`);
        if (!(await qidoStudyExists(c, opts.studyUid)))
          throw new CliError('The DICOMweb server has no such study');
        info('Reading the study’s series and instances…');
        const instances = await describeStudy(c, opts.studyUid);
        if (!instances.length) throw new CliError('The study has no image instances');
        const linked = linkDicomwebStudy(
          db,
          { actor: CLI_ACTOR, requestId: null },
          { studyId: study.id, caseKey: opts.case, subjectId: opts.subjectId ?? null, instances },
        );
        out(`Linked case ${opts.case}: ${linked.series} series, ${linked.instances} new instance(s)`);
      } finally {
        db.$client.close();
      }
    });
  cmd
    .command('check')
    .description('Check that the configured server answers (and that a study exists, with --study-uid)')
    .option('--study-uid <uid>', 'a StudyInstanceUID to look up')
    .action(async (opts: { studyUid?: string }) => {
      const c = config();
      const uid = opts.studyUid ?? '1.2.3';
      const found = await qidoStudyExists(c, uid).catch((e: Error) => {
        throw new CliError(`The DICOMweb server did not answer: ${e.message}`);
      });
      out(
        opts.studyUid ? (found ? 'The study exists' : 'No such study on the server') : 'The server answers',
      );
    });
}
