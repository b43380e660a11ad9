import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import type { TLexicon } from '@/lib/lexicon/schema';
import type { Db } from '../client';
import { lexiconVersions, studies } from '../schema';
import { immediate } from '../tx';
import { appendAudit, type ChangeContext } from './audit';

export type AdoptInput = { lexicon: TLexicon; sha256: string };

/**
 * Pins a lexicon's exact content: returns the stored version with this content hash, or
 * stores it. A changed file under an already adopted version number is refused, so a
 * study's form can never change under it; the edit must become a new version.
 */
export function adoptLexiconVersion(
  db: Db,
  ctx: ChangeContext,
  { lexicon, sha256 }: AdoptInput,
): { id: number; created: boolean } {
  return immediate(db, (tx) => {
    const same = tx
      .select({ id: lexiconVersions.id })
      .from(lexiconVersions)
      .where(and(eq(lexiconVersions.key, lexicon.id), eq(lexiconVersions.sha256, sha256)))
      .get();
    if (same) return { id: same.id, created: false };
    const clash = tx
      .select({ id: lexiconVersions.id })
      .from(lexiconVersions)
      .where(and(eq(lexiconVersions.key, lexicon.id), eq(lexiconVersions.version, lexicon.version)))
      .get();
    if (clash) {
      throw new AppError(
        'conflict',
        `${lexicon.id} ${lexicon.version} is already adopted with other content; give the edited file a new version`,
      );
    }
    const row = tx
      .insert(lexiconVersions)
      .values({
        key: lexicon.id,
        version: lexicon.version,
        sha256,
        title: lexicon.title,
        definition: lexicon,
      })
      .returning({ id: lexiconVersions.id })
      .get();
    appendAudit(tx, ctx, {
      action: 'lexicon.adopt',
      entity: 'lexicon_version',
      entityId: row.id,
      newValue: { key: lexicon.id, version: lexicon.version, sha256 },
    });
    return { id: row.id, created: true };
  });
}

export type AdoptedVersion = {
  id: number;
  version: string;
  sha256: string;
  adoptedAt: string;
  studies: { id: number; name: string }[];
};

/** The adopted versions of a lexicon, newest first, with the studies that pin each. */
export function listAdoptedVersions(db: Db, key: string): AdoptedVersion[] {
  const rows = db
    .select({
      id: lexiconVersions.id,
      version: lexiconVersions.version,
      sha256: lexiconVersions.sha256,
      createdAt: lexiconVersions.createdAt,
      studyId: studies.id,
      studyName: studies.name,
    })
    .from(lexiconVersions)
    .leftJoin(studies, eq(studies.lexiconVersionId, lexiconVersions.id))
    .where(eq(lexiconVersions.key, key))
    .orderBy(asc(lexiconVersions.id), asc(studies.name))
    .all();
  const byId = new Map<number, AdoptedVersion>();
  for (const r of rows) {
    const v = byId.get(r.id) ?? {
      id: r.id,
      version: r.version,
      sha256: r.sha256,
      adoptedAt: r.createdAt.toISOString(),
      studies: [],
    };
    if (r.studyId !== null && r.studyName !== null) v.studies.push({ id: r.studyId, name: r.studyName });
    byId.set(r.id, v);
  }
  return [...byId.values()].reverse();
}
