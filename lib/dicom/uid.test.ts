import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidUid, uidFrom } from './uid';

describe('uidFrom', () => {
  it('is the decimal of the first 128 bits of sha256 under 2.25', () => {
    const hex = createHash('sha256').update('case-1\u00007\u0000study').digest('hex').slice(0, 32);
    expect(uidFrom('case-1', '7', 'study')).toBe(`2.25.${BigInt(`0x${hex}`)}`);
  });

  it('is deterministic and separates parts', () => {
    expect(uidFrom('a', 'b')).toBe(uidFrom('a', 'b'));
    expect(uidFrom('ab', 'c')).not.toBe(uidFrom('a', 'bc'));
    expect(uidFrom('a')).not.toBe(uidFrom('a', ''));
  });

  it('always gives a valid UID of at most 64 characters', () => {
    for (let i = 0; i < 2000; i++) {
      const uid = uidFrom('case', String(i), 'series', 'T1', String(i * 7));
      expect(isValidUid(uid), uid).toBe(true);
      expect(uid.length).toBeLessThanOrEqual(44);
    }
  });

  it('rejects no parts', () => {
    expect(() => uidFrom()).toThrow();
  });
});

describe('isValidUid', () => {
  it('rejects leading zeros, empty components and overlong UIDs', () => {
    expect(isValidUid('1.2.840.10008.1.2.1')).toBe(true);
    expect(isValidUid('1.2.0.3')).toBe(true);
    expect(isValidUid('1.02.3')).toBe(false);
    expect(isValidUid('1..3')).toBe(false);
    expect(isValidUid('1.2.')).toBe(false);
    expect(isValidUid(`1.${'1'.repeat(63)}`)).toBe(false);
  });
});
