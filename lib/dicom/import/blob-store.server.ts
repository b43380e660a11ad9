import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed storage of DICOM files under `<dataDir>/dicom/ab/abcdef…`.
 * The name is the sha256 of the bytes, so a file is stored once however often it is
 * imported, and no path is ever built from anything a user supplied.
 */
export class BlobStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'dicom');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('Not a sha256 digest');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /**
   * Writes the bytes durably before the database references them: a temporary file is
   * written and fsynced, renamed into place, and its folder fsynced. Returns the digest, and
   * whether this call created the file (so an aborted import can take back what it added).
   */
  put(bytes: Uint8Array): { sha256: string; created: boolean } {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return { sha256, created: false };
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
    return { sha256, created: true };
  }

  /** Removes a blob no row references (only used to undo an aborted import's own writes). */
  remove(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }
}
