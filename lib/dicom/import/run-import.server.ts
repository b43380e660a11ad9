import 'server-only';
import type { Db } from '@/db/client';
import { type ChangeContext } from '@/db/queries/audit';
import {
  commitStagedCase,
  isBlobReferenced,
  recordImport,
  type StagedCase,
} from '@/db/queries/imaging-import';
import type { PhiPolicy } from '../phi/policy';
import { readZip } from './archive.server';
import { BlobStore } from './blob-store.server';
import type { ArchiveLimits } from './limits';
import {
  countSkip,
  emptySummary,
  type CaseBy,
  type CaseMap,
  type ImportSkipReason,
  type ImportSummary,
} from './plan';
import { prepareFile } from './prepare-file';

export type SourceItem =
  { name: string; bytes: Buffer } | { name: string; skipped: 'symlink' | 'not_regular' };

export type ImportOptions = {
  studyId: number;
  policy: PhiPolicy;
  caseBy: CaseBy;
  map?: CaseMap;
  secret: string;
  dataDir: string;
  archiveLimits?: Partial<ArchiveLimits>;
  onProgress?: (progress: { files: number; bytes: number }) => void;
  /** Per-file decisions for the person running the import (names may carry PHI: never logged or stored). */
  onSkip?: (name: string, reason: ImportSkipReason, message: string) => void;
};

const isZip = (b: Buffer) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Expands zips found among the source's files (their own caps apply), passing everything else through. */
async function* expandZips(source: AsyncIterable<SourceItem>, limits?: Partial<ArchiveLimits>) {
  for await (const item of source) {
    if ('bytes' in item && isZip(item.bytes)) yield* readZip({ buffer: item.bytes }, limits);
    else yield item;
  }
}

/**
 * Imports DICOM files into a study. Each file is inspected and either staged (its bytes
 * stored content-addressed) or skipped with a reason; then each case commits in its own
 * transaction, so no case is left half imported. A source error (zip bomb, symlink in a zip,
 * corrupt archive) aborts the whole import before anything is committed, and the blobs this
 * run added are removed again.
 */
export async function runImport(
  db: Db,
  ctx: ChangeContext,
  source: AsyncIterable<SourceItem>,
  options: ImportOptions,
): Promise<{ summary: ImportSummary; importId: number }> {
  const store = new BlobStore(options.dataDir);
  const summary = emptySummary();
  const staged = new Map<string, StagedCase>();
  const added: string[] = [];
  try {
    for await (const item of expandZips(source, options.archiveLimits)) {
      summary.files += 1;
      if (!('bytes' in item)) {
        countSkip(summary, 'symlink');
        options.onSkip?.(item.name, 'symlink', 'Symbolic links are not followed');
        continue;
      }
      summary.bytes += item.bytes.length;
      options.onProgress?.({ files: summary.files, bytes: summary.bytes });
      const prepared = prepareFile(item.bytes, options);
      if (!prepared.ok) {
        countSkip(summary, prepared.reason);
        options.onSkip?.(item.name, prepared.reason, prepared.message);
        continue;
      }
      const blob = store.put(prepared.bytes);
      if (blob.created) added.push(blob.sha256);
      let kase = staged.get(prepared.caseKey);
      if (!kase) {
        kase = {
          caseKey: prepared.caseKey,
          subjectId: prepared.subjectId,
          label: prepared.label,
          instances: [],
        };
        staged.set(prepared.caseKey, kase);
      }
      kase.instances.push({
        header: prepared.header,
        sha256: blob.sha256,
        size: prepared.bytes.length,
        quarantine: prepared.quarantine,
      });
    }
  } catch (error) {
    for (const sha of added) if (!isBlobReferenced(db, sha)) store.remove(sha);
    throw error;
  }
  for (const kase of staged.values()) commitStagedCase(db, ctx, options.studyId, kase, summary);
  const importId = recordImport(db, ctx, { studyId: options.studyId, policy: options.policy, summary });
  return { summary, importId };
}
