import 'client-only';
import { createAuthClient } from 'better-auth/react';

/** Talks to /api/auth on the page's own origin. */
export const authClient = createAuthClient();
