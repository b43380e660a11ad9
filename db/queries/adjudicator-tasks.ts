import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { can, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { buildAnswerSchema } from '@/lib/lexicon/answer-schema';
import { featureMap, type FormModel } from '@/lib/lexicon/form-model';
import type { TFeature, TFeatureType } from '@/lib/lexicon/schema';
import type { Db } from '../client';
import { adjudicationTasks, answers, cases, consensus, reads, studies } from '../schema';
import { immediate, type Tx } from '../tx';
import { appendAudit, type ChangeContext } from './audit';
import { studyModel } from './study-model';

/** A consensus value as stored: an option code, several codes, a number, yes/no, or text. */
export type ConsensusValue = string | number | boolean | string[];

export type MyAdjudicationTask = {
  taskId: number;
  studyName: string;
  caseLabel: string;
  /** How many feature paths the readers disagreed on. */
  features: number;
  status: 'open' | 'done';
  decidedAt: Date | null;
};

/** What the adjudicator's form needs of a lexicon feature to show answers and take a decision. */
export type ConsensusFeature = {
  id: string;
  label: string;
  type: TFeatureType;
  /** Terminology codes of the feature, e.g. "RadLex RID39185". */
  codes: string[];
  options: { code: string; label: string; exclusive: boolean }[];
  unit: string | null;
  min: number | null;
  max: number | null;
  decimals: number | null;
  step: number | null;
  minSelected: number | null;
  maxSelected: number | null;
  trueLabel: string;
  falseLabel: string;
  maxLength: number | null;
};

export type TriggeredPath = {
  path: string;
  featureId: string;
  /** "Enhancement quality", or "Finding 2: Mass shape" inside a repeat group. */
  label: string;
  reason: string;
  /** The readers' session-1 answers, in the order of `readers`; null where a reader gave none. */
  answers: (ConsensusValue | null)[];
  consensus: { value: ConsensusValue; comment: string | null } | null;
};

export type ContextPath = {
  path: string;
  featureId: string;
  label: string;
  answers: (ConsensusValue | null)[];
};

/**
 * One task as its adjudicator opens it. Readers appear only as "Reader 1", "Reader 2", …:
 * no id, name or email of a reader is in here, so none reaches the browser.
 */
export type AdjudicationTaskView = {
  task: { id: number; version: number; status: 'open' | 'done'; decidedAt: Date | null };
  study: { name: string };
  kase: { id: number; label: string };
  /** The case's clinical metadata when the study shows it, else null. Never patient identity. */
  caseMetadata: Record<string, unknown> | null;
  /** The lexicon's key, for the viewer's hanging protocol. */
  lexiconKey: string;
  readers: string[];
  /** First-session reads of the case not submitted (reopened since the task was made): not shown. */
  readsPending: number;
  features: Record<string, ConsensusFeature>;
  triggered: TriggeredPath[];
  /** Every other answered feature, for context. */
  context: ContextPath[];
};

export type SaveConsensusInput = {
  taskId: number;
  version: number;
  values: { path: string; value: unknown; comment?: string | null | undefined }[];
  /** Close the task: every triggered path must then hold a consensus value. */
  complete: boolean;
};

export const MAX_CONSENSUS_COMMENT = 2000;

const ZTriggers = z.array(z.object({ featureId: z.string(), path: z.string(), reason: z.string() }));

/** The triggers stored with a task, one per path (the first reason wins). */
export function taskTriggers(raw: unknown): { featureId: string; path: string; reason: string }[] {
  const parsed = ZTriggers.safeParse(raw);
  if (!parsed.success) return [];
  const seen = new Set<string>();
  return parsed.data.filter((t) => (seen.has(t.path) ? false : (seen.add(t.path), true)));
}

/**
 * The tasks routed to this adjudicator in studies they adjudicate: open ones first (oldest
 * first), then done ones (latest decision first). Withdrawn tasks are never listed;
 * administrators see only tasks assigned to them in a study they adjudicate.
 */
export function listMyAdjudicationTasks(db: Db, actor: Actor): MyAdjudicationTask[] {
  if (!actor.id) return [];
  const rows = db
    .select({
      taskId: adjudicationTasks.id,
      studyId: adjudicationTasks.studyId,
      status: adjudicationTasks.status,
      triggers: adjudicationTasks.triggers,
      decidedAt: adjudicationTasks.decidedAt,
      studyName: studies.name,
      caseLabel: cases.label,
    })
    .from(adjudicationTasks)
    .innerJoin(studies, eq(studies.id, adjudicationTasks.studyId))
    .innerJoin(cases, eq(cases.id, adjudicationTasks.caseId))
    .where(
      and(eq(adjudicationTasks.adjudicatorId, actor.id), inArray(adjudicationTasks.status, ['open', 'done'])),
    )
    .orderBy(asc(adjudicationTasks.id))
    .all();
  const mine: MyAdjudicationTask[] = [];
  for (const r of rows) {
    if (r.status === 'withdrawn' || !can(actor, 'adjudication.decide', { studyId: r.studyId })) continue;
    mine.push({
      taskId: r.taskId,
      studyName: r.studyName,
      caseLabel: r.caseLabel,
      features: taskTriggers(r.triggers).length,
      status: r.status,
      decidedAt: r.decidedAt,
    });
  }
  const open = mine.filter((t) => t.status === 'open');
  const done = mine
    .filter((t) => t.status === 'done')
    .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0) || b.taskId - a.taskId);
  return [...open, ...done];
}

