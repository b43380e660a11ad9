/** Caps applied while reading an uploaded or local archive, so a hostile zip cannot exhaust disk, memory or time. */
export type ArchiveLimits = {
  /** Size of the archive file itself. */
  maxCompressedBytes: number;
  /** Inflated bytes across the whole import, nested archives included. */
  maxUncompressedBytes: number;
  /** Inflated bytes of one entry; each entry is held in memory whole. */
  maxEntryBytes: number;
  /** Entries across the whole import, nested archives included. */
  maxEntries: number;
  /** How many levels of zips inside zips are opened: 1 lets a zip contain zips, but not zips that contain zips. */
  maxNesting: number;
  /** Per-entry inflated/compressed ratio; deflate tops out near 1032, so only near-pure padding reaches it. */
  maxRatio: number;
};

const GiB = 1024 ** 3;

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxCompressedBytes: 4 * GiB,
  maxUncompressedBytes: 8 * GiB,
  maxEntryBytes: 1 * GiB,
  maxEntries: 100_000,
  maxNesting: 1,
  maxRatio: 1000,
});

/** Fills unspecified limits with the defaults. */
export function resolveArchiveLimits(limits: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
}

/**
 * Messages are fixed per code: they reach the importing user, and must never echo entry names or bytes
 * from an untrusted archive.
 */
const MESSAGES = {
  zip_too_large: 'The import is larger than the allowed size.',
  zip_bomb: 'The archive expands beyond the allowed size or ratio, or has overlapping entries.',
  too_many_entries: 'The import has more files than allowed.',
  too_deep: 'The archive contains zip files nested deeper than allowed.',
  symlink: 'The archive contains a symbolic link, which is not imported.',
  corrupt_zip: 'The archive is damaged, uses an unsupported format, or is not a zip file.',
  not_found: 'The file or folder to import was not found, or is not a regular file or folder.',
  encrypted: 'The archive contains encrypted files, which cannot be read.',
} as const;

export type ImportSourceErrorCode = keyof typeof MESSAGES;

export class ImportSourceError extends Error {
  /**
   * `detail` is a fixed keyword naming which check tripped (for logs and tests), never archive content.
   * `cause` keeps the underlying library error for debugging; it may mention entry names, so it is not shown.
   */
  constructor(
    readonly code: ImportSourceErrorCode,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
    this.name = 'ImportSourceError';
  }
}

export function isImportSourceError(error: unknown): error is ImportSourceError {
  return error instanceof ImportSourceError;
}
