import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { entryDisplayName, readZip, spansOverlap, type ArchiveEntry, type ZipSource } from './archive.server';
import { ImportSourceError, type ArchiveLimits, type ImportSourceErrorCode } from './limits';
import { deflatedZeros, makeOverlapBomb, makeZip, symlinkEntry } from './test-zip';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-zip-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MB = 1024 * 1024;

async function collect(source: ZipSource, limits?: Partial<ArchiveLimits>): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  for await (const entry of readZip(source, limits)) out.push(entry);
  return out;
}

/** Reads until failure, returning the error and whatever was yielded before it. */
async function failure(source: ZipSource, limits?: Partial<ArchiveLimits>) {
  const yielded: ArchiveEntry[] = [];
  try {
    for await (const entry of readZip(source, limits)) yielded.push(entry);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportSourceError);
    return { error: error as ImportSourceError, yielded };
  }
  throw new Error('expected readZip to fail');
}

async function expectCode(source: ZipSource, code: ImportSourceErrorCode, limits?: Partial<ArchiveLimits>) {
  const { error } = await failure(source, limits);
  expect(error.code).toBe(code);
  return error;
}

const text = (s: string) => Buffer.from(s);

describe('readZip', () => {
  it('yields stored and deflated files with their bytes and basenames, skipping directories', async () => {
    const big = Buffer.alloc(200_000, 'DICM');
    const zip = makeZip([
      { name: 'series/', data: undefined },
      { name: 'series/1.dcm', data: big },
      { name: 'series/2.dcm', data: text('two'), method: 'store' },
      { name: 'empty.dcm' },
    ]);
    const entries = await collect({ buffer: zip });
    expect(entries.map((e) => e.name)).toEqual(['1.dcm', '2.dcm', 'empty.dcm']);
    expect(entries[0]?.bytes.equals(big)).toBe(true);
    expect(entries[1]?.bytes.toString()).toBe('two');
    expect(entries[2]?.bytes.length).toBe(0);
  });

  it('reads from a path as from a buffer', async () => {
    const file = path.join(tmp, 'plain.zip');
    fs.writeFileSync(file, makeZip([{ name: 'a.dcm', data: text('a') }]));
    const entries = await collect({ path: file });
    expect(entries.map((e) => [e.name, e.bytes.toString()])).toEqual([['a.dcm', 'a']]);
  });

  it('yields traversal and absolute names as sanitised basenames, never as paths', async () => {
    const zip = makeZip([
      { name: '../../evil.dcm', data: text('1') },
      { name: '/etc/passwd', data: text('2') },
      { name: '..\\..\\windows.dcm', data: text('3') },
      { name: 'C:/boot.ini', data: text('4') },
      { name: 'a/..', data: text('5') },
      { name: 'bell\u0007\u001b[2Jname\u202e.dcm', data: text('6') },
    ]);
    const entries = await collect({ buffer: zip });
    expect(entries.map((e) => e.name)).toEqual([
      'evil.dcm',
      'passwd',
      'windows.dcm',
      'boot.ini',
      '(unnamed)',
      'bell[2Jname.dcm',
    ]);
    for (const { name } of entries) {
      expect(name).not.toMatch(/[/\\]/);
      expect(name).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
    expect(entries.map((e) => e.bytes.toString())).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('refuses the whole archive, before yielding anything, when it holds a symlink', async () => {
    const zip = makeZip([{ name: 'ok.dcm', data: text('ok') }, symlinkEntry('link.dcm', '/etc/passwd')]);
    const { error, yielded } = await failure({ buffer: zip });
    expect(error.code).toBe('symlink');
    expect(yielded).toEqual([]);
  });

  it('refuses encrypted entries', async () => {
    await expectCode({ buffer: makeZip([{ name: 'a.dcm', data: text('x'), encrypted: true }]) }, 'encrypted');
    const stored = makeZip([{ name: 'a.dcm', data: text('x'), method: 'store', encrypted: true }]);
    await expectCode({ buffer: stored }, 'encrypted');
  });

  describe('deflate bombs', () => {
    const bomb = makeZip([{ name: 'zeros.dcm', deflated: deflatedZeros(100 * MB) }]);

    it('builds a small archive that really inflates to 100 MB', async () => {
      expect(bomb.length).toBeLessThan(200_000);
      const inflate = createInflateRaw();
      inflate.end(deflatedZeros(100 * MB).bytes);
      let size = 0;
      for await (const chunk of inflate) size += (chunk as Buffer).length;
      expect(size).toBe(100 * MB);
    });

    it('refuses an honest bomb by its ratio with the default limits, before inflating', async () => {
      const started = Date.now();
      const error = await expectCode({ buffer: bomb }, 'zip_bomb');
      expect(error.detail).toBe('ratio');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('refuses an honest bomb by entry size', async () => {
      const error = await expectCode({ buffer: bomb }, 'zip_bomb', { maxEntryBytes: 10 * MB, maxRatio: 1e9 });
      expect(error.detail).toBe('entry_size');
    });

    it('stops inflating a bomb that under-declares its size, without allocating the output', async () => {
      const liar = makeZip([{ name: 'zeros.dcm', deflated: deflatedZeros(100 * MB), declaredSize: 1000 }]);
      const before = process.memoryUsage().arrayBuffers;
      const started = Date.now();
      const error = await expectCode({ buffer: liar }, 'zip_bomb');
      expect(error.detail).toBe('declared_size');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * MB);
    });

    it('shares the uncompressed budget across entries', async () => {
      const zip = makeZip([
        { name: 'a.dcm', data: Buffer.alloc(600) },
        { name: 'b.dcm', data: Buffer.alloc(600) },
      ]);
      const error = await expectCode({ buffer: zip }, 'zip_bomb', { maxUncompressedBytes: 1000 });
      expect(error.detail).toBe('total_size');
    });
  });

  describe('overlapping-entry bombs', () => {
    const kernel = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251));

    it('refuses central-directory entries sharing one local header', async () => {
      const error = await expectCode({ buffer: makeOverlapBomb({ entries: 50, kernel }) }, 'zip_bomb');
      expect(error.detail).toBe('overlap');
    });

    it('refuses entries whose data quotes the following headers', async () => {
      const zip = makeOverlapBomb({ entries: 50, kernel, quoted: true });
      const { error, yielded } = await failure({ buffer: zip });
      expect([error.code, error.detail]).toEqual(['zip_bomb', 'overlap']);
      expect(yielded).toEqual([]);
    });

    it('builds a quoted bomb that a plain reader would expand, so the refusal is real', async () => {
      const zip = makeOverlapBomb({ entries: 3, kernel, quoted: true });
      const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
      const sizes: number[] = [];
      for await (const entry of file.eachEntry()) {
        const stream = await file.openReadStreamPromise(entry);
        let size = 0;
        for await (const chunk of stream) size += (chunk as Buffer).length;
        sizes.push(size);
      }
      // Each entry also holds the 40-byte local headers of the entries after it.
      expect(sizes).toEqual([kernel.length + 2 * 40, kernel.length + 40, kernel.length]);
    });
  });

  describe('nested zips', () => {
    const leaf = makeZip([{ name: 'deep.dcm', data: text('deep') }]);
    const middle = makeZip([
      { name: 'b.dcm', data: text('b') },
      { name: 'leaf.zip', data: leaf },
    ]);

    it('expands a zip inside a zip in place', async () => {
      const outer = makeZip([
        { name: 'a.dcm', data: text('a') },
        { name: 'inner.zip', data: leaf },
        { name: 'c.dcm', data: text('c') },
      ]);
      const entries = await collect({ buffer: outer });
      expect(entries.map((e) => [e.name, e.bytes.toString()])).toEqual([
        ['a.dcm', 'a'],
        ['deep.dcm', 'deep'],
        ['c.dcm', 'c'],
      ]);
    });

    it('refuses a zip nested two levels deep', async () => {
      const outer = makeZip([{ name: 'middle.zip', data: middle, method: 'store' }]);
      await expectCode({ buffer: outer }, 'too_deep');
    });

    it('refuses any nesting when maxNesting is 0', async () => {
      await expectCode({ buffer: makeZip([{ name: 'leaf.zip', data: leaf }]) }, 'too_deep', {
        maxNesting: 0,
      });
    });

    it('charges nested entries and bytes to the same budget', async () => {
      const outer = makeZip([
        { name: 'a.dcm', data: Buffer.alloc(400) },
        { name: 'leaf.zip', data: middle },
      ]);
      await expectCode({ buffer: outer }, 'too_many_entries', { maxEntries: 3, maxNesting: 2 });
      const inner = makeZip([{ name: 'x.dcm', data: Buffer.alloc(500) }]);
      const error = await expectCode(
        {
          buffer: makeZip([
            { name: 'a.dcm', data: Buffer.alloc(400) },
            { name: 'in.zip', data: inner },
          ]),
        },
        'zip_bomb',
        { maxUncompressedBytes: 1000 },
      );
      expect(error.detail).toBe('total_size');
    });
  });

  it('refuses archives with too many entries', async () => {
    const zip = makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.dcm`, data: text('x') })));
    await expectCode({ buffer: zip }, 'too_many_entries', { maxEntries: 4 });
    expect(await collect({ buffer: zip }, { maxEntries: 5 })).toHaveLength(5);
  });

  it('refuses archives larger than the compressed cap, from a buffer or a path', async () => {
    const zip = makeZip([{ name: 'a.dcm', data: Buffer.alloc(1000, 1), method: 'store' }]);
    await expectCode({ buffer: zip }, 'zip_too_large', { maxCompressedBytes: 500 });
    const file = path.join(tmp, 'large.zip');
    fs.writeFileSync(file, zip);
    await expectCode({ path: file }, 'zip_too_large', { maxCompressedBytes: 500 });
  });

  it('reports damaged archives as corrupt', async () => {
    const good = makeZip([{ name: 'a.dcm', data: Buffer.alloc(5000, 'abc') }]);
    await expectCode({ buffer: Buffer.from('definitely not a zip file') }, 'corrupt_zip');
    await expectCode({ buffer: Buffer.alloc(0) }, 'corrupt_zip');
    await expectCode({ buffer: good.subarray(0, good.length - 10) }, 'corrupt_zip');
    await expectCode({ buffer: good.subarray(20) }, 'corrupt_zip');

    const flipped = Buffer.from(good);
    flipped[45] = (flipped[45] ?? 0) ^ 0xff;
    await expectCode({ buffer: flipped }, 'corrupt_zip');

    const stored = makeZip([{ name: 'a.dcm', data: text('hello'), method: 'store' }]);
    const tampered = Buffer.from(stored);
    tampered[30 + 'a.dcm'.length] = 'j'.charCodeAt(0);
    const error = await expectCode({ buffer: tampered }, 'corrupt_zip');
    expect(error.detail).toBe('crc');
  });

  it('reports a missing path, or a directory, as not found', async () => {
    await expectCode({ path: path.join(tmp, 'missing.zip') }, 'not_found');
    await expectCode({ path: tmp }, 'not_found');
  });

  it('keeps messages fixed, without entry names', async () => {
    const { error } = await failure({ buffer: makeZip([symlinkEntry('secret-name', '/etc/shadow')]) });
    expect(error.message).not.toContain('secret-name');
    expect(error.message).not.toContain('/etc/shadow');
  });

  it('stops cleanly when the consumer stops early', async () => {
    const file = path.join(tmp, 'early.zip');
    fs.writeFileSync(
      file,
      makeZip([
        { name: 'a.dcm', data: text('a') },
        { name: 'b.dcm', data: text('b') },
      ]),
    );
    for await (const entry of readZip({ path: file })) {
      expect(entry.name).toBe('a.dcm');
      break;
    }
    expect(await collect({ path: file })).toHaveLength(2);
  });
});

describe('spansOverlap', () => {
  // Spans written as 'start-end' pairs to keep the table readable.
  it.each([
    ['', false],
    ['10-20 0-10 20-30', false],
    ['20-30 0-21', true],
    ['0-100 40-50 60-70', true],
    ['5-40 5-40', true],
  ])('%s → %s', (written, expected) => {
    const spans = written
      .split(' ')
      .filter(Boolean)
      .map((pair) => pair.split('-').map(Number) as [number, number]);
    expect(spansOverlap(spans)).toBe(expected);
  });
});

describe('entryDisplayName', () => {
  it('keeps only a clean last segment', () => {
    expect(entryDisplayName('a/b/c.dcm')).toBe('c.dcm');
    expect(entryDisplayName('..\\..\\x.dcm')).toBe('x.dcm');
    expect(entryDisplayName('  ')).toBe('(unnamed)');
    expect(entryDisplayName('x'.repeat(400))).toHaveLength(255);
  });
});
