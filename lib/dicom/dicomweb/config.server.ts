import 'server-only';
import { getEnv } from '@/lib/env';
import { parseDicomwebConfig, type DicomwebConfig } from './config';

/** The configured DICOMweb server (ANNOLEX_DICOMWEB_*), or null when none is set. */
export function dicomwebConfig(): DicomwebConfig | null {
  return parseDicomwebConfig(getEnv().dicomweb);
}
