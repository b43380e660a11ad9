import 'server-only';
import { constants, type Stats } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { sanitiseNameSegment } from './archive.server';
import { DEFAULT_ARCHIVE_LIMITS, ImportSourceError } from './limits';

export type FolderLimits = {
  /** Files and skipped items yielded; directories themselves do not count. */
  maxFiles: number;
  /** Bytes read across all files. */
  maxBytes: number;
};

export type FolderItem =
  { name: string; bytes: Buffer } | { name: string; skipped: 'symlink' | 'not_regular' };

// O_NOFOLLOW closes the gap between lstat and open; O_NONBLOCK keeps a FIFO swapped in meanwhile from hanging.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Walks a folder depth-first in sorted order, yielding every regular file's bytes. Symbolic links are never
 * followed, files or directories alike; they and other special files are reported as skipped, unread.
 * Zips found here are yielded as plain files: whether to expand them is the caller's decision.
 * `name` is the path relative to root with '/' separators, for display only.
 */
export async function* readFolder(
  root: string,
  options: Partial<FolderLimits> = {},
): AsyncGenerator<FolderItem> {
  const limits: FolderLimits = {
    maxFiles: DEFAULT_ARCHIVE_LIMITS.maxEntries,
    maxBytes: DEFAULT_ARCHIVE_LIMITS.maxUncompressedBytes,
    ...options,
  };
  // The root is the user's own choice, so a symlinked root (e.g. macOS /tmp) is followed; nothing below it is.
  const rootStats = await fs.stat(root).catch((error: unknown) => {
    throw new ImportSourceError('not_found', 'stat', { cause: error });
  });
  if (!rootStats.isDirectory()) throw new ImportSourceError('not_found', 'not_directory');

  let files = 0;
  let bytes = 0;
  const count = () => {
    files += 1;
    if (files > limits.maxFiles) throw new ImportSourceError('too_many_entries');
  };

  // Pending entries as raw path segments, kept so that popping yields sorted pre-order.
  const pending: string[][] = (await listSorted(root)).reverse().map((name) => [name]);
  while (pending.length > 0) {
    const segments = pending.pop() as string[];
    const file = path.join(root, ...segments);
    const name = segments.map(sanitiseNameSegment).join('/');

    const stats = await fs.lstat(file).catch(vanished);
    if (stats === null) {
      count();
      yield { name, skipped: 'not_regular' };
      continue;
    }
    if (stats.isDirectory()) {
      const children = await listSorted(file);
      for (let i = children.length - 1; i >= 0; i -= 1) pending.push([...segments, children[i] as string]);
      continue;
    }
    count();
    if (stats.isSymbolicLink()) {
      yield { name, skipped: 'symlink' };
      continue;
    }
    if (!stats.isFile()) {
      yield { name, skipped: 'not_regular' };
      continue;
    }
    if (bytes + stats.size > limits.maxBytes) throw new ImportSourceError('zip_too_large', 'folder_bytes');
    const read = await readRegularFile(file, stats, limits.maxBytes - bytes);
    if (typeof read === 'string') {
      yield { name, skipped: read };
      continue;
    }
    bytes += read.length;
    yield { name, bytes: read };
  }
}

async function listSorted(dir: string): Promise<string[]> {
  // Default sort compares UTF-16 code units: the same order on every machine and locale.
  return (await fs.readdir(dir)).sort();
}

/** A file removed mid-walk, or whose name cannot be decoded, is reported rather than failing the walk. */
function vanished(error: unknown): null {
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return null;
  throw error;
}

/**
 * Reads a file lstat saw as regular, refusing it if it has since been swapped for a link or another file.
 * Reads no more than the open descriptor's size, so a file growing under us cannot pass the `cap` budget.
 */
async function readRegularFile(
  file: string,
  expected: Stats,
  cap: number,
): Promise<Buffer | 'symlink' | 'not_regular'> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ELOOP') return 'symlink';
    if (code === 'ENOENT') return 'not_regular';
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.ino !== expected.ino || stats.dev !== expected.dev) return 'not_regular';
    if (stats.size > cap) throw new ImportSourceError('zip_too_large', 'folder_bytes');
    const buffer = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
