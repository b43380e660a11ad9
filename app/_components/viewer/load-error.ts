/**
 * A short, human reason for an image that failed to load. The loaders reject with Errors, XHR
 * wrappers ({ request, status }) or nested { error } objects; none of them carry patient data.
 */
export function describeLoadError(err: unknown, depth = 0): string {
  if (depth > 3 || err == null) return 'unknown error';
  if (typeof err === 'string') return err || 'unknown error';
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const request = o.request as { status?: unknown; statusText?: unknown } | undefined;
    const status = typeof o.status === 'number' ? o.status : request?.status;
    if (typeof status === 'number' && status > 0) {
      const text = typeof request?.statusText === 'string' ? request.statusText : '';
      return `the server answered HTTP ${status}${text ? ` ${text}` : ''}`;
    }
    if (typeof o.message === 'string' && o.message) return o.message;
    if ('error' in o) return describeLoadError(o.error, depth + 1);
  }
  return 'unknown error';
}

export const loadErrorMessage = (err: unknown) => `This image could not be loaded: ${describeLoadError(err)}`;
