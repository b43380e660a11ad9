import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for tests: it writes exactly what it is told, including the hostile shapes
 * (traversal names, symlinks, lying sizes, overlapping entries) that real zip tools refuse to produce.
 */

/** Pre-deflated data, for entries too large to build by compressing a buffer. */
export type Deflated = { bytes: Buffer; size: number; crc: number };

export type ZipEntrySpec = {
  /** Written verbatim, so '../../evil.dcm' or '/etc/passwd' are possible. */
  name: string;
  data?: Buffer;
  /** Default 'deflate'. Ignored when `deflated` is given. */
  method?: 'store' | 'deflate';
  deflated?: Deflated;
  /** Unix mode stored in the external attributes; defaults to a regular file, or a directory for names ending in '/'. */
  mode?: number;
  /** Sets the traditional-encryption flag; the data itself is not encrypted. */
  encrypted?: boolean;
  /** Overrides the uncompressed size in both headers, to make an entry lie about what it holds. */
  declaredSize?: number;
};

const UTF8_NAMES = 0x0800;
const ENCRYPTED = 0x0001;
const MADE_BY_UNIX = (3 << 8) | 20;
const DOS_DATE_1980_01_01 = 0x21;
const ZEROS_CHUNK = 4 * 1024 * 1024;

type Record = {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  mode: number;
  offset: number;
};

/** A symlink entry as Info-ZIP writes one: the target path is the stored content. */
export function symlinkEntry(name: string, target: string): ZipEntrySpec {
  return { name, data: Buffer.from(target), method: 'store', mode: 0o120777 };
}

/**
 * `size` zero bytes, deflated without ever allocating them: one full-flushed chunk is compressed once and
 * repeated (full flush makes each copy independent, so copies concatenate), then a final empty block ends it.
 */
export function deflatedZeros(size: number): Deflated {
  const zeros = Buffer.alloc(Math.min(size, ZEROS_CHUNK));
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const parts: Buffer[] = [];
  let crc = 0;
  const whole = Math.floor(size / ZEROS_CHUNK);
  if (whole > 0) {
    const chunk = deflateRawSync(zeros, flush);
    for (let i = 0; i < whole; i += 1) {
      parts.push(chunk);
      crc = crc32(zeros, crc);
    }
  }
  const rest = size % ZEROS_CHUNK;
  if (rest > 0) {
    parts.push(deflateRawSync(zeros.subarray(0, rest), flush));
    crc = crc32(zeros.subarray(0, rest), crc);
  }
  parts.push(deflateRawSync(Buffer.alloc(0)));
  return { bytes: Buffer.concat(parts), size, crc };
}

/** Builds a zip holding the given entries, in order. */
export function makeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const body: Buffer[] = [];
  const records: Record[] = [];
  let offset = 0;
  for (const spec of entries) {
    const { record, payload } = encodeEntry(spec, offset);
    const header = localHeader(record);
    body.push(header, payload);
    records.push(record);
    offset += header.length + payload.length;
  }
  return Buffer.concat([...body, ...centralDirectory(records, offset)]);
}

/**
 * An overlapping-entries bomb (Fifield, "A better zip bomb", 2019). Without `quoted`, every central-directory
 * entry points at the same local header and kernel. With `quoted`, each entry's deflate stream opens with a
 * stored block quoting the next local header, so every entry has its own header yet all share the kernel.
 * `kernel` is the uncompressed content of the shared tail.
 */
