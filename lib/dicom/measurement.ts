/**
 * Turns a viewer annotation (cornerstone's plain data shape, read structurally) into a
 * measurement the form can store: one mapping per tool, physical millimetres only. The viewer
 * passes the annotation in; nothing here knows cornerstone, so the rules are testable.
 */

export type MeasurementTool = 'Length' | 'Bidirectional' | 'EllipticalROI' | 'RectangleROI';

/** A measurement as saved with an answer: enough to redraw it when the read reopens. */
export type SavedMeasurement = {
  featurePath: string;
  tool: MeasurementTool;
  annotationUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frame: number;
  /** World (patient) coordinates, mm. */
  points: [number, number, number][];
  /** In `unit`, the unit the feature stores. */
  value: number;
  unit: string;
  /** Bidirectional only: the short axis, perpendicular to the long one (`value`), in `unit`. */
  perpendicular?: number;
};

/** The stats cornerstone caches per target image (only the fields read here). */
type StatsLike = {
  length?: unknown;
  width?: unknown;
  unit?: unknown;
  widthUnit?: unknown;
  area?: unknown;
  areaUnit?: unknown;
};

export type AnnotationLike = {
  annotationUID?: string;
  metadata?: { toolName?: string; referencedImageId?: string };
  data?: {
    cachedStats?: unknown;
    handles?: { points?: ArrayLike<number>[] };
  };
};

export type MeasurementContext = {
  featurePath: string;
  tool: MeasurementTool;
  /** The unit the form field stores, e.g. 'mm', 'cm', 'mm2'. */
  expectedUnit: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  frame: number;
  /** Key of `data.cachedStats` for the image measured on; defaults to the only (or first filled) entry. */
  targetId?: string;
};

export type MeasurementResult = { ok: true; measurement: SavedMeasurement } | { ok: false; message: string };

type Kind = 'length' | 'area';
type Reading = { value: unknown; unit: unknown; perpendicular?: unknown; perpendicularUnit?: unknown };

/** One mapping per tool: which cached stat is the value, and what kind of quantity it is. */
const MAPPINGS: Record<MeasurementTool, { kind: Kind; read: (s: StatsLike) => Reading }> = {
  Length: { kind: 'length', read: (s) => ({ value: s.length, unit: s.unit }) },
  Bidirectional: {
    kind: 'length',
    read: (s) => ({ value: s.length, unit: s.unit, perpendicular: s.width, perpendicularUnit: s.widthUnit }),
  },
  EllipticalROI: { kind: 'area', read: (s) => ({ value: s.area, unit: s.areaUnit }) },
  RectangleROI: { kind: 'area', read: (s) => ({ value: s.area, unit: s.areaUnit }) },
};

/** Units cornerstone reports when the image has a physical pixel spacing (PixelSpacing). */
const PHYSICAL_MM: Record<Kind, string[]> = { length: ['mm'], area: ['mm²', 'mm2'] };

/** Factor from the measured mm (or mm²) to each unit a form field may store. */
const FROM_MM: Record<Kind, Record<string, number>> = {
  length: { mm: 1, cm: 0.1 },
  area: { mm2: 1, 'mm²': 1, cm2: 0.01, 'cm²': 0.01 },
};

export const TOOL_LABELS: Record<MeasurementTool, string> = {
  Length: 'length',
  Bidirectional: 'bidirectional measurement',
  EllipticalROI: 'ellipse',
  RectangleROI: 'rectangle',
};

export function measurementKind(tool: MeasurementTool): Kind {
  return MAPPINGS[tool].kind;
}

/** Whether a cornerstone unit string is a physical millimetre unit for this kind of quantity. */
export function isPhysicalMm(unit: unknown, kind: Kind): boolean {
  return typeof unit === 'string' && PHYSICAL_MM[kind].includes(unit);
}

