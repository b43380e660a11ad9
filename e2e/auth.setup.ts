import { expect, test as setup } from '@playwright/test';
import { DEMO_PASSWORD } from '@/db/seed';
import { GLOBAL_ROLES } from '@/lib/auth/roles';
import { ROLE_LOGINS, storageStateFor } from './support/roles';

// Log in once per role through the API (not the UI) and keep the session for the specs.
for (const role of GLOBAL_ROLES) {
  setup(`session for ${role}`, async ({ request, baseURL }) => {
    const res = await request.post('/api/auth/sign-in/email', {
      data: { email: ROLE_LOGINS[role], password: DEMO_PASSWORD },
      headers: { Origin: baseURL! },
    });
    expect(res.status()).toBe(200);
    await request.storageState({ path: storageStateFor(role) });
  });
}
