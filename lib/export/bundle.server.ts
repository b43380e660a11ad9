import 'server-only';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/**
 * The zip bundle of an export: the table (in the chosen format), its codebook and a README
 * saying where the data came from, streamed out entry by entry.
 */

/**
 * One file of the bundle: its text as lines (read only when the entry is written, so a table
 * streams through), or its bytes (given, or fetched when the entry is written).
 */
export type BundleEntry = {
  /** `file.ext` or `folder/file.ext`: letters, digits, `_`, `-` and `.`; no `..`. */
  name: string;
  lines?: Iterable<string> | AsyncIterable<string>;
  bytes?: Uint8Array | (() => Promise<Uint8Array>);
};

export type BundleOptions = {
  /**
   * The modification time of every entry, normally the export time, so the same export gives
   * the same zip. Defaults to a fixed date (2000-01-01 UTC), never the time of writing.
   */
  mtime?: Date;
};

export type BundleResult = { files: string[] };

const DEFAULT_MTIME = new Date(Date.UTC(2000, 0, 1));
/** Regular file, rw-r--r--. */
const FILE_MODE = 0o100644;
const MAX_NAME_LENGTH = 200;
/** Text is handed to the compressor in pieces of about this many characters. */
const TEXT_BATCH = 64 * 1024;
const SEGMENT = /^[A-Za-z0-9][\w.-]*$/;

/**
 * The name as it goes into the zip, or an Error: at most one folder level, ASCII letters,
 * digits, `_`, `-` and `.` only, each part starting with a letter or digit, and no `..`
 * anywhere, so no unzip program can be led outside the folder it extracts into.
 */
export function bundleName(name: string): string {
  const parts = name.split('/');
  if (
    name.length === 0 ||
    name.length > MAX_NAME_LENGTH ||
    parts.length > 2 ||
    name.includes('..') ||
    !parts.every((part) => SEGMENT.test(part))
  ) {
    throw new Error(`Unsafe file name in the export bundle: ${JSON.stringify(name)}`);
  }
  return name;
}

