'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Plus, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  FormProvider,
  get,
  useFieldArray,
  useForm,
  useFormContext,
  useWatch,
  type FieldErrors,
  type Resolver,
} from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { buildAnswerSchema, type AnswerMode } from '@/lib/lexicon/answer-schema';
import { isAnswered } from '@/lib/lexicon/conditions';
import {
  fieldPath,
  progress,
  resolveForm,
  valueAtPath,
  type Answers,
  type FormModel,
  type Resolved,
} from '@/lib/lexicon/form-model';
import type { TSection } from '@/lib/lexicon/schema';
import { FeatureField } from './feature-field';
import { rhfName } from './field-names';

export type LexiconFormProps = {
  model: FormModel;
  defaultValues?: Answers;
  /** Called with answers that passed the schema of the mode; returns field errors from the server, if any. */
  onSave: (answers: Answers, mode: AnswerMode) => Promise<Record<string, string[]> | void>;
  /** Called on every change (for autosave and previews). */
  onChange?: (answers: Answers, resolved: Resolved) => void;
  /** Lets a host (the reading page) set a field's value, e.g. from a measurement on the image. */
  apiRef?: RefObject<LexiconFormApi | null>;
  /** Called when a save is refused by the schema, with the failing field paths in display order. */
  onInvalid?: (paths: string[]) => void;
};

export type LexiconFormApi = {
  setValue: (path: string, value: number | null) => void;
  /** Replaces every answer (e.g. with unsaved changes restored from the browser). */
  reset: (answers: Answers) => void;
  focus: (path: string) => void;
};

/**
 * The form a lexicon generates: react-hook-form with the lexicon's own answer schema (the
 * same the server runs). Keyboard: Tab moves between features, number keys pick options,
 * N jumps to the next unanswered required feature.
 */
