import { z } from 'zod';

/**
 * Where the upstream DICOMweb server is and how to authenticate to it. It comes from the
 * server's configuration only: the browser never supplies a URL and never sees a credential.
 */

export const DEFAULT_DICOMWEB_TIMEOUT_MS = 15_000;

/** Visible ASCII only: a credential with spaces or control characters could split a header. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function checkBaseUrl(raw: string, ctx: z.core.$RefinementCtx<string>): void {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
  // Checked on the raw text because the URL parser silently drops an empty `?` or `#`
  // and turns backslashes into slashes.
  if (/[?#\\\s]/.test(raw)) return fail('must not contain a query, fragment, backslash or whitespace');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('must use http or https');
  // Credentials go in the auth settings, where they are never echoed or logged with the URL.
  if (url.username !== '' || url.password !== '' || raw.includes('@')) {
    return fail('must not contain credentials; use the username/password or token settings');
  }
  if (url.hostname === '') return fail('must name a host');
}

/** `https://pacs.example/dicom-web` and `…/dicom-web//` both become `https://pacs.example/dicom-web/`. */
function normaliseBaseUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/`;
}

const ZBaseUrl = z.string().trim().min(1).superRefine(checkBaseUrl).transform(normaliseBaseUrl);

const ZAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('basic'),
    // RFC 7617: the user-id of Basic authentication cannot contain a colon.
    username: z
      .string()
      .min(1)
      .regex(HEADER_SAFE)
      .refine((u) => !u.includes(':'), 'must not contain ":"'),
    password: z.string().min(1).regex(HEADER_SAFE),
  }),
  z.object({ kind: z.literal('bearer'), token: z.string().min(1).regex(HEADER_SAFE) }),
]);

export const ZDicomwebConfig = z.object({
  baseUrl: ZBaseUrl,
  auth: ZAuth,
  timeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_DICOMWEB_TIMEOUT_MS),
});

export type DicomwebConfig = z.output<typeof ZDicomwebConfig>;
export type DicomwebAuth = DicomwebConfig['auth'];

export type DicomwebEnv = {
  url?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  token?: string | undefined;
  timeoutMs?: string | number | undefined;
};

/** Unset and empty are the same for environment variables. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Builds the configuration from environment-style values; null when no URL is configured
 * (DICOMweb is optional). Throws on an invalid configuration with a message that names the
 * setting but never repeats its value, since values may be secrets.
 */
export function parseDicomwebConfig(env: DicomwebEnv): DicomwebConfig | null {
  const url = present(env.url);
  if (url === undefined) return null;
  const username = present(env.username);
  const password = present(env.password);
  const token = present(env.token);

  if (token !== undefined && (username !== undefined || password !== undefined)) {
    throw new Error(
      'Invalid DICOMweb configuration: set either a username and password or a token, not both',
    );
  }
  if ((username === undefined) !== (password === undefined)) {
    throw new Error('Invalid DICOMweb configuration: a username needs a password and a password a username');
  }
  const auth =
    token !== undefined
      ? { kind: 'bearer' as const, token }
      : username !== undefined && password !== undefined
        ? { kind: 'basic' as const, username, password }
        : { kind: 'none' as const };

  const rawTimeout = typeof env.timeoutMs === 'string' ? present(env.timeoutMs) : env.timeoutMs;
  const timeoutMs = rawTimeout === undefined ? undefined : Number(rawTimeout);

  const parsed = ZDicomwebConfig.safeParse({ baseUrl: url, auth, timeoutMs });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid DICOMweb configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
