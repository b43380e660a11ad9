import { z } from 'zod';
import { featureMap, type FormModel } from '@/lib/lexicon/form-model';
import type { AnswerValue } from '@/lib/lexicon/conditions';

const UID = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/)
  .max(64);
const finite = z.number().finite();

/** A measurement as the reading page sends it with an answer (see app/_components/viewer/types.ts). */
export const ZMeasurementInput = z.object({
  tool: z.enum(['Length', 'Bidirectional', 'EllipticalROI', 'RectangleROI']),
  annotationUid: z.string().min(1).max(100),
  seriesInstanceUid: UID,
  sopInstanceUid: UID,
  frame: z.number().int().min(1).max(100_000),
  points: z
    .array(z.tuple([finite, finite, finite]))
    .min(1)
    .max(16),
  value: finite.min(0),
  unit: z.string().min(1).max(16),
});
export type MeasurementInput = z.infer<typeof ZMeasurementInput>;

/** `mm²` and `mm2` name the same unit. */
export const normaliseUnit = (u: string) => u.replace('²', '2').trim();

/** The feature id of a field path: `F29` → F29, `findings[0].size` → size. */
export const featureIdOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/**
 * Checks the measurements sent with a save against the form model and the accepted answers:
 * only numeric features declared `measurement:` take one, in the feature's own physical unit,
 * and only while the field holds a value. `null` clears a field's measurement.
 */
export function checkMeasurements(
  model: FormModel,
  answers: Map<string, AnswerValue>,
  input: Record<string, unknown>,
): { accepted: Map<string, MeasurementInput | null>; errors: Record<string, string[]> } {
  const features = featureMap(model);
  const accepted = new Map<string, MeasurementInput | null>();
  const errors: Record<string, string[]> = {};
  for (const [path, raw] of Object.entries(input)) {
    const feature = features.get(featureIdOf(path));
    if (!feature || feature.type !== 'numeric' || !feature.measurement) {
      errors[path] = ['This feature does not take a measurement'];
      continue;
    }
    if (raw === null) {
      accepted.set(path, null);
      continue;
    }
    const parsed = ZMeasurementInput.safeParse(raw);
    if (!parsed.success) {
      errors[path] = ['The measurement is malformed'];
      continue;
    }
    if (normaliseUnit(parsed.data.unit) !== normaliseUnit(feature.unit ?? '')) {
      errors[path] = [
        `The measurement is in ${parsed.data.unit}, the feature in ${feature.unit ?? 'no unit'}`,
      ];
      continue;
    }
    if (answers.get(path) === undefined || answers.get(path) === null) {
      errors[path] = ['A measurement needs the field to hold a value'];
      continue;
    }
    accepted.set(path, parsed.data);
  }
  return { accepted, errors };
}
