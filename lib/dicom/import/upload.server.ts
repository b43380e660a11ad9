import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS } from './limits';

export class UploadTooLarge extends Error {}

/**
 * Streams an upload's body to a private temporary file under the data folder, refusing it as
 * soon as it passes the archive size cap (so a huge upload never fills the disk or memory).
 * The caller removes the file.
 */
export async function spoolUpload(
  body: ReadableStream<Uint8Array>,
  dataDir: string,
  maxBytes = DEFAULT_ARCHIVE_LIMITS.maxCompressedBytes,
): Promise<{ file: string; bytes: number }> {
  const dir = path.join(dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${randomBytes(12).toString('hex')}.upload`);
  const fd = fs.openSync(file, 'wx', 0o600);
  let bytes = 0;
  try {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > maxBytes) {
        await reader.cancel();
        throw new UploadTooLarge('The upload is larger than the import limit');
      }
      fs.writeSync(fd, value);
    }
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  return { file, bytes };
}