export function makeOverlapBomb(options: { entries: number; kernel: Buffer; quoted?: boolean }): Buffer {
  const names = Array.from({ length: options.entries }, (_, i) =>
    Buffer.from(`f${String(i).padStart(5, '0')}.dcm`),
  );
  const kernel = deflateRawSync(options.kernel, { level: 9 });
  const base = { flags: UTF8_NAMES, method: 8, mode: 0o100644 };
  const records: Record[] = [];
  if (!options.quoted) {
    const shared = {
      ...base,
      crc: crc32(options.kernel),
      compressedSize: kernel.length,
      size: options.kernel.length,
    };
    for (const name of names) records.push({ ...shared, name, offset: 0 });
    const first = records[0];
    if (!first) throw new Error('an overlap bomb needs at least one entry');
    const header = localHeader(first);
    return Buffer.concat([header, kernel, ...centralDirectory(records, header.length + kernel.length)]);
  }

  // Built from the last entry backwards: each entry's content is the next entry's header plus its content.
  let compressed: Buffer = kernel;
  let content: Buffer = options.kernel;
  let header: Buffer = Buffer.alloc(0);
  for (let i = names.length - 1; i >= 0; i -= 1) {
    if (i < names.length - 1) {
      compressed = Buffer.concat([storedBlockHeader(header.length), header, compressed]);
      content = Buffer.concat([header, content]);
    }
    const record = {
      ...base,
      name: names[i] as Buffer,
      crc: crc32(content),
      compressedSize: compressed.length,
      size: content.length,
      offset: 0,
    };
    header = localHeader(record);
    records.unshift(record);
  }
  let offset = 0;
  for (const record of records) {
    record.offset = offset;
    offset += 30 + record.name.length + 5;
  }
  const file = Buffer.concat([header, compressed]);
  return Buffer.concat([file, ...centralDirectory(records, file.length)]);
}

function encodeEntry(spec: ZipEntrySpec, offset: number): { record: Record; payload: Buffer } {
  const name = Buffer.from(spec.name, 'utf8');
  const isDirectory = spec.name.endsWith('/');
  const mode = spec.mode ?? (isDirectory ? 0o040755 : 0o100644);
  const flags = UTF8_NAMES | (spec.encrypted ? ENCRYPTED : 0);
  let method: number;
  let payload: Buffer;
  let crc: number;
  let size: number;
  if (spec.deflated) {
    ({ bytes: payload, crc, size } = spec.deflated);
    method = 8;
  } else {
    const data = spec.data ?? Buffer.alloc(0);
    method = spec.method === 'store' ? 0 : 8;
    payload = method === 0 ? data : deflateRawSync(data);
    crc = crc32(data);
    size = data.length;
  }
  // Traditional encryption prefixes a 12-byte header, which stored-size checks account for.
  if (spec.encrypted) payload = Buffer.concat([Buffer.alloc(12), payload]);
  const record = {
    name,
    flags,
    method,
    crc,
    compressedSize: payload.length,
    size: spec.declaredSize ?? size,
    mode,
    offset,
  };
  return { record, payload };
}

function localHeader(r: Record): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(r.flags, 6);
  b.writeUInt16LE(r.method, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  b.writeUInt32LE(r.crc >>> 0, 14);
  b.writeUInt32LE(r.compressedSize, 18);
  b.writeUInt32LE(r.size, 22);
  b.writeUInt16LE(r.name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, r.name]);
}

function centralDirectory(records: readonly Record[], start: number): Buffer[] {
  const headers = records.map((r) => {
    const b = Buffer.alloc(46);
    b.writeUInt32LE(0x02014b50, 0);
    b.writeUInt16LE(MADE_BY_UNIX, 4);
    b.writeUInt16LE(20, 6);
    b.writeUInt16LE(r.flags, 8);
    b.writeUInt16LE(r.method, 10);
    b.writeUInt16LE(0, 12);
    b.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    b.writeUInt32LE(r.crc >>> 0, 16);
    b.writeUInt32LE(r.compressedSize, 20);
    b.writeUInt32LE(r.size, 24);
    b.writeUInt16LE(r.name.length, 28);
    // Extra and comment lengths, disk number and internal attributes stay zero.
    b.writeUInt32LE(((r.mode << 16) | ((r.mode & 0o170000) === 0o040000 ? 0x10 : 0)) >>> 0, 38);
    b.writeUInt32LE(r.offset, 42);
    return Buffer.concat([b, r.name]);
  });
  const size = headers.reduce((sum, h) => sum + h.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(start, 16);
  return [...headers, end];
}

/** A non-final stored deflate block of `length` bytes, whose content follows verbatim. */
function storedBlockHeader(length: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt8(0, 0);
  b.writeUInt16LE(length, 1);
  b.writeUInt16LE(~length & 0xffff, 3);
  return b;
}
