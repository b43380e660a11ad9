/**
 * The only DICOMweb paths the proxy forwards, and how they map onto the upstream server.
 * Everything is rebuilt from validated UIDs and numbers, never copied from the request, so
 * no traversal, encoding trick or absolute URL can reach the upstream URL.
 */

/** PS3.5 §9.1: digit components separated by dots, no leading zeros except a lone "0", at most 64 chars. */
const UID = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*$/;

export const MAX_FRAME = 100_000;
const FRAME = /^[1-9][0-9]{0,5}$/;

export function isDicomUid(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= 64 && UID.test(s);
}

function isFrameNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_FRAME;
}

export type DicomwebRequest =
  | { kind: 'series'; study: string }
  | { kind: 'seriesMetadata'; study: string; series: string }
  | { kind: 'frame'; study: string; series: string; instance: string; frame: number }
  | { kind: 'instance'; study: string; series: string; instance: string };

/**
 * Parses the catch-all segments of the proxy route (after its own prefix). Accepts exactly:
 * `studies/{uid}/series`, `studies/{uid}/series/{uid}/metadata`,
 * `studies/{uid}/series/{uid}/instances/{uid}` and `…/instances/{uid}/frames/{n}`.
 */
export function parseProxyPath(segments: readonly string[]): DicomwebRequest | null {
  const [s0, study, s2, series, s4, instance, s6, frame] = segments;
  if (s0 !== 'studies' || !isDicomUid(study) || s2 !== 'series') return null;
  if (segments.length === 3) return { kind: 'series', study };
  if (!isDicomUid(series)) return null;
  if (segments.length === 5) return s4 === 'metadata' ? { kind: 'seriesMetadata', study, series } : null;
  if (s4 !== 'instances' || !isDicomUid(instance)) return null;
  if (segments.length === 6) return { kind: 'instance', study, series, instance };
  if (segments.length !== 8 || s6 !== 'frames' || frame === undefined || !FRAME.test(frame)) return null;
  const n = Number(frame);
  return isFrameNumber(n) ? { kind: 'frame', study, series, instance, frame: n } : null;
}

function uid(value: unknown): string {
  // Callers may build a request by hand (or cast one); checking again keeps this the single gate.
  if (!isDicomUid(value)) throw new Error('Invalid DICOM UID in DICOMweb request');
  return value;
}

/** The path relative to the configured base URL (no leading slash, so it stays under the base path). */
export function upstreamPath(req: DicomwebRequest): string {
  switch (req.kind) {
    case 'series':
      return `studies/${uid(req.study)}/series`;
    case 'seriesMetadata':
      return `studies/${uid(req.study)}/series/${uid(req.series)}/metadata`;
    case 'instance':
      return `studies/${uid(req.study)}/series/${uid(req.series)}/instances/${uid(req.instance)}`;
    case 'frame': {
      if (!isFrameNumber(req.frame)) throw new Error('Invalid frame number in DICOMweb request');
      return `studies/${uid(req.study)}/series/${uid(req.series)}/instances/${uid(req.instance)}/frames/${req.frame}`;
    }
    default: {
      const never: never = req;
      throw new Error(`Unknown DICOMweb request ${String((never as { kind?: unknown }).kind)}`);
    }
  }
}