function pickStats(cachedStats: unknown, targetId: string | undefined): StatsLike | null {
  if (!cachedStats || typeof cachedStats !== 'object') return null;
  const entries = cachedStats as Record<string, unknown>;
  if (targetId !== undefined) {
    const s = entries[targetId];
    return s && typeof s === 'object' ? (s as StatsLike) : null;
  }
  const all = Object.values(entries).filter((s): s is StatsLike => !!s && typeof s === 'object');
  return all.find((s) => s.length != null || s.area != null) ?? all[0] ?? null;
}

function toPoints(points: ArrayLike<number>[] | undefined): [number, number, number][] | null {
  if (!Array.isArray(points) || points.length < 2) return null;
  const out: [number, number, number][] = [];
  for (const p of points) {
    if (!p || p.length !== 3) return null;
    const [x, y, z] = [Number(p[0]), Number(p[1]), Number(p[2])];
    if (![x, y, z].every(Number.isFinite)) return null;
    out.push([x, y, z]);
  }
  return out;
}

function notCalibrated(unit: unknown): string {
  const shown = typeof unit === 'string' && unit ? unit : 'unknown';
  return `This image is not calibrated in physical mm (unit: ${shown}); measure on a calibrated series`;
}

function validSize(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * The form's measurement for an annotation, or why it cannot be one. Values are converted to the
 * field's unit but never rounded (the form rounds to its decimals).
 */
export function toMeasurement(annotation: AnnotationLike, ctx: MeasurementContext): MeasurementResult {
  const mapping = MAPPINGS[ctx.tool];
  if (!mapping) return { ok: false, message: `Unknown measurement tool: ${String(ctx.tool)}` };
  const toolName = annotation.metadata?.toolName;
  if (toolName !== undefined && toolName !== ctx.tool) {
    return { ok: false, message: `Expected a ${TOOL_LABELS[ctx.tool]}, got a ${toolName} annotation` };
  }
  const annotationUid = annotation.annotationUID;
  if (!annotationUid) return { ok: false, message: 'The annotation has no identifier' };

  const factor = FROM_MM[mapping.kind][ctx.expectedUnit];
  if (factor === undefined) {
    const gives = mapping.kind === 'length' ? 'a length in mm' : 'an area in mm²';
    return {
      ok: false,
      message: `This field stores ${ctx.expectedUnit}; a ${TOOL_LABELS[ctx.tool]} gives ${gives}`,
    };
  }

  const stats = pickStats(annotation.data?.cachedStats, ctx.targetId);
  if (!stats) return { ok: false, message: 'The measurement has no values yet; draw it again' };
  const reading = mapping.read(stats);
  if (!isPhysicalMm(reading.unit, mapping.kind)) return { ok: false, message: notCalibrated(reading.unit) };
  if (!validSize(reading.value)) {
    return { ok: false, message: `The measured value is not a valid size (${String(reading.value)})` };
  }

  let perpendicular: number | undefined;
  if (reading.perpendicular !== undefined) {
    const unit = reading.perpendicularUnit ?? reading.unit;
    if (!isPhysicalMm(unit, mapping.kind)) return { ok: false, message: notCalibrated(unit) };
    if (!validSize(reading.perpendicular)) {
      return {
        ok: false,
        message: `The measured short axis is not a valid size (${String(reading.perpendicular)})`,
      };
    }
    perpendicular = reading.perpendicular * factor;
  }

  const points = toPoints(annotation.data?.handles?.points);
  if (!points) return { ok: false, message: 'The annotation has no valid points' };

  return {
    ok: true,
    measurement: {
      featurePath: ctx.featurePath,
      tool: ctx.tool,
      annotationUid,
      seriesInstanceUid: ctx.seriesInstanceUid,
      sopInstanceUid: ctx.sopInstanceUid,
      frame: ctx.frame,
      points,
      value: reading.value * factor,
      unit: ctx.expectedUnit,
      ...(perpendicular !== undefined ? { perpendicular } : {}),
    },
  };
}
