import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder, type FolderItem, type FolderLimits } from './folder.server';
import { ImportSourceError, type ImportSourceErrorCode } from './limits';
import { makeZip } from './test-zip';

const unix = process.platform !== 'win32';

let base: string;
let root: string;
let outside: string;
let server: net.Server | undefined;

async function collect(dir: string, options?: Partial<FolderLimits>): Promise<FolderItem[]> {
  const out: FolderItem[] = [];
  for await (const item of readFolder(dir, options)) out.push(item);
  return out;
}

async function expectCode(dir: string, code: ImportSourceErrorCode, options?: Partial<FolderLimits>) {
  const error = await collect(dir, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportSourceError);
  expect((error as ImportSourceError).code).toBe(code);
}

const summary = (items: FolderItem[]) =>
  items.map((item) =>
    'bytes' in item ? [item.name, item.bytes.toString()] : [item.name, `skipped:${item.skipped}`],
  );

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-folder-'));
  root = path.join(base, 'study');
  outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.dcm'), 'outside-secret');
  fs.writeFileSync(path.join(root, 'b.dcm'), 'b');
  fs.writeFileSync(path.join(root, 'a.dcm'), 'a');
  fs.writeFileSync(path.join(root, '.DS_Store'), 'finder');
  fs.writeFileSync(path.join(root, 'sub', 'c.dcm'), 'c');
  fs.writeFileSync(path.join(root, 'sub', 'deeper', 'd.dcm'), 'd');
  fs.writeFileSync(path.join(root, 'sub', 'z.dcm'), 'z');
  fs.writeFileSync(
    path.join(root, 'nested.zip'),
    makeZip([{ name: 'inner.dcm', data: Buffer.from('inner') }]),
  );
  if (unix) {
    fs.symlinkSync('/etc/passwd', path.join(root, 'link-file'));
    fs.symlinkSync(outside, path.join(root, 'link-dir'));
    fs.symlinkSync(path.join(outside, 'secret.dcm'), path.join(root, 'sub', 'link-secret.dcm'));
    // A socket file stands in for any special file (FIFO, device) that must not be opened.
    const listening = net.createServer();
    await new Promise<void>((resolve) => listening.listen(path.join(root, 'socket'), resolve));
    server = listening;
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  fs.rmSync(base, { recursive: true, force: true });
});

describe('readFolder', () => {
  it.runIf(unix)('walks in sorted order, reporting links and special files as skipped, unread', async () => {
    const items = await collect(root);
    expect(summary(items)).toEqual([
      ['.DS_Store', 'finder'],
      ['a.dcm', 'a'],
      ['b.dcm', 'b'],
      ['link-dir', 'skipped:symlink'],
      ['link-file', 'skipped:symlink'],
      ['nested.zip', expect.stringContaining('PK')],
      ['socket', 'skipped:not_regular'],
      ['sub/c.dcm', 'c'],
      ['sub/deeper/d.dcm', 'd'],
      ['sub/link-secret.dcm', 'skipped:symlink'],
      ['sub/z.dcm', 'z'],
    ]);
    const passwd = fs.readFileSync('/etc/passwd');
    for (const item of items) {
      if (!('bytes' in item)) continue;
      expect(item.bytes.equals(passwd)).toBe(false);
      expect(item.bytes.toString()).not.toContain('outside-secret');
    }
    for (const item of items.filter((i) => 'skipped' in i)) expect(item).not.toHaveProperty('bytes');
  });

  it('yields a zip as a plain file without expanding it', async () => {
    const items = await collect(root);
    const zip = items.find((i) => i.name === 'nested.zip');
    expect(zip && 'bytes' in zip && zip.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(items.some((i) => i.name.endsWith('inner.dcm'))).toBe(false);
  });

  it('is deterministic across runs', async () => {
    expect(summary(await collect(root))).toEqual(summary(await collect(root)));
  });

  it.runIf(unix)('shows names with control characters removed', async () => {
    const dir = fs.mkdtempSync(path.join(base, 'names-'));
    fs.writeFileSync(path.join(dir, 'bad\u001b[2Jname.dcm'), 'x');
    expect(summary(await collect(dir))).toEqual([['bad[2Jname.dcm', 'x']]);
  });

  it.runIf(unix)('follows a symlinked root, the one link the caller chose', async () => {
    const link = path.join(base, 'root-link');
    fs.symlinkSync(root, link);
    expect(summary(await collect(link))).toEqual(summary(await collect(root)));
  });

  it('enforces the file and byte caps', async () => {
    await expectCode(root, 'too_many_entries', { maxFiles: 3 });
    await expectCode(root, 'zip_too_large', { maxBytes: 5 });
    const dir = fs.mkdtempSync(path.join(base, 'caps-'));
    fs.writeFileSync(path.join(dir, 'one.dcm'), '12345');
    expect(await collect(dir, { maxFiles: 1, maxBytes: 5 })).toHaveLength(1);
  });

  it('reports a missing root, or a file given as root, as not found', async () => {
    await expectCode(path.join(base, 'missing'), 'not_found');
    await expectCode(path.join(root, 'a.dcm'), 'not_found');
  });
});
