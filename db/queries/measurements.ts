import { and, eq, inArray } from 'drizzle-orm';
import type { MeasurementInput } from '@/lib/dicom/saved-measurement';
import { measurements } from '../schema';
import type { Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

/**
 * Writes the geometry behind measured answers inside the answers' transaction: set or replace
 * per field, clear on null, and clear for fields whose answer was just removed. Audited.
 */
export function saveMeasurements(
  tx: Tx,
  ctx: ChangeContext,
  readId: number,
  changes: Map<string, MeasurementInput | null>,
  clearedAnswers: string[],
  now: Date,
): void {
  const clear = [
    ...new Set([...clearedAnswers, ...[...changes].filter(([, m]) => m === null).map(([p]) => p)]),
  ];
  if (clear.length) {
    const removed = tx
      .delete(measurements)
      .where(and(eq(measurements.readId, readId), inArray(measurements.featurePath, clear)))
      .returning({ path: measurements.featurePath, value: measurements.value })
      .all();
    for (const r of removed)
      appendAudit(tx, ctx, {
        action: 'measurement.clear',
        entity: 'read',
        entityId: readId,
        oldValue: { path: r.path, value: r.value },
      });
  }
  for (const [path, m] of changes) {
    if (!m) continue;
    const values = { ...m, updatedAt: now };
    const old = tx
      .select({ value: measurements.value, points: measurements.points })
      .from(measurements)
      .where(and(eq(measurements.readId, readId), eq(measurements.featurePath, path)))
      .get();
    if (old && old.value === m.value && JSON.stringify(old.points) === JSON.stringify(m.points)) continue;
    tx.insert(measurements)
      .values({ readId, featurePath: path, ...values })
      .onConflictDoUpdate({ target: [measurements.readId, measurements.featurePath], set: values })
      .run();
    appendAudit(tx, ctx, {
      action: 'measurement.save',
      entity: 'read',
      entityId: readId,
      oldValue: old ? { path, value: old.value } : null,
      newValue: { path, value: m.value, unit: m.unit, tool: m.tool, sopInstanceUid: m.sopInstanceUid },
    });
  }
}

/** The saved measurements of one read (the caller has checked the read is the actor's). */
export function readMeasurements(tx: Pick<Tx, 'select'>, readId: number) {
  return tx.select().from(measurements).where(eq(measurements.readId, readId)).all();
}
