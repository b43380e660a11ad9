import 'server-only';
import { createHmac } from 'node:crypto';
import { loadOrCreateSecret } from '@/lib/auth/secret.server';
import type { Env } from '@/lib/env';

/**
 * The study's de-identification secret: derived from the server secret, so pseudonyms and
 * remapped UIDs are stable across imports into one study, differ between studies, and cannot
 * be recomputed without the server secret.
 */
export function studySecret(env: Env, studyId: number): string {
  const root = env.authSecret ?? loadOrCreateSecret(env.dataDir);
  return createHmac('sha256', root).update(`deidentify:study:${studyId}`).digest('hex');
}
