'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/app/_components/ui/card';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { DESIGN_LABELS, type AssignmentDesign } from '@/lib/study/design-types';
import { applyAssignmentAction, previewAssignmentAction } from './actions';
import { DesignMatrix, MatrixLegend } from './design-matrix';
import { PairOverlapGrid, ReaderLoadTable } from './plan-tables';
import type { PreviewView } from './preview-view';

type Kind = AssignmentDesign['kind'];

const KIND_TITLES: Record<Kind, string> = {
  fully_crossed: 'Fully crossed',
  k_per_case: 'k readers per case',
  anchor: 'Anchor set + k per case',
};

const DEBOUNCE_MS = 400;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type Form = { kind: Kind; k: string; anchorCount: string };

function formOf(design: AssignmentDesign): Form {
  return {
    kind: design.kind,
    k: design.kind === 'fully_crossed' ? '2' : String(design.k),
    anchorCount: design.kind === 'anchor' ? String(design.anchorCount) : '10',
  };
}

/** The design a form describes, or the problems that keep it from being one. */
function designOf(
  form: Form,
): { design: AssignmentDesign } | { errors: Partial<Record<'k' | 'anchorCount', string>> } {
  if (form.kind === 'fully_crossed') return { design: { kind: 'fully_crossed' } };
  const errors: Partial<Record<'k' | 'anchorCount', string>> = {};
  const k = Number(form.k);
  if (!/^\d+$/.test(form.k.trim()) || k < 1 || k > 100) errors.k = 'Enter a whole number from 1 to 100';
  if (form.kind === 'k_per_case') return errors.k ? { errors } : { design: { kind: 'k_per_case', k } };
  const anchorCount = Number(form.anchorCount);
  if (!/^\d+$/.test(form.anchorCount.trim()) || anchorCount < 1 || anchorCount > 10_000)
    errors.anchorCount = 'Enter a whole number from 1 to 10,000';
  return errors.k || errors.anchorCount ? { errors } : { design: { kind: 'anchor', k, anchorCount } };
}

type Applied = { created: number; perReader: PreviewView['perReader'] };

/**
 * The design form with its live preview: per-reader loads, the reader × case matrix, the
 * overlap of reader pairs and the plan's warnings; then the confirmation that creates the reads.
 */