/** The task row, when it is this actor's to decide (assigned, adjudicator of the study, not withdrawn). */
function assignedTask(q: Db | Tx, actor: Actor, taskId: number) {
  if (!actor.id) return null;
  const task = q.select().from(adjudicationTasks).where(eq(adjudicationTasks.id, taskId)).get();
  if (
    !task ||
    task.adjudicatorId !== actor.id ||
    task.status === 'withdrawn' ||
    !can(actor, 'adjudication.decide', { studyId: task.studyId })
  )
    return null;
  return { ...task, status: task.status as 'open' | 'done' };
}

/**
 * One task for its adjudicator, or null (→ 404) unless it is assigned to them, they
 * adjudicate its study and it is not withdrawn. Readers' session-1 submitted answers are
 * shown side by side under per-task pseudonyms.
 */
export function adjudicationTaskForAdjudicator(
  db: Db,
  actor: Actor,
  taskId: number,
): AdjudicationTaskView | null {
  const task = assignedTask(db, actor, taskId);
  if (!task) return null;
  const model = studyModel(db, task.studyId);
  if (!model) return null;
  const head = db
    .select({
      studyName: studies.name,
      showCaseMetadata: studies.showCaseMetadata,
      caseLabel: cases.label,
      caseMetadata: cases.metadata,
    })
    .from(cases)
    .innerJoin(studies, eq(studies.id, cases.studyId))
    .where(eq(cases.id, task.caseId))
    .get();
  if (!head) return null;

  const features = featureMap(model);
  const triggers = taskTriggers(task.triggers);
  const triggeredPaths = new Set(triggers.map((t) => t.path));

  const firstSession = db
    .select({ id: reads.id, readerId: reads.readerId, status: reads.status })
    .from(reads)
    .where(and(eq(reads.caseId, task.caseId), eq(reads.session, 1)))
    .all();
  const submitted = firstSession.filter((r) => r.status === 'submitted');
  const order = pseudonymOrder(
    task.id,
    submitted.map((r) => r.readerId),
  );
  const slotOfRead = new Map(submitted.map((r) => [r.id, order.indexOf(r.readerId)]));
  const byPath = new Map<string, (ConsensusValue | null)[]>();
  if (submitted.length) {
    const rows = db
      .select({ readId: answers.readId, path: answers.featurePath, value: answers.value })
      .from(answers)
      .where(
        inArray(
          answers.readId,
          submitted.map((r) => r.id),
        ),
      )
      .all();
    for (const a of rows) {
      const value = asConsensusValue(a.value);
      if (value === null) continue;
      const slots = byPath.get(a.path) ?? order.map(() => null);
      slots[slotOfRead.get(a.readId) ?? 0] = value;
      byPath.set(a.path, slots);
    }
  }
  const empty = () => order.map(() => null);

  const decided = new Map(
    db
      .select({ path: consensus.featurePath, value: consensus.value, comment: consensus.comment })
      .from(consensus)
      .where(eq(consensus.caseId, task.caseId))
      .all()
      .map((c) => [c.path, c]),
  );

  const shown: Record<string, ConsensusFeature> = {};
  const describe = (featureId: string) => {
    const f = features.get(featureId);
    if (f && !shown[featureId]) shown[featureId] = consensusFeature(f);
    return f;
  };

  const triggered: TriggeredPath[] = triggers.map((t) => {
    describe(t.featureId);
    const c = decided.get(t.path);
    const value = c ? asConsensusValue(c.value) : null;
    return {
      path: t.path,
      featureId: t.featureId,
      label: pathLabel(model, features, t.path),
      reason: t.reason,
      answers: byPath.get(t.path) ?? empty(),
      consensus: value === null ? null : { value, comment: c?.comment ?? null },
    };
  });

  const context: ContextPath[] = [...byPath.entries()]
    .filter(([path]) => !triggeredPaths.has(path))
    .map(([path, values]) => ({ path, featureId: featureIdOfPath(path), answers: values }))
    .filter((c) => describe(c.featureId))
    .sort((a, b) => comparePaths(model, a.path, b.path))
    .map((c) => ({ ...c, label: pathLabel(model, features, c.path) }));

  return {
    task: { id: task.id, version: task.version, status: task.status, decidedAt: task.decidedAt },
    study: { name: head.studyName },
    kase: { id: task.caseId, label: head.caseLabel },
    caseMetadata: head.showCaseMetadata ? shownMetadata(head.caseMetadata) : null,
    lexiconKey: model.id,
    readers: order.map((_, i) => `Reader ${i + 1}`),
    readsPending: firstSession.length - submitted.length,
    features: shown,
    triggered,
    context,
  };
}