export function LexiconForm({ model, defaultValues, onSave, onChange, apiRef, onInvalid }: LexiconFormProps) {
  const schemas = useMemo(
    () => ({
      draft: buildAnswerSchema(model, { mode: 'draft' }),
      submit: buildAnswerSchema(model, { mode: 'submit' }),
    }),
    [model],
  );
  const mode = useRef<AnswerMode>('submit');
  const form = useForm<Answers>({
    defaultValues: defaultValues ?? {},
    // The schema of the mode being saved: drafts relax `required`, submit does not.
    resolver: (values, context, options) =>
      (zodResolver(schemas[mode.current]) as unknown as Resolver<Answers>)(values, context, options),
  });
  const values = useWatch({ control: form.control }) as Answers;
  const resolved = useMemo(() => resolveForm(model, values ?? {}), [model, values]);
  const counts = progress(resolved);
  const formRef = useRef<HTMLFormElement>(null);
  const [saving, setSaving] = useState<AnswerMode | null>(null);

  // Hidden features hold no value: hiding a feature (or an option) clears it.
  useEffect(() => {
    for (const [path, state] of Object.entries(resolved.fields)) {
      if (state.computed) continue;
      const given = valueAtPath(values ?? {}, path);
      const kept = valueAtPath(resolved.answers, path);
      if (isAnswered(given) && !isAnswered(kept)) form.setValue(rhfName(path), null, { shouldDirty: true });
      else if (Array.isArray(given) && Array.isArray(kept) && kept.length !== given.length)
        form.setValue(rhfName(path), kept, { shouldDirty: true });
    }
    onChange?.(resolved.answers, resolved);
  }, [resolved, values, form, onChange]);

  const displayOrder = useMemo(() => displayPaths(model, values ?? {}), [model, values]);

  const focusPath = (path: string) => {
    const el = formRef.current?.querySelector<HTMLElement>(
      `[data-path="${CSS.escape(path)}"] input:not([tabindex="-1"]), [data-path="${CSS.escape(path)}"] textarea`,
    );
    el?.focus();
  };

  useEffect(() => {
    if (!apiRef) return;
    apiRef.current = {
      setValue: (path, value) => form.setValue(rhfName(path), value, { shouldDirty: true }),
      focus: (path) => focusPath(path),
      reset: (answers) => form.reset(answers),
    };
    return () => {
      apiRef.current = null;
    };
  }, [apiRef, form]);

  const jumpToNextUnanswered = () => {
    const missing = new Set(counts.requiredMissing);
    const current = (document.activeElement?.closest('[data-path]') as HTMLElement | null)?.dataset.path;
    const start = current ? displayOrder.indexOf(current) + 1 : 0;
    const ordered = [...displayOrder.slice(start), ...displayOrder.slice(0, start)];
    const next = ordered.find((p) => missing.has(p));
    if (next) focusPath(next);
  };

  const save = (which: AnswerMode) => {
    mode.current = which;
    return form.handleSubmit(
      async (answers) => {
        setSaving(which);
        try {
          const serverErrors = await onSave(resolveForm(model, answers).answers, which);
          for (const [path, messages] of Object.entries(serverErrors ?? {}))
            form.setError(rhfName(path), { message: messages[0] });
        } finally {
          setSaving(null);
        }
      },
      (errors) => {
        const failing = displayOrder.filter((p) => get(errors as FieldErrors, rhfName(p)));
        if (failing[0]) focusPath(failing[0]);
        onInvalid?.(failing);
      },
    )();
  };

  return (
    <FormProvider {...form}>
      <form
        ref={formRef}
        noValidate
        aria-label={model.title}
        className="flex flex-col gap-6"
        onSubmit={(e) => {
          e.preventDefault();
          void save('submit');
        }}
        onKeyDown={(e) => {
          const target = e.target as HTMLElement;
          const typing =
            target.tagName === 'TEXTAREA' ||
            (target.tagName === 'INPUT' &&
              !['radio', 'checkbox'].includes((target as HTMLInputElement).type));
          if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
          if (e.key === 'n' || e.key === 'N') {
            e.preventDefault();
            jumpToNextUnanswered();
          } else if (e.key === 'i' || e.key === 'I') {
            // Show the codes (RadLex, caDSR…) of the focused feature.
            const info = target
              .closest('[data-path]')
              ?.querySelector<HTMLButtonElement>('button[aria-label^="Codes for"]');
            if (info) {
              e.preventDefault();
              info.click();
            }
          }
        }}
      >
        <div className="sticky top-0 z-10 flex flex-wrap items-center gap-3 border-b bg-background/95 py-2 backdrop-blur">
          <p role="status" aria-live="polite" className="text-sm font-medium" data-testid="progress">
            {counts.answered} of {counts.total} answered
          </p>
          <div className="h-2 w-40 overflow-hidden rounded bg-muted" aria-hidden>
            <div
              className="h-full bg-primary transition-all"
              style={{ width: `${counts.total ? (100 * counts.answered) / counts.total : 0}%` }}
            />
          </div>
          <Button
            type="button"
            variant="outline"
            size="sm"
            onClick={jumpToNextUnanswered}
            aria-keyshortcuts="N"
            disabled={!counts.requiredMissing.length}
          >
            Next unanswered <kbd className="ml-1 rounded border px-1 text-[10px]">N</kbd>
          </Button>
          <p className="text-xs text-muted-foreground">
            Keys: <kbd>1</kbd>–<kbd>9</kbd> pick an option · <kbd>Tab</kbd> next feature · <kbd>N</kbd> next
            unanswered · <kbd>I</kbd> codes
          </p>
        </div>
        {model.sections.map((section) =>
          section.repeat ? (
            <RepeatSection key={section.id} section={section} resolved={resolved} />
          ) : (
            <PlainSection key={section.id} section={section} resolved={resolved} />
          ),
        )}
        <div className="flex gap-2 border-t pt-4">
          <Button
            type="button"
            variant="outline"
            data-action="save-draft"
            disabled={saving !== null}
            onClick={() => void save('draft')}
          >
            {saving === 'draft' ? 'Saving…' : 'Save draft'}
          </Button>
          <Button type="submit" disabled={saving !== null}>
            {saving === 'submit' ? 'Submitting…' : 'Submit'}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

function Fields({
  section,
  resolved,
  group,
}: {
  section: TSection;
  resolved: Resolved;
  group?: { sectionId: string; index: number };
}) {
  const { formState } = useFormContext();
  return (
    <div className="flex flex-col gap-5">
      {section.features.map((feature) => {
        const path = fieldPath(feature.id, group);
        const state = resolved.fields[path];
        if (!state?.visible) return null;
        const name = rhfName(path);
        const error = (get(formState.errors, name) as { message?: string } | undefined)?.message;
        return (
          <div key={path} data-path={path}>
            <FeatureField
              props={{
                feature,
                name,
                domId: `f-${path.replace(/[^\w]/g, '-')}`,
                required: state.required,
                error,
                visibleOptions: state.visibleOptions,
              }}
              computed={state.computed}
            />
          </div>
        );
      })}
    </div>
  );
}

function SectionHeading({ section }: { section: TSection }) {
  return (
    <>
      <h2 id={`sec-${section.id}`} className="text-base font-semibold">
        {section.title}
      </h2>
      {section.help ? <p className="-mt-2 text-sm text-muted-foreground">{section.help}</p> : null}
    </>
  );
}

function PlainSection({ section, resolved }: { section: TSection; resolved: Resolved }) {
  if (!section.features.some((f) => resolved.fields[f.id]?.visible)) return null;
  return (
    <section aria-labelledby={`sec-${section.id}`} className="flex flex-col gap-4">
      <SectionHeading section={section} />
      <Fields section={section} resolved={resolved} />
    </section>
  );
}

function RepeatSection({ section, resolved }: { section: TSection; resolved: Resolved }) {
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: section.id });
  const repeat = section.repeat!;
  const label = repeat.label;
  return (
    <section aria-labelledby={`sec-${section.id}`} className="flex flex-col gap-4">
      <SectionHeading section={section} />
      {fields.map((entry, index) => (
        <fieldset key={entry.id} className="rounded-lg border p-4" aria-label={`${label} ${index + 1}`}>
          <legend className="flex items-center gap-2 px-1 text-sm font-semibold">
            {label} {index + 1}
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => remove(index)}
              aria-label={`Remove ${label.toLowerCase()} ${index + 1}`}
            >
              <Trash2 aria-hidden />
            </Button>
          </legend>
          <Fields section={section} resolved={resolved} group={{ sectionId: section.id, index }} />
        </fieldset>
      ))}
      {fields.length === 0 ? (
        <p className="text-sm text-muted-foreground">No {label.toLowerCase()} added yet.</p>
      ) : null}
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={fields.length >= repeat.max}
          onClick={() => append({})}
        >
          <Plus aria-hidden /> Add {label.toLowerCase()}
        </Button>
        {fields.length >= repeat.max ? (
          <span className="ml-2 text-xs text-muted-foreground">At most {repeat.max}.</span>
        ) : null}
      </div>
    </section>
  );
}

/** Every field path in the order the form shows them. */
function displayPaths(model: FormModel, values: Answers): string[] {
  return model.sections.flatMap((s) => {
    if (!s.repeat) return s.features.map((f) => f.id);
    const n = Array.isArray(values[s.id]) ? (values[s.id] as unknown[]).length : 0;
    return Array.from({ length: n }, (_, index) =>
      s.features.map((f) => fieldPath(f.id, { sectionId: s.id, index })),
    ).flat();
  });
}
