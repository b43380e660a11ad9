import type { ViewerSeries } from './types';

/**
 * Pure helpers that turn the viewer's series into cornerstone image ids and order DICOMweb
 * instances; no cornerstone imports, so they run anywhere.
 */

/** What the viewer knows of each image id: enough to save a measurement against it. */
export type ImageRef = {
  imageId: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based frame number. */
  frame: number;
};

/** One DICOM JSON instance (PS3.18 F.2): tags as 8 hex digits. */
export type DicomJsonInstance = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

export const TAGS = {
  SOPInstanceUID: '00080018',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  NumberOfFrames: '00280008',
} as const;

/** Local instances are served by the app as Part 10 files; multi-frame ones get `?frame=k`. */
export function localImageRefs(origin: string, series: ViewerSeries): ImageRef[] {
  return series.instances.flatMap((instance) => {
    const url = `wadouri:${origin}/api/v1/instances/${instance.id}/dicom`;
    const frames = Math.max(1, instance.frames || 1);
    return Array.from({ length: frames }, (_, k) => ({
      imageId: frames > 1 ? `${url}?frame=${k + 1}` : url,
      seriesInstanceUid: series.seriesInstanceUid,
      sopInstanceUid: instance.sopInstanceUid,
      frame: k + 1,
    }));
  });
}

/** The same-origin DICOMweb proxy path of a series (the PACS never sees the browser). */
export function dicomwebSeriesPath(series: ViewerSeries): string {
  const study = encodeURIComponent(series.studyInstanceUid);
  const uid = encodeURIComponent(series.seriesInstanceUid);
  return `/api/v1/dicomweb/cases/${series.caseId}/studies/${study}/series/${uid}`;
}

export function dicomwebMetadataUrl(series: ViewerSeries): string {
  return `${dicomwebSeriesPath(series)}/metadata`;
}

export function wadorsImageId(origin: string, series: ViewerSeries, sopInstanceUid: string, frame = 1) {
  return `wadors:${origin}${dicomwebSeriesPath(series)}/instances/${encodeURIComponent(sopInstanceUid)}/frames/${frame}`;
}

function values(instance: DicomJsonInstance, tag: string): unknown[] {
  const v = instance[tag]?.Value;
  return Array.isArray(v) ? v : [];
}

function firstString(instance: DicomJsonInstance, tag: string): string | null {
  const v = values(instance, tag)[0];
  return typeof v === 'string' && v ? v : null;
}

function numbers(instance: DicomJsonInstance, tag: string): number[] {
  return values(instance, tag)
    .map((v) => (typeof v === 'number' ? v : Number(v)))
    .filter(Number.isFinite);
}

/** Position of an instance along its slice normal, or null without usable geometry. */
export function slicePosition(instance: DicomJsonInstance): number | null {
  const ipp = numbers(instance, TAGS.ImagePositionPatient);
  const iop = numbers(instance, TAGS.ImageOrientationPatient);
  if (ipp.length !== 3 || iop.length !== 6) return null;
  const [r0, r1, r2, c0, c1, c2] = iop as [number, number, number, number, number, number];
  const normal = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0] as const;
  return ipp[0]! * normal[0] + ipp[1]! * normal[1] + ipp[2]! * normal[2];
}

/**
 * Display order for a DICOMweb series: along the slice normal when every instance has geometry,
 * else by InstanceNumber; SOP Instance UID breaks ties so the order is stable.
 */
export function sortInstances(instances: DicomJsonInstance[]): DicomJsonInstance[] {
  const keyed = instances.map((instance) => ({
    instance,
    position: slicePosition(instance),
    number: numbers(instance, TAGS.InstanceNumber)[0] ?? null,
    uid: firstString(instance, TAGS.SOPInstanceUID) ?? '',
  }));
  const byPosition = keyed.every((k) => k.position !== null);
  keyed.sort((a, b) => {
    const d = byPosition ? a.position! - b.position! : (a.number ?? Infinity) - (b.number ?? Infinity);
    return d || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
  });
  return keyed.map((k) => k.instance);
}

/** Image refs of a DICOMweb series, with each id's instance metadata for the wadors loader. */
export function dicomwebImageRefs(
  origin: string,
  series: ViewerSeries,
  instances: DicomJsonInstance[],
): { ref: ImageRef; metadata: DicomJsonInstance }[] {
  return sortInstances(instances).flatMap((metadata) => {
    const sop = firstString(metadata, TAGS.SOPInstanceUID);
    if (!sop) return [];
    const frames = Math.max(1, numbers(metadata, TAGS.NumberOfFrames)[0] ?? 1);
    return Array.from({ length: frames }, (_, k) => ({
      ref: {
        imageId: wadorsImageId(origin, series, sop, k + 1),
        seriesInstanceUid: series.seriesInstanceUid,
        sopInstanceUid: sop,
        frame: k + 1,
      },
      metadata,
    }));
  });
}
