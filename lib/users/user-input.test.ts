import { describe, expect, it } from 'vitest';
import { ZNewUser, ZSetDisabled } from './user-input';

describe('ZNewUser', () => {
  it('normalises the email and accepts a valid user', () => {
    const parsed = ZNewUser.parse({
      email: '  Reader@Example.ORG ',
      name: 'Dr R',
      role: 'reader',
      password: 'long-enough-pw',
    });
    expect(parsed.email).toBe('reader@example.org');
  });

  it('rejects an unknown role, a short password and a bad email, all at once', () => {
    const result = ZNewUser.safeParse({ email: 'nope', name: '', role: 'superuser', password: 'short' });
    expect(result.success).toBe(false);
    const fields = new Set(result.error?.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(['email', 'name', 'role', 'password']));
  });
});

describe('ZSetDisabled', () => {
  it('reads checkbox and JSON booleans', () => {
    expect(ZSetDisabled.parse({ userId: 'u', disabled: 'on' }).disabled).toBe(true);
    expect(ZSetDisabled.parse({ userId: 'u', disabled: false }).disabled).toBe(false);
  });
});
