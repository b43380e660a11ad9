import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * B2's floor, "fetch ∥ decode": the instances' decoding, timed here, and their fetch, timed in the
 * page, overlap at best, so the floor is the slower of the two. Decoding runs on `workers` worker
 * threads with the viewer's own codec builds (V8's WebAssembly, as in Chromium); nothing is
 * cached, drawn or scheduled by priority.
 */
export class DecodePool {
  private readonly idle: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Map<number, (samples: number) => void>();
  private next = 0;

  private constructor(private readonly workers: Worker[]) {}

  static async start(count: number): Promise<DecodePool> {
    const file = path.resolve('e2e/bench/imaging/decode-worker.mjs');
    const workers = await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<Worker>((resolve, reject) => {
            const w = new Worker(file);
            w.once('error', reject);
            w.once('message', () => resolve(w));
          }),
      ),
    );
    const pool = new DecodePool(workers);
    for (const w of workers) {
      w.on('message', ({ id, samples }: { id: number; samples: number }) => {
        pool.pending.get(id)?.(samples);
        pool.pending.delete(id);
        pool.idle.push(w);
        pool.waiting.shift()?.();
      });
      pool.idle.push(w);
    }
    return pool;
  }

  /** Decodes one Part 10 file on the first free worker; resolves to its number of samples. */
  async decode(bytes: ArrayBuffer): Promise<number> {
    while (!this.idle.length) await new Promise<void>((r) => this.waiting.push(r));
    const worker = this.idle.pop()!;
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, bytes }, [bytes]);
    });
  }

  async stop() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The files at `urls`, fetched with the reader's session, 6 at a time (untimed). */
export async function fetchFiles(urls: string[], cookie: string): Promise<ArrayBuffer[]> {
  const files: ArrayBuffer[] = new Array<ArrayBuffer>(urls.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(6, urls.length) }, async () => {
      for (let i = next++; i < urls.length; i = next++) {
        const res = await fetch(urls[i]!, { headers: { cookie } });
        if (!res.ok) throw new Error(`${urls[i]} answered ${res.status}`);
        files[i] = await res.arrayBuffer();
      }
    }),
  );
  return files;
}

/** Every file decoded by the pool at once (the buffers are handed over): wall time in ms. */
export async function decodeAll(
  files: ArrayBuffer[],
  pool: DecodePool,
): Promise<{ ms: number; samples: number }> {
  const t0 = performance.now();
  const counts = await Promise.all(files.map((f) => pool.decode(f)));
  return { ms: performance.now() - t0, samples: counts.reduce((a, b) => a + b, 0) };
}
