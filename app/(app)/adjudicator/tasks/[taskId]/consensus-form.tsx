'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useRef, useState } from 'react';
import { FormProvider, useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import type { AdjudicationTaskView, ConsensusFeature } from '@/db/queries/adjudicator-tasks';
import { saveConsensusAction } from './actions';
import { AllAnswers } from './all-answers';
import { ConsensusCard } from './consensus-card';
import {
  consensusFormSchema,
  MISSING,
  toPayloadValue,
  type ConsensusFormValues,
  type ConsensusMode,
} from './consensus-schema';

const nothingSaved = (message: string) =>
  /nothing was saved/i.test(message) ? message : `${message.replace(/\.?$/, '.')} Nothing was saved.`;

export type Notice = { kind: 'ok' | 'error' | 'conflict'; text: string };

/** A stand-in for a feature the lexicon no longer has: shown as text, refused by the server. */
const unknownFeature = (id: string, label: string): ConsensusFeature => ({
  id,
  label,
  type: 'text',
  codes: [],
  options: [],
  unit: null,
  min: null,
  max: null,
  decimals: null,
  step: null,
  minSelected: null,
  maxSelected: null,
  trueLabel: 'Yes',
  falseLabel: 'No',
  maxLength: null,
});

/**
 * The adjudicator's decisions for an open task. "Save" keeps the task open; "Save and
 * complete" needs a value for every feature and closes it. The browser checks the values for
 * quick feedback; the server checks everything again.
 */
export function ConsensusForm({
  data,
  onNotice,
}: {
  data: AdjudicationTaskView;
  onNotice: (notice: Notice | null) => void;
}) {
  const features = useMemo(
    () => data.triggered.map((t) => data.features[t.featureId] ?? unknownFeature(t.featureId, t.label)),
    [data.triggered, data.features],
  );
  const schemas = useMemo(
    () => ({
      save: zodResolver(consensusFormSchema(features, 'save')) as unknown as Resolver<ConsensusFormValues>,
      complete: zodResolver(
        consensusFormSchema(features, 'complete'),
      ) as unknown as Resolver<ConsensusFormValues>,
    }),
    [features],
  );
  const mode = useRef<ConsensusMode>('save');
  const [version, setVersion] = useState(data.task.version);
  const [missing, setMissing] = useState<number[]>([]);
  const [saving, setSaving] = useState<ConsensusMode | null>(null);
  const form = useForm<ConsensusFormValues>({
    defaultValues: {
      decisions: data.triggered.map((t) => ({
        value: t.consensus?.value ?? null,
        comment: t.consensus?.comment ?? '',
      })),
    },
    resolver: (values, context, options) => schemas[mode.current](values, context, options),
  });

  const onInvalid = (errors: FieldErrors<ConsensusFormValues>) => {
    const bad = data.triggered.map((_, i) => i).filter((i) => errors.decisions?.[i]);
    const unset = bad.filter((i) => errors.decisions?.[i]?.value?.message === MISSING);
    setMissing(unset);
    onNotice({
      kind: 'error',
      text: unset.length
        ? `Set a consensus value for every feature before completing: ${unset.length} not decided yet. Nothing was saved.`
        : 'Some values need attention. Nothing was saved.',
    });
  };

  const submit = (complete: boolean) => {
    mode.current = complete ? 'complete' : 'save';
    setMissing([]);
    return form.handleSubmit(async (values) => {
      setSaving(mode.current);
      onNotice(null);
      try {
        const result = await saveConsensusAction({
          taskId: data.task.id,
          version,
          complete,
          values: values.decisions.map((d, i) => ({
            path: data.triggered[i]!.path,
            value: toPayloadValue(d.value),
            comment: d.comment.trim() || null,
          })),
        });
        if (result.ok) {
          setVersion(result.data.version);
          form.reset(values);
          onNotice({
            kind: 'ok',
            text:
              result.data.status === 'done'
                ? 'Saved. The task is complete.'
                : `Saved at ${new Date().toTimeString().slice(0, 5)}. The task stays open.`,
          });
          return;
        }
        if (result.code === 'conflict') {
          onNotice({ kind: 'conflict', text: result.message });
          return;
        }
        const at = new Map(data.triggered.map((t, i) => [t.path, i]));
        const unset: number[] = [];
        for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
          const i = at.get(path);
          if (i === undefined || !messages[0]) continue;
          form.setError(`decisions.${i}.value`, { message: messages[0] });
          if (messages[0] === MISSING) unset.push(i);
        }
        setMissing(unset);
        onNotice({ kind: 'error', text: nothingSaved(result.message) });
      } catch {
        onNotice({ kind: 'error', text: 'The server could not be reached. Nothing was saved.' });
      } finally {
        setSaving(null);
      }
    }, onInvalid)();
  };

  return (
    <FormProvider {...form}>
      <form
        aria-label="Consensus"
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        {missing.length ? (
          <div className="rounded-md border border-destructive/50 bg-destructive/5 px-4 py-3 text-sm">
            <p className="font-medium text-destructive" id="missing-heading">
              Not decided yet:
            </p>
            <ul aria-labelledby="missing-heading" className="mt-1 flex flex-col gap-1">
              {missing.map((i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="text-left underline underline-offset-4"
                    onClick={() => form.setFocus(`decisions.${i}.value`)}
                  >
                    {data.triggered[i]?.label}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {data.triggered.map((t, i) => (
          <ConsensusCard key={t.path} index={i} triggered={t} feature={features[i]!} readers={data.readers} />
        ))}
        <AllAnswers data={data} />
        <div className="sticky bottom-0 flex flex-wrap gap-2 border-t bg-background py-3">
          <Button type="submit" variant="outline" disabled={saving !== null}>
            {saving === 'save' ? 'Saving…' : 'Save'}
          </Button>
          <Button type="button" disabled={saving !== null} onClick={() => void submit(true)}>
            {saving === 'complete' ? 'Saving…' : 'Save and complete'}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
