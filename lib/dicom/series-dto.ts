/** One instance as the viewer needs it (no patient identity, no file paths). */
export type InstanceDto = {
  id: number;
  sopInstanceUid: string;
  frames: number;
  slicePosition: number | null;
  instanceNumber: number | null;
};

/** One series of a case, ordered for display; `source` decides how image ids are built. */
export type SeriesDto = {
  id: number;
  caseId: number;
  source: 'local' | 'dicomweb';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | null;
  modality: string | null;
  description: string | null;
  seriesNumber: number | null;
  viewPosition: string | null;
  /** Sorted by slice position (or instance number). Quarantined instances are never listed. */
  instances: InstanceDto[];
};