/**
 * Saves the adjudicator's consensus values for some of a task's triggered paths, and with
 * `complete` closes the task once every path is decided. One BEGIN IMMEDIATE transaction:
 * stale versions and closed tasks are refused, each value is checked against its feature,
 * each change is audited with its old and new value. Reads and their answers are never touched.
 */
export function saveConsensus(
  db: Db,
  ctx: ChangeContext,
  input: SaveConsensusInput,
): { version: number; status: 'open' | 'done' } {
  return immediate(db, (tx) => {
    const task = assignedTask(tx, ctx.actor, input.taskId);
    if (!task) throw new AppError('not_found', 'No such adjudication task');
    if (task.status === 'done')
      throw new AppError('conflict', 'This task is completed; its consensus can no longer change');
    if (task.version !== input.version)
      throw new AppError('conflict', 'This task changed since you loaded it; reload it');
    const model = studyModel(tx, task.studyId);
    if (!model) throw new AppError('conflict', 'The study has no lexicon yet');
    const features = featureMap(model);
    const triggers = taskTriggers(task.triggers);
    const featureOf = new Map(triggers.map((t) => [t.path, t.featureId]));

    const fieldErrors: Record<string, string[]> = {};
    const refuse = (path: string, message: string) => (fieldErrors[path] ??= []).push(message);
    const changes: { path: string; value: ConsensusValue | null; comment: string | null }[] = [];
    const given = new Set<string>();
    for (const v of input.values) {
      if (given.has(v.path)) {
        refuse(v.path, 'This feature is given twice');
        continue;
      }
      given.add(v.path);
      const featureId = featureOf.get(v.path);
      const feature = featureId ? features.get(featureId) : undefined;
      if (!feature) {
        refuse(v.path, 'This feature is not part of this task');
        continue;
      }
      const comment = typeof v.comment === 'string' ? v.comment.trim() : '';
      if (comment.length > MAX_CONSENSUS_COMMENT)
        refuse(v.path, `Use at most ${MAX_CONSENSUS_COMMENT} characters in the comment`);
      if (v.value === null || v.value === undefined) {
        changes.push({ path: v.path, value: null, comment: null });
        continue;
      }
      const checked = checkConsensusValue(feature, v.value);
      if (!checked.ok) refuse(v.path, checked.message);
      else changes.push({ path: v.path, value: checked.value, comment: comment || null });
    }
    if (Object.keys(fieldErrors).length)
      throw new AppError('invalid', 'Some consensus values were refused', fieldErrors);

    const now = ctx.now ?? new Date();
    const before = new Map(
      tx
        .select({ path: consensus.featurePath, value: consensus.value, comment: consensus.comment })
        .from(consensus)
        .where(eq(consensus.caseId, task.caseId))
        .all()
        .map((c) => [c.path, c]),
    );
    const after = new Set([...before.keys()].filter((p) => featureOf.has(p)));
    for (const change of changes) {
      const old = before.get(change.path);
      const oldValue = old ? { path: change.path, value: old.value, comment: old.comment } : null;
      if (change.value === null) {
        after.delete(change.path);
        if (!old) continue;
        tx.delete(consensus)
          .where(and(eq(consensus.caseId, task.caseId), eq(consensus.featurePath, change.path)))
          .run();
        appendAudit(tx, ctx, {
          action: 'consensus.set',
          entity: 'adjudication_task',
          entityId: task.id,
          oldValue,
          newValue: { path: change.path, value: null, comment: null },
        });
        continue;
      }
      after.add(change.path);
      if (old && JSON.stringify(old.value) === JSON.stringify(change.value) && old.comment === change.comment)
        continue;
      const set = {
        value: change.value,
        method: 'adjudication',
        adjudicatorId: ctx.actor.id,
        comment: change.comment,
      };
      tx.insert(consensus)
        .values({
          studyId: task.studyId,
          caseId: task.caseId,
          featurePath: change.path,
          createdAt: now,
          ...set,
        })
        .onConflictDoUpdate({ target: [consensus.caseId, consensus.featurePath], set })
        .run();
      appendAudit(tx, ctx, {
        action: 'consensus.set',
        entity: 'adjudication_task',
        entityId: task.id,
        oldValue,
        newValue: { path: change.path, value: change.value, comment: change.comment },
      });
    }

    let status: 'open' | 'done' = 'open';
    if (input.complete) {
      const missing = triggers.filter((t) => !after.has(t.path));
      if (missing.length)
        throw new AppError(
          'invalid',
          'Set a consensus value for every feature before completing the task',
          Object.fromEntries(missing.map((t) => [t.path, ['Set a consensus value']])),
        );
      status = 'done';
    }
    const version = task.version + 1;
    tx.update(adjudicationTasks)
      .set({ version, status, decidedAt: status === 'done' ? now : task.decidedAt, updatedAt: now })
      .where(eq(adjudicationTasks.id, task.id))
      .run();
    if (status === 'done')
      appendAudit(tx, ctx, {
        action: 'adjudication.task.complete',
        entity: 'adjudication_task',
        entityId: task.id,
        oldValue: { status: 'open', version: task.version },
        newValue: { status: 'done', version, paths: triggers.map((t) => t.path) },
      });
    return { version, status };
  });
}

