import type { InstanceHeader } from '@/lib/dicom/header';
import { slicePosition } from '@/lib/dicom/import/plan';
import type { imagingInstances, imagingSeries } from '../schema';

/** The series row a header describes (local files and DICOMweb references alike). */
export function seriesRow(
  caseId: number,
  source: 'local' | 'dicomweb',
  h: InstanceHeader,
): typeof imagingSeries.$inferInsert {
  return {
    caseId,
    source,
    studyInstanceUid: h.studyInstanceUid,
    seriesInstanceUid: h.seriesInstanceUid,
    modality: h.modality,
    description: h.seriesDescription,
    seriesNumber: h.seriesNumber,
    viewPosition: h.viewPosition,
    laterality: h.imageLaterality,
    frameOfReferenceUid: h.frameOfReferenceUid,
  };
}

/** The instance row a header describes; `stored` is the blob of a local file. */
export function instanceRow(
  seriesId: number,
  h: InstanceHeader,
  stored: { sha256: string; size: number } | null,
  quarantine: string | null,
): typeof imagingInstances.$inferInsert {
  return {
    seriesId,
    sopInstanceUid: h.sopInstanceUid,
    sopClassUid: h.sopClassUid,
    instanceNumber: h.instanceNumber,
    sha256: stored?.sha256 ?? null,
    size: stored?.size ?? null,
    transferSyntaxUid: h.transferSyntaxUid,
    rows: h.rows,
    columns: h.columns,
    frames: h.numberOfFrames,
    slicePosition: slicePosition(h),
    pixelSpacing: h.pixelSpacing ?? h.imagerPixelSpacing,
    quarantine,
  };
}
