import { PassThrough, Writable } from 'node:stream';
import yauzl, { type Entry } from 'yauzl';
import { describe, expect, it } from 'vitest';
import {
  bundleName,
  bundleReadme,
  writeBundle,
  type BundleEntry,
  type BundleProvenance,
} from './bundle.server';
import { delimitedLines } from './delimited';
import type { ExportTable } from './table';

type ReadEntry = { name: string; text: string; method: number; mtime: Date; mode: number };

/** Writes a bundle into memory. */
async function bundle(entries: BundleEntry[], mtime?: Date) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const result = await writeBundle(entries, out, mtime ? { mtime } : {});
  return { result, zip: Buffer.concat(chunks) };
}

/** Every entry of a zip, in order, with its inflated text. */
async function unzip(buffer: Buffer): Promise<ReadEntry[]> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  try {
    const found = await new Promise<Entry[]>((resolve, reject) => {
      const list: Entry[] = [];
      zip.on('entry', (entry: Entry) => {
        list.push(entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve(list));
      zip.once('error', reject);
      zip.readEntry();
    });
    const entries: ReadEntry[] = [];
    for (const entry of found) {
      entries.push({
        name: entry.fileName,
        text: await inflate(zip, entry),
        method: entry.compressionMethod,
        mtime: entry.getLastModDate(),
        mode: entry.externalFileAttributes >>> 16,
      });
    }
    return entries;
  } finally {
    zip.close();
  }
}

async function inflate(zip: yauzl.ZipFile, entry: Entry): Promise<string> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const table: ExportTable = {
  columns: [
    { id: 'case_key', label: 'Case', type: 'string' },
    { id: 'F4', label: 'Enhancement quality', type: 'integer' },
    { id: 'note', label: 'Note', type: 'string' },
  ],
  rows: Array.from({ length: 20_000 }, (_, i) => ({
    case_key: `case-${String(i).padStart(5, '0')}`,
    F4: i % 4,
    note: i % 3 === 0 ? 'Ödem, “perifokal”' : i % 3 === 1 ? '脳 🧠' : null,
  })),
};

const codebook = { columns: table.columns.map((c) => ({ id: c.id, label: c.label, type: c.type })) };

const provenance: BundleProvenance = {
  study: { slug: 'glioma-vasari', name: 'Glioma *VASARI* | pilot <2024>' },
  lexicon: { id: 'vasari', version: '1.2.0', sha256: 'ab'.repeat(32) },
  exportedAt: new Date('2024-05-06T07:08:09.123Z'),
  exportedBy: 'Dr. A_B Example',
  layout: 'wide, per reader',
  aggregate: null,
  format: 'csv',
  sessions: [2, 1],
  features: ['F1', 'F4', 'F29'],
  rows: 20_000,
  files: [
    { name: 'glioma-vasari-wide-20240506.csv', what: 'The table: one row per case.' },
    { name: 'codebook.json', what: 'Every column: label, type, meaning.' },
    { name: 'README.md', what: 'This file.' },
  ],
  annolexVersion: '0.1.0',
};

describe('writeBundle', () => {
  it('writes the table, the codebook and the README in order, deflated, with a fixed date', async () => {
    const csv = [...delimitedLines(table, { delimiter: ',' })].join('');
    const json = `${JSON.stringify(codebook, null, 2)}\n`;
    const readme = bundleReadme(provenance);
    const mtime = new Date('2024-05-06T07:08:09Z');
    const entries = (): BundleEntry[] => [
      { name: 'glioma-vasari-wide-20240506.csv', lines: delimitedLines(table, { delimiter: ',' }) },
      { name: 'codebook.json', bytes: new TextEncoder().encode(json) },
      { name: 'README.md', lines: [readme] },
    ];

    const { result, zip } = await bundle(entries(), mtime);
    expect(result.files).toEqual(['glioma-vasari-wide-20240506.csv', 'codebook.json', 'README.md']);
    const read = await unzip(zip);
    expect(read.map((e) => e.name)).toEqual(result.files);
    expect(read.map((e) => e.text)).toEqual([csv, json, readme]);
    for (const entry of read) {
      expect(entry.method).toBe(8); // deflate
      expect(entry.mtime.getTime()).toBe(mtime.getTime());
      expect(entry.mode).toBe(0o100644);
    }
    // Deflated well below the text's size.
    expect(zip.byteLength).toBeLessThan(Buffer.byteLength(csv) / 3);

    // The same export gives the same bytes.
    const again = await bundle(entries(), mtime);
    expect(again.zip.equals(zip)).toBe(true);
  });

  it('takes async lines, bytes fetched when needed, one folder level and empty files', async () => {
    const order: string[] = [];
    async function* lines() {
      order.push('lines');
      yield 'a,b\r\n';
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield '1,2\r\n';
    }
    const { result, zip } = await bundle([
      { name: 'data/long.csv', lines: lines() },
      {
        name: 'data/table.parquet',
        bytes: async () => {
          order.push('bytes');
          return new Uint8Array([80, 65, 82, 49]).subarray(1);
        },
      },
      { name: 'empty.txt', lines: [] },
    ]);
    expect(order).toEqual(['lines', 'bytes']);
    expect(result.files).toEqual(['data/long.csv', 'data/table.parquet', 'empty.txt']);
    const read = await unzip(zip);
    expect(read.map((e) => [e.name, e.text])).toEqual([
      ['data/long.csv', 'a,b\r\n1,2\r\n'],
      ['data/table.parquet', 'AR1'],
      ['empty.txt', ''],
    ]);
    // Without a date, entries carry a fixed one rather than the time of writing.
    expect(read[0]!.mtime.toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });

  it('refuses unsafe and repeated names before writing anything', async () => {
    const bad = [
      '../evil.csv',
      'a/../b.csv',
      'x..csv',
      'a/b/c.csv',
      '/etc/passwd',
      'a\\b.csv',
      'C:/x.csv',
      'C:x.csv',
      '',
      '.hidden',
      'data/',
      'name with space.csv',
      'naïve.csv',
      `${'a'.repeat(201)}`,
    ];
    for (const name of bad) {
      expect(() => bundleName(name), name).toThrow(/Unsafe file name/);
      const out = new PassThrough();
      let wrote = false;
      out.on('data', () => (wrote = true));
      await expect(
        writeBundle(
          [
            { name: 'ok.csv', lines: ['x'] },
            { name, lines: ['y'] },
          ],
          out,
        ),
      ).rejects.toThrow(/Unsafe file name/);
      expect(wrote).toBe(false);
      expect(out.writableEnded).toBe(false);
    }
    await expect(
      writeBundle(
        [
          { name: 'README.md', lines: [] },
          { name: 'readme.md', lines: [] },
        ],
        new PassThrough(),
      ),
    ).rejects.toThrow(/Two files in the export bundle would be named readme.md/);
    await expect(writeBundle([{ name: 'a.csv' }], new PassThrough())).rejects.toThrow(
      /either lines or bytes/,
    );
    await expect(
      writeBundle([{ name: 'a.csv', lines: [], bytes: new Uint8Array() }], new PassThrough()),
    ).rejects.toThrow(/either lines or bytes/);
    expect(bundleName('data/wide_2024-01-01.v2.csv')).toBe('data/wide_2024-01-01.v2.csv');
  });

  it('fails, and destroys the output, when an entry cannot be read', async () => {
    async function* broken() {
      yield 'a\r\n';
      throw new Error('snapshot lost');
    }
    const out = new PassThrough();
    out.resume();
    await expect(writeBundle([{ name: 'a.csv', lines: broken() }], out)).rejects.toThrow('snapshot lost');
    expect(out.destroyed).toBe(true);

    const out2 = new PassThrough();
    out2.resume();
    await expect(
      writeBundle([{ name: 'b.bin', bytes: () => Promise.reject(new Error('no codebook')) }], out2),
    ).rejects.toThrow('no codebook');
    expect(out2.destroyed).toBe(true);
  });

  it('stops reading the current entry when the output fails', async () => {
    let closed = false;
    let produced = 0;
    function* endless() {
      try {
        for (;;) {
          produced++;
          yield `${'x'.repeat(1000)}${produced}\r\n`;
        }
      } finally {
        closed = true;
      }
    }
    let written = 0;
    const out = new Writable({
      write(_chunk, _encoding, callback) {
        written++;
        callback(written > 3 ? new Error('client went away') : null);
      },
    });
    await expect(writeBundle([{ name: 'big.csv', lines: endless() }], out)).rejects.toThrow(
      'client went away',
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });
});

describe('bundleReadme', () => {
  it('states where the data came from and what each file holds', () => {
    const text = bundleReadme(provenance);
    expect(text.split('\n')[0]).toBe('# Annolex export: Glioma \\*VASARI\\* \\| pilot \\<2024\\>');
    expect(text).toContain('on 2024-05-06 at 07:08:09 UTC by Dr. A\\_B Example.');
    expect(text).toContain('- Study: Glioma \\*VASARI\\* \\| pilot \\<2024\\> (`glioma-vasari`)');
    expect(text).toContain(
      `- Lexicon: \`vasari\` version \`1.2.0\`; SHA-256 of the lexicon definition \`${'ab'.repeat(32)}\``,
    );
    expect(text).toContain('- Exported at: `2024-05-06T07:08:09.123Z` (ISO 8601, UTC)');
    expect(text).toContain('- Annolex version: `0.1.0`');
    expect(text).toContain('- Layout: wide, per reader');
    expect(text).toContain('- Aggregate: none (the readers’ own answers)');
    expect(text).toContain('- Format: csv');
    expect(text).toContain('- Reading sessions: 1 (first read), 2 (re-read)');
    expect(text).toContain('- Features: 3 features: `F1`, `F4`, `F29`');
    expect(text).toContain('- Rows: 20,000');
    expect(text).toContain('- `glioma-vasari-wide-20240506.csv`: The table: one row per case.');
    expect(text).toContain('- `codebook.json`: Every column: label, type, meaning.');
    expect(text).toContain('- `README.md`: This file.');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('covers all features, an aggregate, no hash, and keeps odd values on their line', () => {
    const text = bundleReadme({
      ...provenance,
      study: { slug: 'a', name: 'Line one\n# Not a heading' },
      lexicon: { id: 'ti-rads', version: '2017' },
      exportedBy: 'x`y',
      aggregate: 'reader:reader_02',
      features: 'all',
      sessions: [1],
      files: [{ name: 'we`ird.csv', what: 'Text\nwith [link](http://x)' }],
    });
    expect(text).toContain('# Annolex export: Line one # Not a heading\n');
    expect(text).toContain('- Lexicon: `ti-rads` version `2017`\n');
    expect(text).toContain('- Exported by: x\\`y\n');
    expect(text).toContain('- Aggregate: reader:reader\\_02\n');
    expect(text).toContain('- Features: all features of the lexicon\n');
    expect(text).toContain('- Reading sessions: 1 (first read)\n');
    expect(text).toContain('- ``we`ird.csv``: Text with \\[link\\](http://x)\n');
    expect(bundleReadme({ ...provenance, features: [] })).toContain(
      '- Features: all features of the lexicon',
    );
  });
});