/**
 * The readers of a case in a stable pseudo-random order for one task: sorted by a hash of the
 * task id and the reader id, so labels do not follow account order and differ between tasks.
 */
export function pseudonymOrder(taskId: number, readerIds: string[]): string[] {
  const key = (id: string) => createHash('sha256').update(`${taskId}:${id}`).digest('hex');
  return [...new Set(readerIds)]
    .map((id) => ({ id, key: key(id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}

/**
 * Checks one consensus value against its feature with the lexicon's own answer rules (option
 * codes, selections, ranges, decimals), leaving out the conditions that tie it to other answers.
 */
export function checkConsensusValue(
  feature: TFeature,
  value: unknown,
): { ok: true; value: ConsensusValue } | { ok: false; message: string } {
  if (feature.type === 'computed') {
    const codes = feature.options?.map((o) => o.code);
    if (codes ? typeof value === 'string' && codes.includes(value) : isFiniteNumber(value))
      return { ok: true, value: value as string | number };
    return { ok: false, message: codes ? 'Choose one of the options' : 'Enter a number' };
  }
  const { show_if: _s, require_if: _r, ...rest } = feature;
  const alone = {
    ...rest,
    required: true,
    ...('options' in feature ? { options: feature.options.map(({ show_if: _o, ...o }) => o) } : {}),
  } as TFeature;
  const model: FormModel = {
    id: 'consensus',
    version: '1.0.0',
    title: 'Consensus',
    description: '',
    sections: [{ id: 'consensus', title: 'Consensus', features: [alone] }],
    order: [alone.id],
    scopeOf: { [alone.id]: null },
    sectionOf: { [alone.id]: 'consensus' },
  };
  const parsed = buildAnswerSchema(model, { mode: 'submit' }).safeParse({ [alone.id]: value });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Not a valid value' };
  const accepted = asConsensusValue((parsed.data as Record<string, unknown>)[alone.id]);
  return accepted === null ? { ok: false, message: 'Required' } : { ok: true, value: accepted };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function asConsensusValue(v: unknown): ConsensusValue | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'boolean') return v;
  if (isFiniteNumber(v)) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? (v as string[]) : null;
  return null;
}

function consensusFeature(f: TFeature): ConsensusFeature {
  const options = 'options' in f ? (f.options ?? []) : [];
  return {
    id: f.id,
    label: f.label,
    type: f.type,
    codes: f.codes.map((c) => `${c.system} ${c.code}`),
    options: options.map((o) => ({ code: o.code, label: o.label, exclusive: Boolean(o.exclusive) })),
    unit: f.type === 'numeric' ? f.unit : f.type === 'computed' ? (f.unit ?? null) : null,
    min: f.type === 'numeric' ? (f.min ?? null) : null,
    max: f.type === 'numeric' ? (f.max ?? null) : null,
    decimals: f.type === 'numeric' ? f.decimals : null,
    step: f.type === 'numeric' ? (f.step ?? null) : null,
    minSelected: f.type === 'multiple_choice' ? (f.min_selected ?? null) : null,
    maxSelected: f.type === 'multiple_choice' ? (f.max_selected ?? null) : null,
    trueLabel: f.type === 'boolean' ? f.true_label : 'Yes',
    falseLabel: f.type === 'boolean' ? f.false_label : 'No',
    maxLength: f.type === 'text' ? f.max_length : null,
  };
}

const GROUP_PATH = /^(\w+)\[(\d+)\]\.(\w+)$/;

function featureIdOfPath(path: string): string {
  return GROUP_PATH.exec(path)?.[3] ?? path;
}

/** "Enhancement quality", or "Finding 2: Mass shape" for a feature of a repeat group. */
function pathLabel(model: FormModel, features: Map<string, TFeature>, path: string): string {
  const m = GROUP_PATH.exec(path);
  const id = m?.[3] ?? path;
  const label = features.get(id)?.label ?? id;
  if (!m) return label;
  const section = model.sections.find((s) => s.id === m[1]);
  return `${section?.repeat?.label ?? section?.title ?? m[1]} ${Number(m[2]) + 1}: ${label}`;
}

/** Form order: section by section, repeat entries in turn, features as the lexicon lists them. */
function comparePaths(model: FormModel, a: string, b: string): number {
  const key = (path: string): number[] => {
    const m = GROUP_PATH.exec(path);
    const id = m?.[3] ?? path;
    const si = model.sections.findIndex((s) => s.id === model.sectionOf[id]);
    const fi = model.sections[si]?.features.findIndex((f) => f.id === id) ?? 0;
    return [si < 0 ? Number.MAX_SAFE_INTEGER : si, m ? Number(m[2]) : 0, fi];
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] ?? 0) - (kb[i] ?? 0);
  return a.localeCompare(b);
}

/** Metadata a study may show: everything but keys reserved for ground truth (a phantom's, say). */
function shownMetadata(metadata: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!metadata) return null;
  const { phantom: _truth, ...shown } = metadata;
  return shown;
}