export function AssignmentDesigner({
  studyId,
  storedDesign,
  locked,
  closed,
  cases,
  readers,
  initial,
}: {
  studyId: number;
  storedDesign: AssignmentDesign;
  /** Reads exist: the kind of design can no longer change. */
  locked: boolean;
  closed: boolean;
  cases: { id: number; label: string }[];
  readers: { id: string; name: string }[];
  initial: PreviewView;
}) {
  const router = useRouter();
  const [form, setForm] = useState<Form>(() => formOf(storedDesign));
  const [preview, setPreview] = useState<{ key: string; view: PreviewView }>(() => ({
    key: JSON.stringify(designOf(formOf(storedDesign))),
    view: initial,
  }));
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<Applied | null>(null);
  const [applyError, setApplyError] = useState<string | null>(null);
  const request = useRef(0);
  const touched = useRef(false);

  const caseLabels = useMemo(() => new Map(cases.map((c) => [c.id, c.label])), [cases]);
  const readerNames = useMemo(() => new Map(readers.map((r) => [r.id, r.name])), [readers]);
  const parsed = designOf(form);
  const designKey = JSON.stringify(parsed);
  const anchorLocked = locked && storedDesign.kind === 'anchor';

  const runPreview = useCallback(
    async (design: AssignmentDesign, key: string) => {
      const id = ++request.current;
      setPreviewing(true);
      const result = await previewAssignmentAction({ studyId, design }).catch(() => null);
      if (id !== request.current) return;
      setPreviewing(false);
      if (result?.ok) {
        setPreview({ key, view: result.data });
        setPreviewError(null);
      } else {
        setPreviewError(result?.message ?? 'The preview could not be loaded. Try again.');
      }
    },
    [studyId],
  );

  // A changed form is previewed once the typing pauses.
  useEffect(() => {
    const next = JSON.parse(designKey) as ReturnType<typeof designOf>;
    if (!touched.current || !('design' in next)) return;
    const timer = setTimeout(() => void runPreview(next.design, designKey), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [designKey, runPreview]);

  const update = (patch: Partial<Form>) => {
    touched.current = true;
    setApplied(null);
    setApplyError(null);
    setForm((f) => ({ ...f, ...patch }));
  };

  const view = preview.view;
  const current = preview.key === designKey && !previewing && !previewError;
  const nothingNew = view.added === 0;
  const totals = view.perReader.map((p) => p.total);
  const minTotal = totals.length ? Math.min(...totals) : 0;
  const maxTotal = totals.length ? Math.max(...totals) : 0;
  const casesEach = minTotal === maxTotal ? plural(minTotal, 'case') : `${minTotal}–${maxTotal} cases`;
  const readsEach =
    minTotal === maxTotal
      ? plural(view.sessions * minTotal, 'read')
      : `${view.sessions * minTotal}–${view.sessions * maxTotal} reads`;

  const confirm = async () => {
    if (!('design' in parsed)) return;
    setApplying(true);
    setApplyError(null);
    const result = await applyAssignmentAction({ studyId, design: parsed.design }).catch(() => null);
    setApplying(false);
    if (result?.ok) {
      setApplied(result.data);
      router.refresh();
      void runPreview(parsed.design, designKey);
    } else {
      setApplyError(result?.message ?? 'The assignment could not be saved. Nothing was created.');
    }
  };

  const errors = 'errors' in parsed ? parsed.errors : {};
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Design</CardTitle>
          <CardDescription>
            {locked
              ? 'The design is fixed once reads exist; new cases and readers extend it. k may change: it applies to new cases.'
              : 'Nothing is assigned yet: any design can be chosen.'}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="flex flex-col gap-4"
            aria-label="Assignment design"
            onSubmit={(e) => {
              e.preventDefault();
              if ('design' in parsed) void runPreview(parsed.design, designKey);
            }}
          >
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">Design</legend>
              {(Object.keys(KIND_TITLES) as Kind[]).map((kind) => {
                const disabled = locked && kind !== storedDesign.kind;
                return (
                  <div
                    key={kind}
                    className={`flex items-start gap-2 text-sm ${disabled ? 'text-muted-foreground' : ''}`}
                  >
                    <input
                      id={`design-kind-${kind}`}
                      type="radio"
                      name="kind"
                      value={kind}
                      checked={form.kind === kind}
                      disabled={disabled}
                      onChange={() => update({ kind })}
                      aria-describedby={`design-kind-${kind}-help`}
                      className="mt-0.5"
                    />
                    <div>
                      <label htmlFor={`design-kind-${kind}`} className="font-medium">
                        {KIND_TITLES[kind]}
                      </label>
                      <p id={`design-kind-${kind}-help`} className="text-xs text-muted-foreground">
                        {DESIGN_LABELS[kind]}
                      </p>
                    </div>
                  </div>
                );
              })}
            </fieldset>
            {form.kind !== 'fully_crossed' ? (
              <div className="flex flex-wrap gap-4">
                <div className="flex w-48 flex-col gap-1">
                  <Label htmlFor="design-k">Readers per case (k)</Label>
                  <Input
                    id="design-k"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={100}
                    value={form.k}
                    onChange={(e) => update({ k: e.target.value })}
                    aria-invalid={errors.k ? true : undefined}
                    aria-describedby={errors.k ? 'design-k-error' : undefined}
                  />
                  {errors.k ? (
                    <p id="design-k-error" className="text-xs text-destructive">
                      {errors.k}
                    </p>
                  ) : null}
                </div>
                {form.kind === 'anchor' ? (
                  <div className="flex w-48 flex-col gap-1">
                    <Label htmlFor="design-anchor-count">Anchor cases</Label>
                    <Input
                      id="design-anchor-count"
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={10_000}
                      value={form.anchorCount}
                      disabled={anchorLocked}
                      onChange={(e) => update({ anchorCount: e.target.value })}
                      aria-invalid={errors.anchorCount ? true : undefined}
                      aria-describedby={
                        errors.anchorCount
                          ? 'design-anchor-error'
                          : anchorLocked
                            ? 'design-anchor-note'
                            : undefined
                      }
                    />
                    {errors.anchorCount ? (
                      <p id="design-anchor-error" className="text-xs text-destructive">
                        {errors.anchorCount}
                      </p>
                    ) : anchorLocked ? (
                      <p id="design-anchor-note" className="text-xs text-muted-foreground">
                        The anchor set was drawn at the first assignment and is kept.
                      </p>
                    ) : null}
                  </div>
                ) : null}
              </div>
            ) : null}
            <div className="flex items-center gap-3">
              <Button type="submit" variant="outline" disabled={!('design' in parsed) || previewing}>
                Preview
              </Button>
              <span role="status" aria-live="polite" className="text-xs text-muted-foreground">
                {previewing ? 'Updating the preview…' : current ? `Preview: ${view.summary}` : ''}
              </span>
            </div>
            {previewError ? <Alert variant="destructive">{previewError}</Alert> : null}
          </form>
        </CardContent>
      </Card>

      <Card aria-busy={previewing}>
        <CardHeader>
          <CardTitle>Preview</CardTitle>
          <CardDescription data-testid="preview-summary">
            {nothingNew
              ? 'Every case and reader is assigned.'
              : `${plural(view.added, 'read')} will be created. Each reader reads ${view.sessions} ${view.sessions === 1 ? 'session' : 'sessions'} × ${casesEach} = ${readsEach}.`}
            {view.sessions > 1
              ? ' Re-reads (session 2) are scheduled as each reader finishes session 1 and the wash-out ends.'
              : ''}
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          {view.warnings.length ? (
            <Alert className="border-amber-300 bg-amber-50 text-amber-900" data-testid="plan-warnings">
              <p className="font-medium">Check before confirming</p>
              <ul className="mt-1 list-disc pl-5">
                {view.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <section aria-labelledby="loads-title" className="flex flex-col gap-2">
            <h3 id="loads-title" className="text-sm font-semibold">
              Cases per reader
            </h3>
            <ReaderLoadTable view={view} readerNames={readerNames} />
          </section>
          <section aria-labelledby="matrix-title" className="flex flex-col gap-2">
            <h3 id="matrix-title" className="text-sm font-semibold">
              Reader × case matrix
            </h3>
            <MatrixLegend />
            <DesignMatrix view={view} caseLabels={caseLabels} readerNames={readerNames} />
          </section>
          <section aria-labelledby="overlap-title" className="flex flex-col gap-2">
            <h3 id="overlap-title" className="text-sm font-semibold">
              Shared cases per reader pair
            </h3>
            {readers.length > 1 ? (
              <PairOverlapGrid view={view} readerNames={readerNames} />
            ) : (
              <p className="text-sm text-muted-foreground">
                With one reader there is no pair to compare; add readers to measure agreement.
              </p>
            )}
          </section>
          <div className="flex flex-col gap-2 border-t pt-4">
            <div className="flex flex-wrap items-center gap-3">
              <Button
                type="button"
                onClick={() => void confirm()}
                disabled={closed || nothingNew || !current || applying}
              >
                {applying ? 'Assigning…' : 'Confirm assignment'}
              </Button>
              <span className="text-sm text-muted-foreground">
                {closed
                  ? 'The study is closed; no reads can be assigned.'
                  : nothingNew
                    ? 'Every case and reader is assigned.'
                    : !current
                      ? 'Wait for the preview to match the design.'
                      : `Creates ${plural(view.added, 'read')}; existing reads stay as they are.`}
              </span>
            </div>
            {applied ? (
              <Alert variant="success" data-testid="assignment-result">
                {applied.created
                  ? `Assignment confirmed: ${plural(applied.created, 'read')} created.`
                  : 'Nothing new to assign: no reads were created.'}
              </Alert>
            ) : null}
            {applyError ? <Alert variant="destructive">{applyError}</Alert> : null}
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
