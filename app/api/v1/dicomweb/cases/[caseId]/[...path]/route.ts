import { getDb } from '@/db/client';
import { dicomwebTargetAllowed } from '@/db/queries/dicomweb';
import { canViewCaseImages } from '@/db/queries/imaging';
import { apiRoute, jsonError } from '@/lib/auth/api.server';
import { dicomwebConfig } from '@/lib/dicom/dicomweb/config.server';
import { proxyDicomweb } from '@/lib/dicom/dicomweb/proxy.server';
import { parseProxyPath } from '@/lib/dicom/dicomweb/paths';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Same-origin DICOMweb for the viewer: the path must be one of the few WADO-RS/QIDO-RS shapes,
 * name a study (series, instance) this case references, and the caller must be allowed to see
 * the case. The server URL and credentials come from the environment and never reach the browser.
 */
export const GET = apiRoute(
  'images.access',
  async (actor, request, { params }: { params: Promise<{ caseId: string; path: string[] }> }) => {
    const { caseId: raw, path } = await params;
    const caseId = Number(raw);
    const req = parseProxyPath(path);
    const db = getDb();
    if (!req || !Number.isSafeInteger(caseId) || !canViewCaseImages(db, actor, caseId))
      return jsonError('not_found', 'No such image');
    const target = {
      study: req.study,
      series: 'series' in req ? req.series : undefined,
      instance: 'instance' in req ? req.instance : undefined,
    };
    if (!dicomwebTargetAllowed(db, caseId, target)) return jsonError('not_found', 'No such image');
    const config = dicomwebConfig();
    if (!config) return jsonError('not_found', 'No DICOMweb server is configured');
    return proxyDicomweb(config, req, request, `/api/v1/dicomweb/cases/${caseId}`);
  },
);
