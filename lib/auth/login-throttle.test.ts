import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('allows `limit` attempts per window, then refuses with the time to wait', () => {
    const t = new LoginThrottle(3, 60_000);
    expect(t.attempt('a', 0).allowed).toBe(true);
    expect(t.attempt('a', 1_000).allowed).toBe(true);
    expect(t.attempt('a', 2_000).allowed).toBe(true);
    expect(t.attempt('a', 3_000)).toEqual({ allowed: false, retryAfterMs: 57_000 });
    expect(t.attempt('b', 3_000).allowed).toBe(true);
  });

  it('frees a slot as the oldest attempt leaves the window', () => {
    const t = new LoginThrottle(2, 10_000);
    t.attempt('a', 0);
    t.attempt('a', 5_000);
    expect(t.attempt('a', 9_999).allowed).toBe(false);
    expect(t.attempt('a', 10_000).allowed).toBe(true);
  });

  it('forgets a key on reset', () => {
    const t = new LoginThrottle(1, 10_000);
    t.attempt('a', 0);
    expect(t.attempt('a', 1).allowed).toBe(false);
    t.reset('a');
    expect(t.attempt('a', 2).allowed).toBe(true);
  });
});
