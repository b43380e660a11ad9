import type { SeriesDto as ViewerSeries } from '@/lib/dicom/series-dto';
import type { HangingProtocol } from '@/lib/dicom/hanging-protocol';
import type { MeasurementTool, SavedMeasurement } from '@/lib/dicom/measurement';

export type { InstanceDto as ViewerInstance, SeriesDto as ViewerSeries } from '@/lib/dicom/series-dto';

/**
 * The tool and measurement shapes live with their pure mapping (lib/dicom/measurement.ts), which
 * lib/ code may import; they are re-exported here as the viewer's contract.
 */
export type { MeasurementTool, SavedMeasurement } from '@/lib/dicom/measurement';

/** What the form asked the viewer to measure next. */
export type MeasureRequest = {
  featurePath: string;
  label: string;
  tool: MeasurementTool;
  /** The unit the feature stores (e.g. 'mm', 'mm2'); other units are refused. */
  unit: string;
};

/** A semi-automatic size proposal from a rough ROI (see lib/imaging). */
export type SizeProposal = {
  longestMm: number;
  perpendicularMm: number;
  volumeMm3: number;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  method: string;
  /** The region reached the edge of its search bound: the lesion outgrew it or the threshold leaked. */
  clipped: boolean;
};

export type ViewerProps = {
  series: ViewerSeries[];
  protocol: HangingProtocol;
  /** 'cpu' forces cornerstone's CPU rendering path; 'auto' uses WebGL when the browser has it. */
  renderer: 'auto' | 'cpu';
  /** Measurements already saved with this read: drawn when the viewer opens. */
  measurements: SavedMeasurement[];
  /** The pending request from a Measure button, or null. */
  measureRequest: MeasureRequest | null;
  onMeasured: (m: SavedMeasurement) => void;
  /** The reader deleted the annotation behind a measured field. */
  onMeasurementRemoved: (featurePath: string) => void;
  onMeasureCancelled: () => void;
  /** The reader refused a measurement (e.g. not in physical mm): shown beside the field. */
  onMeasureRefused: (featurePath: string, message: string) => void;
  /** Semi-automatic sizing result, for the workspace to offer to the form. */
  onSizeProposal?: (p: SizeProposal) => void;
  /** Image ids of the next read's first series, loaded in the background once this case rendered. */
  prefetch?: ViewerSeries | null;
};
