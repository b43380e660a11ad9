import 'server-only';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type Options, type ZipFile } from 'yauzl';
import { ImportSourceError, isImportSourceError, resolveArchiveLimits, type ArchiveLimits } from './limits';

export type ZipSource = { path: string } | { buffer: Buffer };

/** One file from an archive. `name` is for display only: it is never joined into a path. */
export type ArchiveEntry = { name: string; bytes: Buffer };

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const STORED = 0;
const DEFLATED = 8;
const MAX_NAME_LENGTH = 255;

/** What the whole import has consumed so far; shared by nested archives so nesting cannot multiply the caps. */
type Budget = { bytes: number; entries: number };

type PlannedFile = { entry: Entry; name: string };

/**
 * Yields every file of a zip, in central-directory order, with nested zips expanded in place.
 * Throws ImportSourceError as soon as any entry is refused; whether a partial import is kept is up to the caller.
 */
export async function* readZip(
  source: ZipSource,
  limits: Partial<ArchiveLimits> = {},
  depth = 0,
): AsyncGenerator<ArchiveEntry> {
  yield* readArchive(source, resolveArchiveLimits(limits), depth, { bytes: 0, entries: 0 });
}

async function* readArchive(
  source: ZipSource,
  limits: ArchiveLimits,
  depth: number,
  budget: Budget,
): AsyncGenerator<ArchiveEntry> {
  const zip = await openZip(source, limits);
  try {
    const files = await planEntries(zip, limits, budget);
    for (const file of files) {
      const bytes = await inflateEntry(zip, file.entry, limits, budget);
      if (isZip(bytes)) {
        if (depth >= limits.maxNesting) throw new ImportSourceError('too_deep');
        // The inner archive's bytes were already charged to the budget and its entries are charged again:
        // deliberately conservative, as that is the shape of a recursive bomb.
        yield* readArchive({ buffer: bytes }, limits, depth + 1, budget);
      } else {
        yield { name: file.name, bytes };
      }
    }
  } finally {
    zip.close();
  }
}

async function openZip(source: ZipSource, limits: ArchiveLimits): Promise<ZipFile> {
  // decodeStrings is off because yauzl would reject the whole archive on a '../' or absolute name;
  // names are decoded below and only ever shown, so such names are harmless here.
  const options: Options = {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: false,
  };
  if ('buffer' in source) {
    if (source.buffer.length > limits.maxCompressedBytes) throw new ImportSourceError('zip_too_large');
    return yauzl.fromBufferPromise(source.buffer, options).catch(rethrow);
  }
  // stat first so a FIFO or device is refused before open() could block on it.
  const stats = await fs.stat(source.path).catch((error: unknown) => {
    throw new ImportSourceError('not_found', 'stat', { cause: error });
  });
  if (!stats.isFile()) throw new ImportSourceError('not_found', 'not_regular');
  if (stats.size > limits.maxCompressedBytes) throw new ImportSourceError('zip_too_large');
  const zip = await yauzl.openPromise(source.path, options).catch(rethrow);
  // The size yauzl works with comes from the open descriptor; the file may have changed since stat.
  if (zip.fileSize > limits.maxCompressedBytes) {
    zip.close();
    throw new ImportSourceError('zip_too_large');
  }
  return zip;
}

/**
 * Reads the central directory and every local header without inflating anything, so refusals
 * (symlinks, encryption, declared sizes, overlapping entries) happen before any expensive work.
 */
async function planEntries(zip: ZipFile, limits: ArchiveLimits, budget: Budget): Promise<PlannedFile[]> {
  budget.entries += zip.entryCount;
  if (budget.entries > limits.maxEntries) throw new ImportSourceError('too_many_entries');

  const entries = await readCentralDirectory(zip);
  const files: PlannedFile[] = [];
  const spans: Array<readonly [number, number]> = [];
  let declaredBytes = 0;
  for (const entry of entries) {
    if (entry.isEncrypted()) throw new ImportSourceError('encrypted');
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (mode === S_IFLNK) throw new ImportSourceError('symlink');

    const header = await zip.readLocalFileHeaderPromise(entry, { minimal: true }).catch(rethrow);
    spans.push([entry.relativeOffsetOfLocalHeader, header.fileDataStart + entry.compressedSize]);

    const path = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      false,
    );
    if (path.endsWith('/') || mode === S_IFDIR) continue;
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      throw new ImportSourceError('corrupt_zip', 'compression_method');
    }
    // Declared sizes only allow an early refusal; the streaming caps below are what is relied on.
    if (entry.uncompressedSize > limits.maxEntryBytes) throw new ImportSourceError('zip_bomb', 'entry_size');
    if (entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
      throw new ImportSourceError('zip_bomb', 'ratio');
    }
    declaredBytes += entry.uncompressedSize;
    files.push({ entry, name: entryDisplayName(path) });
  }
  if (budget.bytes + declaredBytes > limits.maxUncompressedBytes) {
    throw new ImportSourceError('zip_bomb', 'total_size');
  }
  // Entries sharing bytes are how a small zip expands quadratically without nesting.
  if (spansOverlap(spans)) throw new ImportSourceError('zip_bomb', 'overlap');
  return files;
}

function readCentralDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    const onEntry = (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    };
    const settle = (error?: unknown) => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', settle);
      zip.removeListener('error', settle);
      if (error === undefined) resolve(entries);
      else reject(toImportError(error));
    };
    zip.on('entry', onEntry);
    zip.once('end', () => settle());
    zip.once('error', settle);
    zip.readEntry();
  });
}

/** Inflates one entry into memory, counting real bytes and stopping the moment a cap would be passed. */
async function inflateEntry(
  zip: ZipFile,
  entry: Entry,
  limits: ArchiveLimits,
  budget: Budget,
): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry).catch(rethrow);
  const ratioCap = limits.maxRatio * Math.max(entry.compressedSize, 1);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let crc = 0;
    let settled = false;
    const fail = (error: ImportSourceError) => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limits.maxEntryBytes) return fail(new ImportSourceError('zip_bomb', 'entry_size'));
      if (size > ratioCap) return fail(new ImportSourceError('zip_bomb', 'ratio'));
      if (budget.bytes + size > limits.maxUncompressedBytes) {
        return fail(new ImportSourceError('zip_bomb', 'total_size'));
      }
      crc = crc32(chunk, crc);
      chunks.push(chunk);
    });
    stream.on('error', (error: unknown) => fail(toImportError(error)));
    stream.on('end', () => {
      if (settled) return;
      // yauzl checks sizes but not checksums.
      if (crc !== entry.crc32) return fail(new ImportSourceError('corrupt_zip', 'crc'));
      settled = true;
      budget.bytes += size;
      resolve(Buffer.concat(chunks, size));
    });
  });
}

function isZip(bytes: Buffer): boolean {
  return (
    bytes.length >= ZIP_LOCAL_HEADER.length &&
    bytes.subarray(0, ZIP_LOCAL_HEADER.length).equals(ZIP_LOCAL_HEADER)
  );
}

/** True when any two [start, end) byte ranges share a byte. */
export function spansOverlap(spans: ReadonlyArray<readonly [number, number]>): boolean {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let reached = -Infinity;
  for (const [start, end] of sorted) {
    if (start < reached) return true;
    reached = Math.max(reached, end);
  }
  return false;
}

/** The last segment of an entry path, made safe to show: no control or bidi characters, bounded length. */
export function entryDisplayName(path: string): string {
  return sanitiseNameSegment(path.split(/[/\\]/).pop() ?? '');
}

/** Strips characters that could forge terminal or log output, or reorder displayed text. */
export function sanitiseNameSegment(segment: string): string {
  let clean = '';
  for (const char of segment) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const bidi = code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e);
    const isolate = code >= 0x2066 && code <= 0x2069;
    if (!control && !bidi && !isolate) clean += char;
  }
  clean = Array.from(clean.trim()).slice(0, MAX_NAME_LENGTH).join('');
  return clean === '' || clean === '.' || clean === '..' ? '(unnamed)' : clean;
}

function rethrow(error: unknown): never {
  throw toImportError(error);
}

/** Maps yauzl, zlib and fs failures onto the fixed import codes. */
function toImportError(error: unknown): ImportSourceError {
  if (isImportSourceError(error)) return error;
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (errno === 'ENOENT' || errno === 'ENOTDIR' || errno === 'EISDIR') {
    return new ImportSourceError('not_found', errno, { cause: error });
  }
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('strong encryption'))
    return new ImportSourceError('encrypted', undefined, { cause: error });
  // yauzl's size check: an entry inflating past its declared size is lying about what it holds.
  if (message.startsWith('too many bytes')) {
    return new ImportSourceError('zip_bomb', 'declared_size', { cause: error });
  }
  return new ImportSourceError('corrupt_zip', undefined, { cause: error });
}
