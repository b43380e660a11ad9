import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readerOrder } from './reader-order';

const cases = Array.from({ length: 40 }, (_, i) => 100 + i);
const order = (readerId: string, session = 1, seed = 7) =>
  [...readerOrder(cases, { seed, readerId, session })].sort((a, b) => a[1] - b[1]).map(([id]) => id);

describe('readerOrder', () => {
  it('is a permutation of the cases, stable for one reader and session', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { maxLength: 60 }),
        fc.integer(),
        fc.string(),
        (ids, seed, reader) => {
          const a = readerOrder(ids, { seed, readerId: reader, session: 1 });
          expect([...a.keys()].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
          expect([...a.values()].sort((x, y) => x - y)).toEqual(ids.map((_, i) => i + 1));
          expect(readerOrder([...ids].reverse(), { seed, readerId: reader, session: 1 })).toEqual(a);
        },
      ),
    );
  });

  it('differs between readers, between sessions and between study seeds', () => {
    expect(order('reader-a')).toEqual(order('reader-a'));
    expect(order('reader-a')).not.toEqual(order('reader-b'));
    expect(order('reader-a', 2)).not.toEqual(order('reader-a', 1));
    expect(order('reader-a', 1, 8)).not.toEqual(order('reader-a', 1, 7));
  });
});
