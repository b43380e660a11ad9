import 'server-only';
import type { InstanceHeader } from '../header';
import { dicomwebFetch, DicomwebUpstreamError } from './client.server';
import type { DicomwebConfig } from './config';
import { headerFromDicomJson } from './dicom-json';
import { isDicomUid } from './paths';

async function json(response: Response, what: string): Promise<unknown[]> {
  if (response.status === 204 || response.status === 404) return [];
  if (!response.ok) throw new DicomwebUpstreamError('bad_response', `${what} failed (${response.status})`);
  const body: unknown = await response.json().catch(() => null);
  if (!Array.isArray(body)) throw new DicomwebUpstreamError('bad_response', `${what} returned no list`);
  return body;
}

/** Every instance of a study on the DICOMweb server, as headers for indexing (QIDO-RS series, then WADO-RS metadata). */
export async function describeStudy(config: DicomwebConfig, study: string): Promise<InstanceHeader[]> {
  const series = await json(
    await dicomwebFetch(config, { kind: 'series', study }, 'application/dicom+json'),
    'The series search',
  );
  const out: InstanceHeader[] = [];
  for (const s of series) {
    const uid = (s as Record<string, { Value?: unknown[] }>)['0020000E']?.Value?.[0];
    if (!isDicomUid(uid)) continue;
    const metadata = await json(
      await dicomwebFetch(config, { kind: 'seriesMetadata', study, series: uid }, 'application/dicom+json'),
      'The series metadata',
    );
    for (const m of metadata) {
      const h = headerFromDicomJson(m as Parameters<typeof headerFromDicomJson>[0]);
      if (h && h.studyInstanceUid === study && h.seriesInstanceUid === uid) out.push(h);
    }
  }
  return out;
}
