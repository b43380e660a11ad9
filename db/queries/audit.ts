import type { Actor } from '@/lib/auth/permissions';
import { audit } from '../schema';
import type { Tx } from '../tx';

/** Who made a change and under which request; passed into every mutating query. */
export type ChangeContext = { actor: Actor; requestId: string | null; now?: Date };

export type AuditEntry = {
  action: string;
  entity: string;
  entityId: string | number;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
};

/** Appends one audit row inside the caller's transaction, so the change and its record commit together. */
export function appendAudit(tx: Tx, ctx: ChangeContext, entry: AuditEntry): void {
  tx.insert(audit)
    .values({
      at: ctx.now ?? new Date(),
      actorId: ctx.actor.id,
      actorLabel: ctx.actor.id ? ctx.actor.email : 'cli',
      action: entry.action,
      entity: entry.entity,
      entityId: String(entry.entityId),
      oldValue: entry.oldValue ?? null,
      newValue: entry.newValue ?? null,
      reason: entry.reason ?? null,
      requestId: ctx.requestId,
    })
    .run();
}
