import type { MeasurementTool, SavedMeasurement } from '@/app/_components/viewer/types';
import type { measurements } from '@/db/schema';

/** A stored measurement row as the viewer and form take it. */
export function toSavedMeasurement(m: typeof measurements.$inferSelect): SavedMeasurement {
  return {
    featurePath: m.featurePath,
    tool: m.tool as MeasurementTool,
    annotationUid: m.annotationUid,
    seriesInstanceUid: m.seriesInstanceUid,
    sopInstanceUid: m.sopInstanceUid,
    frame: m.frame,
    points: m.points,
    value: m.value,
    unit: m.unit,
  };
}
