'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Controller, useForm, useWatch, type Resolver } from 'react-hook-form';
import { Alert } from '@/app/_components/ui/alert';
import { Button, buttonVariants } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { ZExportParams, type ExportFormat, type ExportParams } from '@/lib/export/params';
import { previewExportAction } from './actions';
import {
  AGGREGATES,
  ERROR_FIELDS,
  FORMATS,
  LAYOUTS,
  LESIONS,
  LEVELS,
  MESSAGES,
  PER,
  VALUES,
  type ErrorField,
  type Errors,
  type FormValues,
} from './export-options';
import { exportPath } from './export-query';
import type { ExportPageData } from './export-types';
import { FieldError, Group, Help, Radio, RadioRow, describedBy } from './form-parts';
import { PreviewPanel, type PreviewState } from './preview-panel';
import { ScriptsPanel } from './scripts-panel';

const PREVIEW_DELAY_MS = 400;

function fieldOf(key: string): ErrorField | null {
  const name = key.replace(/^params\./, '').split('.')[0] ?? '';
  return (ERROR_FIELDS as readonly string[]).includes(name) ? (name as ErrorField) : null;
}

export function ExportForm({ data, baseUrl }: { data: ExportPageData; baseUrl: string }) {
  const { study, readers, sections } = data;
  const twoSessions = study.readSessions >= 2;
  const featureCount = sections.reduce((n, s) => n + s.features.length, 0);
  const [featureMode, setFeatureMode] = useState<'all' | 'some'>('all');

  const { control, register, setValue, getValues, handleSubmit } = useForm<FormValues, unknown, ExportParams>(
    {
      // The form holds the schema's input in a narrower shape (sessions as numbers, features as a list).
      resolver: zodResolver(ZExportParams) as unknown as Resolver<FormValues, unknown, ExportParams>,
      defaultValues: {
        layout: 'wide',
        per: 'reader',
        aggregate: data.hasConsensus ? 'consensus' : 'central',
        format: 'csv',
        sessions: [1],
        features: [],
        valueAs: 'code',
        lesions: 'index',
        maxLesions: 5,
        scoreFeature: undefined,
        truthFeature: undefined,
        level: 'patient',
      },
    },
  );
  const values = useWatch({ control }) as FormValues;

  // The parameters as the export API reads them: "all features" is an empty list.
  const candidate = { ...values, features: featureMode === 'all' ? [] : (values.features ?? []) };
  const candidateKey = JSON.stringify(candidate);
  const checked = useMemo(() => {
    const input = JSON.parse(candidateKey) as FormValues;
    const parsed = ZExportParams.safeParse(input);
    const errors: Errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.map(String).join('.'));
        if (field && !errors[field]) errors[field] = MESSAGES[field as keyof FormValues] ?? issue.message;
      }
    }
    if (featureMode === 'some' && !input.features.length)
      errors.features = 'Choose at least one feature, or All features';
    const ok = parsed.success && Object.keys(errors).length === 0;
    return { params: ok ? parsed.data : null, errors };
  }, [candidateKey, featureMode]);
  const params = checked.params;
  const path = params ? exportPath(study.id, params) : null;

  const [preview, setPreview] = useState<PreviewState>({
    loading: false,
    query: null,
    data: null,
    error: null,
    fieldErrors: {},
  });
  const latest = useRef(0);

  const runPreview = useCallback(
    (p: ExportParams) => {
      const query = exportPath(study.id, p);
      const ticket = ++latest.current;
      setPreview((s) => ({ ...s, loading: true }));
      previewExportAction(null, { studyId: study.id, params: p }).then(
        (result) => {
          if (ticket !== latest.current) return;
          if (result.ok) {
            setPreview({ loading: false, query, data: result.data, error: null, fieldErrors: {} });
            return;
          }
          const fieldErrors: Errors = {};
          const unplaced: string[] = [];
          for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
            const field = fieldOf(key);
            if (field) fieldErrors[field] = messages.join(' ');
            else unplaced.push(...messages);
          }
          setPreview({
            loading: false,
            query,
            data: null,
            error: [result.message, ...unplaced].join(' '),
            fieldErrors,
          });
        },
        () => {
          if (ticket !== latest.current) return;
          setPreview((s) => ({
            ...s,
            loading: false,
            query,
            data: null,
            error: 'The preview could not be loaded. Check your connection and try again.',
            fieldErrors: {},
          }));
        },
      );
    },
    [study.id],
  );

  // A fresh preview shortly after the choices settle.
  useEffect(() => {
    if (!params) return;
    const timer = setTimeout(() => runPreview(params), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // `path` stands for the parameters: it changes exactly when they do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, runPreview]);

  const serverErrors = preview.query !== null && preview.query === path ? preview.fieldErrors : {};
  const err = (field: ErrorField): string | undefined => checked.errors[field] ?? serverErrors[field];
  const problems = ERROR_FIELDS.map((f) => err(f)).filter((m): m is string => !!m);

  const layout = values.layout;
  const format = values.format;
  const aggregate = values.aggregate ?? '';
  const aggregateKind = aggregate.startsWith('reader:') ? 'reader' : aggregate;
  const chosenFeatures = new Set(values.features ?? []);
  const formatLabel = FORMATS.find((f) => f.value === format)?.label ?? format;

  const onFormat = (next: ExportFormat) => {
    if (next === 'cbioportal') setValue('layout', 'wide');
    if (next === 'imrmc') {
      setValue('layout', 'long');
      if (!getValues('scoreFeature') && data.scoreFeatures[0])
        setValue('scoreFeature', data.scoreFeatures[0].id);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    handleSubmit((p) => runPreview({ ...p, features: featureMode === 'all' ? [] : p.features }))(event);

  return (
    <div className="flex flex-col gap-8">
      {data.submittedReads === 0 ? (
        <Alert data-testid="export-no-reads">
          No submitted reads yet: the export will hold only headers (in the wide layout, one row per case with
          empty values). Rows fill in as readers submit their reads.
        </Alert>
      ) : null}

      <form
        onSubmit={onSubmit}
        noValidate
        aria-label="Export options"
        className="grid items-start gap-6 lg:grid-cols-2"
      >
        <div className="flex flex-col gap-6">
          <Group legend="Layout" id="layout" error={err('layout')}>
            {LAYOUTS.map((c) => (
              <Radio key={c.value} id={`layout-${c.value}`} choice={c} {...register('layout')} />
            ))}
            <FieldError id="layout-error" message={err('layout')} />
          </Group>

          {layout === 'wide' ? (
            <>
              <Group legend="Columns" id="per" error={err('per')}>
                {PER.map((c) => (
                  <Radio key={c.value} id={`per-${c.value}`} choice={c} {...register('per')} />
                ))}
                <FieldError id="per-error" message={err('per')} />
              </Group>

              {values.per === 'aggregate' ? (
                <Group legend="Aggregate" id="aggregate" error={err('aggregate')}>
                  <Controller
                    control={control}
                    name="aggregate"
                    render={({ field: f }) => (
                      <>
                        {AGGREGATES.map((c) => {
                          const id = `aggregate-${c.value}`;
                          const disabled = c.value === 'reader' && readers.length === 0;
                          const help =
                            c.value === 'consensus' && !data.hasConsensus
                              ? `${c.help} No consensus values yet, so these columns would be empty.`
                              : disabled
                                ? `${c.help} This study has no readers yet.`
                                : c.help;
                          return (
                            <RadioRow key={c.value} id={id} label={c.label} help={help}>
                              <input
                                id={id}
                                type="radio"
                                name={f.name}
                                value={c.value}
                                checked={aggregateKind === c.value}
                                disabled={disabled}
                                onBlur={f.onBlur}
                                onChange={() =>
                                  f.onChange(
                                    c.value === 'reader'
                                      ? `reader:${readers[0] ?? ''}`
                                      : (c.value as FormValues['aggregate']),
                                  )
                                }
                                className="mt-0.5 size-4"
                                aria-describedby={`${id}-help`}
                              />
                            </RadioRow>
                          );
                        })}
                        {aggregateKind === 'reader' ? (
                          <div className="ml-6 flex flex-col gap-1.5 sm:max-w-xs">
                            <Label htmlFor="aggregate-reader">Reader</Label>
                            <NativeSelect
                              id="aggregate-reader"
                              value={aggregate.slice('reader:'.length)}
                              onChange={(e) => f.onChange(`reader:${e.target.value}`)}
                              onBlur={f.onBlur}
                              {...describedBy('aggregate-error', !!err('aggregate'))}
                            >
                              {readers.map((r) => (
                                <option key={r} value={r}>
                                  {r}
                                </option>
                              ))}
                            </NativeSelect>
                          </div>
                        ) : null}
                      </>
                    )}
                  />
                  <FieldError id="aggregate-error" message={err('aggregate')} />
                </Group>
              ) : null}

              <Group legend="Values" id="valueAs" error={err('valueAs')}>
                {VALUES.map((c) => (
                  <Radio key={c.value} id={`value-${c.value}`} choice={c} {...register('valueAs')} />
                ))}
                <FieldError id="valueAs-error" message={err('valueAs')} />
              </Group>

              <Group
                legend="Lesions"
                id="lesions"
                error={err('lesions')}
                description={
                  data.hasRepeatGroups
                    ? 'How findings reported once per lesion (a repeat group) become columns.'
                    : 'This lexicon has no per-lesion features, so this choice changes nothing.'
                }
              >
                {LESIONS.map((c) => (
                  <Radio key={c.value} id={`lesions-${c.value}`} choice={c} {...register('lesions')} />
                ))}
                {values.lesions === 'index' ? (
                  <div className="ml-6 flex flex-col gap-1.5 sm:max-w-xs">
                    <Label htmlFor="lesions-max">Lesions per case (N)</Label>
                    <Input
                      id="lesions-max"
                      type="number"
                      min={1}
                      max={50}
                      inputMode="numeric"
                      {...describedBy('maxLesions-error', !!err('maxLesions'), 'lesions-max-help')}
                      {...register('maxLesions', { valueAsNumber: true })}
                    />
                    <Help id="lesions-max-help">From 1 to 50; lesions beyond N are left out.</Help>
                    <FieldError id="maxLesions-error" message={err('maxLesions')} />
                  </div>
                ) : null}
                <FieldError id="lesions-error" message={err('lesions')} />
              </Group>
            </>
          ) : null}

          {twoSessions ? (
            <Group
              legend="Sessions"
              id="sessions"
              error={err('sessions')}
              description="The long layout holds every chosen session (see its session column); the wide layout uses the first chosen one."
            >
              <Controller
                control={control}
                name="sessions"
                render={({ field: f }) => (
                  <>
                    {[1, 2].map((n) => {
                      const id = `session-${n}`;
                      const chosen: number[] = f.value ?? [];
                      const reads = data.submittedBySession[n - 1] ?? 0;
                      return (
                        <RadioRow
                          key={n}
                          id={id}
                          label={n === 1 ? 'Session 1' : 'Session 2 (re-read)'}
                          help={`${reads} submitted read${reads === 1 ? '' : 's'}${n === 1 ? ': the first reading.' : ' after the wash-out, for intra-reader agreement.'}`}
                        >
                          <input
                            id={id}
                            type="checkbox"
                            className="mt-0.5 size-4"
                            checked={chosen.includes(n)}
                            onBlur={f.onBlur}
                            onChange={(e) =>
                              f.onChange(
                                e.target.checked
                                  ? [...new Set([...chosen, n])].sort((a, b) => a - b)
                                  : chosen.filter((s) => s !== n),
                              )
                            }
                            aria-describedby={`${id}-help`}
                          />
                        </RadioRow>
                      );
                    })}
                  </>
                )}
              />
              <FieldError id="sessions-error" message={err('sessions')} />
            </Group>
          ) : null}
        </div>

        <div className="flex flex-col gap-6">
          <Group legend="Features" id="features" error={err('features')}>
            <RadioRow
              id="features-all"
              label="All features"
              help={`Every feature of ${data.lexicon.title} ${data.lexicon.version} (${featureCount}).`}
            >
              <input
                id="features-all"
                type="radio"
                name="feature-mode"
                className="mt-0.5 size-4"
                checked={featureMode === 'all'}
                onChange={() => setFeatureMode('all')}
                aria-describedby="features-all-help"
              />
            </RadioRow>
            <RadioRow
              id="features-some"
              label="Choose features"
              help="Pick the features to export, by section."
            >
              <input
                id="features-some"
                type="radio"
                name="feature-mode"
                className="mt-0.5 size-4"
                checked={featureMode === 'some'}
                onChange={() => setFeatureMode('some')}
                aria-describedby="features-some-help"
              />
            </RadioRow>
            {featureMode === 'some' ? (
              <Controller
                control={control}
                name="features"
                render={({ field: f }) => {
                  const all = sections.flatMap((s) => s.features.map((x) => x.id));
                  const toggle = (id: string, on: boolean) =>
                    f.onChange(all.filter((x) => (x === id ? on : chosenFeatures.has(x))));
                  return (
                    <div className="flex flex-col gap-3">
                      <div className="flex flex-wrap items-center gap-2">
                        <Button type="button" size="sm" variant="outline" onClick={() => f.onChange(all)}>
                          Select all
                        </Button>
                        <Button type="button" size="sm" variant="outline" onClick={() => f.onChange([])}>
                          Clear
                        </Button>
                        <span
                          className="ml-auto text-xs tabular-nums text-muted-foreground"
                          aria-live="polite"
                          data-testid="export-feature-count"
                        >
                          {chosenFeatures.size} of {all.length} chosen
                        </span>
                      </div>
                      <div className="flex max-h-96 flex-col gap-4 overflow-y-auto rounded-md border p-3">
                        {sections.map((s) => (
                          <fieldset key={s.id} className="flex flex-col gap-1.5">
                            <legend className="mb-1 text-sm font-medium">{s.title}</legend>
                            {s.features.map((x) => {
                              const id = `feature-${x.id}`;
                              return (
                                <div key={x.id} className="flex items-start gap-2">
                                  <input
                                    id={id}
                                    type="checkbox"
                                    className="mt-0.5 size-4"
                                    checked={chosenFeatures.has(x.id)}
                                    onChange={(e) => toggle(x.id, e.target.checked)}
                                    onBlur={f.onBlur}
                                  />
                                  <label htmlFor={id} className="text-sm">
                                    {x.title}
                                    {x.groupLabel ? (
                                      <span className="text-muted-foreground">
                                        {' '}
                                        · per {x.groupLabel.toLowerCase()}
                                      </span>
                                    ) : null}
                                  </label>
                                </div>
                              );
                            })}
                          </fieldset>
                        ))}
                      </div>
                    </div>
                  );
                }}
              />
            ) : null}
            <FieldError id="features-error" message={err('features')} />
          </Group>

          <Group legend="Format" id="format" error={err('format')}>
            {FORMATS.map((c) => (
              <Radio
                key={c.value}
                id={`format-${c.value}`}
                choice={c}
                {...register('format', { onChange: (e) => onFormat(e.target.value as ExportFormat) })}
              />
            ))}
            <FieldError id="format-error" message={err('format')} />

            {format === 'cbioportal' ? (
              <fieldset
                className="ml-6 flex flex-col gap-2"
                aria-describedby={err('level') ? 'level-error' : undefined}
              >
                <legend className="mb-1 text-sm font-medium">cBioPortal level</legend>
                {LEVELS.map((c) => (
                  <Radio key={c.value} id={`level-${c.value}`} choice={c} {...register('level')} />
                ))}
                <FieldError id="level-error" message={err('level')} />
              </fieldset>
            ) : null}

            {format === 'imrmc' ? (
              <div className="ml-6 flex flex-col gap-4">
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="imrmc-score">Score feature</Label>
                  <NativeSelect
                    id="imrmc-score"
                    {...describedBy('scoreFeature-error', !!err('scoreFeature'), 'imrmc-score-help')}
                    {...register('scoreFeature', { setValueAs: (v: unknown) => (v ? String(v) : undefined) })}
                  >
                    <option value="">Choose a feature…</option>
                    {data.scoreFeatures.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.title}
                      </option>
                    ))}
                  </NativeSelect>
                  <Help id="imrmc-score-help">
                    {data.scoreFeatures.length
                      ? "An ordinal feature answered once per case; its option scores are the readers' scores (such as a BI-RADS assessment)."
                      : 'This lexicon has no ordinal feature with option scores answered once per case, so it cannot give iMRMC scores.'}
                  </Help>
                  <FieldError id="scoreFeature-error" message={err('scoreFeature')} />
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="imrmc-truth">Truth feature</Label>
                  <NativeSelect
                    id="imrmc-truth"
                    disabled={!data.hasReference}
                    {...describedBy('truthFeature-error', !!err('truthFeature'), 'imrmc-truth-help')}
                    {...register('truthFeature', { setValueAs: (v: unknown) => (v ? String(v) : undefined) })}
                  >
                    <option value="">No truth (scores only)</option>
                    {data.truthFeatures.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.title}
                      </option>
                    ))}
                  </NativeSelect>
                  <Help id="imrmc-truth-help">
                    {data.hasReference ? (
                      'A yes/no or two-option feature of the reference standard: yes, or the second option, is disease.'
                    ) : (
                      <>
                        No reference standard yet. Upload one under{' '}
                        <Link
                          href={`/analyst/studies/${study.id}/agreement?view=reference`}
                          className="text-primary underline underline-offset-4"
                        >
                          Agreement: reader vs reference
                        </Link>{' '}
                        to add each case&apos;s truth.
                      </>
                    )}
                  </Help>
                  <FieldError id="truthFeature-error" message={err('truthFeature')} />
                </div>
              </div>
            ) : null}
          </Group>
        </div>

        <div className="flex flex-wrap items-center gap-3 lg:col-span-2">
          {path ? (
            <a
              href={path}
              download
              className={buttonVariants({ size: 'lg' })}
              data-testid="export-download"
              aria-describedby="export-download-help"
            >
              Download
            </a>
          ) : (
            <Button type="button" size="lg" disabled aria-describedby="export-download-help">
              Download
            </Button>
          )}
          <Button type="submit" variant="outline" size="lg" disabled={!params}>
            Refresh preview
          </Button>
          <p id="export-download-help" className="text-sm text-muted-foreground">
            {path
              ? `${formatLabel}, streamed from the server: any size works.`
              : 'Some choices need attention before the export can be downloaded.'}
          </p>
        </div>
      </form>

      <PreviewPanel
        preview={preview}
        path={path}
        problems={problems}
        format={format}
        formatLabel={formatLabel}
        submittedReads={data.submittedReads}
      />

      <ScriptsPanel studyId={study.id} slug={study.slug} params={params} baseUrl={baseUrl} />
    </div>
  );
}
