import { seededRandom } from './seeded-random';

/** A 32-bit FNV-1a hash: turns the study seed, reader and session into one PRNG seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A reader's reading order for a session: a Fisher–Yates shuffle of the case ids driven by the
 * study's seed, the reader and the session. Two readers get different orders, the same reader
 * always the same one, and a re-read session is shuffled afresh. Returns case id → position (1…n).
 */
export function readerOrder(
  caseIds: readonly number[],
  input: { seed: number; readerId: string; session: number },
): Map<number, number> {
  const ids = [...caseIds].sort((a, b) => a - b);
  const random = seededRandom(hash32(`${input.seed}:${input.readerId}:${input.session}`));
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return new Map(ids.map((id, i) => [id, i + 1]));
}