/** Lines joined and encoded as UTF-8 in pieces of about TEXT_BATCH characters. */
async function* utf8Pieces(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for await (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= TEXT_BATCH) {
      yield Buffer.from(parts.join(''), 'utf8');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(''), 'utf8');
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Writes the entries, in order and deflated, as a zip to `out`, and resolves once `out` has
 * finished (it is ended). Names are checked before anything is written: an unsafe or repeated
 * name (ignoring case, as Windows and macOS unzip do) refuses the whole bundle. An error while
 * reading an entry, or from `out`, rejects and destroys `out`, so a broken zip is never passed
 * off as complete; the entry being read is stopped too (a generator's `finally` runs).
 */
export async function writeBundle(
  entries: BundleEntry[],
  out: NodeJS.WritableStream,
  options: BundleOptions = {},
): Promise<BundleResult> {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const name = bundleName(entry.name);
    const key = name.toLowerCase();
    if (seen.has(key)) throw new Error(`Two files in the export bundle would be named ${name}`);
    seen.add(key);
    if ((entry.lines === undefined) === (entry.bytes === undefined)) {
      throw new Error(`The bundle file ${name} needs either lines or bytes`);
    }
    files.push(name);
  }

  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  /** Entry streams being read, stopped if the bundle fails. */
  const reading = new Set<Readable>();
  zip.on('error', (error: unknown) => {
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  const fileOptions = { mtime: options.mtime ?? DEFAULT_MTIME, mode: FILE_MODE, compress: true };

  const track = (stream: Readable): Readable => {
    reading.add(stream);
    stream.once('close', () => reading.delete(stream));
    stream.once('error', (error) => zip.emit('error', error));
    return stream;
  };

  for (const [i, entry] of entries.entries()) {
    const name = files[i]!;
    const { lines, bytes } = entry;
    if (lines !== undefined) {
      zip.addReadStreamLazy(name, fileOptions, (callback) => {
        callback(null, track(Readable.from(utf8Pieces(lines))));
      });
    } else if (typeof bytes === 'function') {
      zip.addReadStreamLazy(name, fileOptions, (callback) => {
        bytes().then(
          (data) => callback(null, track(Readable.from([asBuffer(data)]))),
          (error: unknown) =>
            callback(error ?? new Error(`Could not read ${name} for the export bundle`), Readable.from([])),
        );
      });
    } else if (bytes !== undefined) {
      zip.addBuffer(asBuffer(bytes), name, fileOptions);
    }
  }
  zip.end();

  try {
    await pipeline(output, out);
  } catch (error) {
    for (const stream of reading) stream.destroy();
    throw error;
  }
  return { files };
}

/** Where an export came from and what it holds, for the bundle's README. */
export type BundleProvenance = {
  study: { slug: string; name: string };
  lexicon: { id: string; version: string; sha256?: string };
  exportedAt: Date;
  /** Who exported it, as Annolex shows the user. */
  exportedBy: string;
  /** `long` or `wide`, and for wide how readers appear (e.g. `wide, per reader`). */
  layout: string;
  /** The aggregate of an aggregate layout (consensus, majority, central, reader:<label>); null otherwise. */
  aggregate: string | null;
  format: string;
  sessions: number[];
  /** The exported feature ids, or `all` (an empty list also means all, as in the export form). */
  features: string[] | 'all';
  rows: number;
  files: { name: string; what: string }[];
  annolexVersion: string;
};

/**
 * Text on one line, with the characters Markdown would act on inside a line escaped (values
 * never start a line, so heading and list markers need nothing).
 */
function md(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** Text on one line as a Markdown code span, fenced so any backticks inside stay literal. */
function code(text: string): string {
  const t = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * The README.md of a bundle: where the data came from (study, lexicon version and hash, who
 * exported it and when, with which Annolex), what was chosen (layout, aggregate, format,
 * sessions, features), how many rows, and one line per file. Values from users are escaped
 * so they read as plain text.
 */
export function bundleReadme(provenance: BundleProvenance): string {
  const p = provenance;
  const at = p.exportedAt.toISOString();
  const features =
    p.features === 'all' || p.features.length === 0
      ? 'all features of the lexicon'
      : `${plural(p.features.length, 'feature')}: ${p.features.map(code).join(', ')}`;
  const sessions = p.sessions.length
    ? p.sessions
        .slice()
        .sort((a, b) => a - b)
        .map((s) => (s === 1 ? '1 (first read)' : `${s} (re-read)`))
        .join(', ')
    : 'none';
  const lexicon = [
    `${code(p.lexicon.id)} version ${code(p.lexicon.version)}`,
    p.lexicon.sha256 ? `; SHA-256 of the lexicon definition ${code(p.lexicon.sha256)}` : '',
  ].join('');

  const lines = [
    `# Annolex export: ${md(p.study.name)}`,
    '',
    `Exported from the Annolex study ${md(p.study.name)} (${code(p.study.slug)}) on ${at.slice(0, 10)} ` +
      `at ${at.slice(11, 19)} UTC by ${md(p.exportedBy)}.`,
    '',
    '## Provenance',
    '',
    `- Study: ${md(p.study.name)} (${code(p.study.slug)})`,
    `- Lexicon: ${lexicon}`,
    `- Exported at: ${code(at)} (ISO 8601, UTC)`,
    `- Exported by: ${md(p.exportedBy)}`,
    `- Annolex version: ${code(p.annolexVersion)}`,
    '',
    '## What was exported',
    '',
    `- Layout: ${md(p.layout)}`,
    `- Aggregate: ${p.aggregate === null ? 'none (the readers’ own answers)' : md(p.aggregate)}`,
    `- Format: ${md(p.format)}`,
    `- Reading sessions: ${sessions}`,
    `- Features: ${features}`,
    `- Rows: ${p.rows.toLocaleString('en-US')}`,
    '',
    '## Files',
    '',
    ...p.files.map((f) => `- ${code(f.name)}: ${md(f.what)}`),
    '',
    '## Reading the data',
    '',
    '- Column names are stable ids; the codebook gives each column’s label, type and meaning.',
    '- Missing values are empty cells in text tables (CSV, TSV, cBioPortal) and null in JSON and Parquet.',
    '- Date-times are ISO 8601 in UTC.',
    '- Readers appear under pseudonymous labels (reader_01, reader_02, …); who they are stays in Annolex.',
    '- The lexicon version (and its hash) pins the meaning of every code: answers coded against another',
    '  version of the lexicon may not compare.',
    '',
  ];
  return lines.join('\n');
}
