import { describe, expect, it } from 'vitest';
import { type AnnotationLike, isPhysicalMm, type MeasurementContext, toMeasurement } from './measurement';

const IMAGE = 'wadouri:http://localhost/api/v1/instances/7/dicom';
const TARGET = `imageId:${IMAGE}`;

/** The shape cornerstone 5.x gives a finished annotation on a stack viewport. */
function annotation(toolName: string, stats: Record<string, unknown>, points?: number[][]): AnnotationLike {
  return {
    annotationUID: 'a-1',
    metadata: { toolName, referencedImageId: IMAGE },
    data: {
      cachedStats: { [TARGET]: stats },
      handles: {
        points: points ?? [
          [-10.5, 4, 30],
          [12.25, 4, 30],
        ],
      },
    },
  };
}

const ctx = (over: Partial<MeasurementContext> = {}): MeasurementContext => ({
  featurePath: 'F29',
  tool: 'Length',
  expectedUnit: 'mm',
  sopInstanceUid: '1.2.3.4',
  seriesInstanceUid: '1.2.3',
  frame: 1,
  targetId: TARGET,
  ...over,
});

describe('toMeasurement', () => {
  it('maps a calibrated length to the form, unrounded, with its geometry', () => {
    const r = toMeasurement(annotation('Length', { length: 22.750000001, unit: 'mm' }), ctx());
    expect(r).toEqual({
      ok: true,
      measurement: {
        featurePath: 'F29',
        tool: 'Length',
        annotationUid: 'a-1',
        seriesInstanceUid: '1.2.3',
        sopInstanceUid: '1.2.3.4',
        frame: 1,
        points: [
          [-10.5, 4, 30],
          [12.25, 4, 30],
        ],
        value: 22.750000001,
        unit: 'mm',
      },
    });
  });

  it('reads the long axis as the value and the width as the perpendicular of a bidirectional', () => {
    const pts = [
      [0, 0, 0],
      [30, 0, 0],
      [15, -6, 0],
      [15, 6, 0],
    ];
    const r = toMeasurement(
      annotation('Bidirectional', { length: 30, width: 12, unit: 'mm', widthUnit: 'mm' }, pts),
      ctx({ tool: 'Bidirectional' }),
    );
    expect(r.ok && r.measurement).toMatchObject({ value: 30, perpendicular: 12, unit: 'mm' });
    expect(r.ok && r.measurement.points).toHaveLength(4);
  });

  it.each([
    ['EllipticalROI', 'mm²'],
    ['RectangleROI', 'mm²'],
    ['EllipticalROI', 'mm2'],
  ] as const)('maps the area of a %s in %s', (tool, unit) => {
    const r = toMeasurement(
      annotation(tool, { area: 153.938, areaUnit: unit, mean: 812, Modality: 'MR' }),
      ctx({ tool, expectedUnit: 'mm2' }),
    );
    expect(r.ok && r.measurement).toMatchObject({ value: 153.938, unit: 'mm2' });
  });

  it('converts mm to the centimetres a field stores, without rounding', () => {
    const r = toMeasurement(annotation('Length', { length: 45, unit: 'mm' }), ctx({ expectedUnit: 'cm' }));
    expect(r.ok && r.measurement.value).toBeCloseTo(4.5, 12);
    expect(r.ok && r.measurement.unit).toBe('cm');
    const a = toMeasurement(
      annotation('RectangleROI', { area: 250, areaUnit: 'mm²' }),
      ctx({ tool: 'RectangleROI', expectedUnit: 'cm2' }),
    );
    expect(a.ok && a.measurement.value).toBeCloseTo(2.5, 12);
  });

  it.each(['px', 'mm Proj', 'mm Est', 'US Region', 'cm US Region', 'unknown', 'mm ERMF'])(
    'refuses a length in %s',
    (unit) => {
      const r = toMeasurement(annotation('Length', { length: 10, unit }), ctx());
      expect(r).toEqual({
        ok: false,
        message: `This image is not calibrated in physical mm (unit: ${unit}); measure on a calibrated series`,
      });
    },
  );

  it('refuses an area in px² and a missing unit', () => {
    const px = toMeasurement(
      annotation('EllipticalROI', { area: 10, areaUnit: 'px²' }),
      ctx({ tool: 'EllipticalROI', expectedUnit: 'mm2' }),
    );
    expect(px.ok).toBe(false);
    expect(!px.ok && px.message).toContain('(unit: px²)');
    const none = toMeasurement(annotation('Length', { length: 10, unit: null }), ctx());
    expect(!none.ok && none.message).toContain('(unit: unknown)');
  });

  it('refuses a bidirectional whose width is not in mm', () => {
    const r = toMeasurement(
      annotation('Bidirectional', { length: 30, width: 12, unit: 'mm', widthUnit: 'px' }),
      ctx({ tool: 'Bidirectional' }),
    );
    expect(!r.ok && r.message).toContain('(unit: px)');
  });

  it.each([NaN, Infinity, -1, null, undefined, [3, 4]])('refuses the value %s', (length) => {
    const r = toMeasurement(annotation('Length', { length, unit: 'mm' }), ctx());
    expect(r.ok).toBe(false);
  });

  it('accepts zero', () => {
    const r = toMeasurement(annotation('Length', { length: 0, unit: 'mm' }), ctx());
    expect(r.ok && r.measurement.value).toBe(0);
  });

  it('refuses a field unit the tool cannot give', () => {
    const r = toMeasurement(annotation('Length', { length: 10, unit: 'mm' }), ctx({ expectedUnit: 'mm2' }));
    expect(r).toEqual({ ok: false, message: 'This field stores mm2; a length gives a length in mm' });
    const pct = toMeasurement(
      annotation('EllipticalROI', { area: 10, areaUnit: 'mm²' }),
      ctx({ tool: 'EllipticalROI', expectedUnit: '%' }),
    );
    expect(pct.ok).toBe(false);
  });

  it('refuses an annotation of another tool, without stats, or without valid points', () => {
    expect(toMeasurement(annotation('Bidirectional', { length: 1, unit: 'mm' }), ctx()).ok).toBe(false);
    expect(
      toMeasurement(annotation('Length', { length: 1, unit: 'mm' }), ctx({ targetId: 'other' })).ok,
    ).toBe(false);
    const bad = annotation('Length', { length: 1, unit: 'mm' }, [
      [0, 0, NaN],
      [1, 1, 1],
    ]);
    expect(toMeasurement(bad, ctx())).toEqual({ ok: false, message: 'The annotation has no valid points' });
  });

  it('finds the filled stats entry when no target id is given', () => {
    const a: AnnotationLike = {
      ...annotation('Length', {}),
      data: {
        cachedStats: { 'imageId:x': { length: null, unit: null }, [TARGET]: { length: 5, unit: 'mm' } },
        handles: {
          points: [
            [0, 0, 0],
            [5, 0, 0],
          ],
        },
      },
    };
    const r = toMeasurement(a, ctx({ targetId: undefined }));
    expect(r.ok && r.measurement.value).toBe(5);
  });
});

describe('isPhysicalMm', () => {
  it('knows lengths from areas', () => {
    expect(isPhysicalMm('mm', 'length')).toBe(true);
    expect(isPhysicalMm('mm²', 'length')).toBe(false);
    expect(isPhysicalMm('mm²', 'area')).toBe(true);
    expect(isPhysicalMm('mm', 'area')).toBe(false);
  });
});
