'use client';

import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { Button } from '@/app/_components/ui/button';
import { Card } from '@/app/_components/ui/card';
import { Input } from '@/app/_components/ui/input';
import type { ConsensusFeature, ConsensusValue, TriggeredPath } from '@/db/queries/adjudicator-tasks';
import type { ConsensusFormValues } from './consensus-schema';
import { MAX_COMMENT } from './consensus-schema';
import { featureCode, isChoice, isNumber } from './format-value';
import { ReaderAnswers } from './reader-answers';

type Props = {
  index: number;
  triggered: TriggeredPath;
  feature: ConsensusFeature;
  readers: string[];
};

const optionClass =
  'flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent has-[:checked]:bg-primary/10 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring';

/**
 * One feature the readers disagreed on: why, what each reader answered, and the consensus
 * control (the lexicon's options, a number with its unit, yes/no or checkboxes), with quick
 * buttons to take a reader's answer and an optional comment.
 */
export function ConsensusCard({ index, triggered, feature, readers }: Props) {
  const { register, setValue, formState } = useFormContext<ConsensusFormValues>();
  const name = `decisions.${index}.value` as const;
  const current = useWatch<ConsensusFormValues, typeof name>({ name });
  const dom = `consensus-${index}`;
  const code = featureCode(feature);
  const error = formState.errors.decisions?.[index]?.value?.message;
  const commentError = formState.errors.decisions?.[index]?.comment?.message;
  const use = (value: ConsensusValue | null) =>
    setValue(name, value, { shouldDirty: true, shouldValidate: formState.isSubmitted });

  return (
    <Card
      aria-labelledby={`${dom}-heading`}
      className="flex flex-col gap-3 p-4"
      data-testid="consensus-card"
      data-path={triggered.path}
    >
      <header className="flex flex-col gap-1">
        <h2 id={`${dom}-heading`} className="text-base font-semibold">
          {code ? <span className="text-muted-foreground">{code} </span> : null}
          {triggered.label}
        </h2>
        {feature.codes.length ? (
          <p className="text-xs text-muted-foreground">{feature.codes.join(' · ')}</p>
        ) : null}
        <p className="text-sm">
          <span className="font-medium">Why it needs a consensus: </span>
          {triggered.reason}
        </p>
      </header>
      <ReaderAnswers
        label={triggered.label}
        readers={readers}
        answers={triggered.answers}
        feature={feature}
        current={current}
      />
      <fieldset
        className="flex flex-col gap-2 rounded-md border p-3"
        aria-describedby={error ? `${dom}-error` : undefined}
        aria-invalid={error ? true : undefined}
        data-feature={feature.id}
      >
        <legend className="sr-only">{triggered.label}</legend>
        {isChoice(feature) || feature.type === 'boolean' || feature.type === 'multiple_choice' ? (
          <p aria-hidden className="text-sm font-medium">
            Consensus value
          </p>
        ) : null}
        <ValueControl index={index} dom={dom} feature={feature} label={triggered.label} error={error} />
        {error ? (
          <p id={`${dom}-error`} className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {readers.map((r, i) => {
            const answer = triggered.answers[i] ?? null;
            if (answer === null) return null;
            return (
              <Button key={r} type="button" variant="outline" size="sm" onClick={() => use(answer)}>
                Use {r}&apos;s answer<span className="sr-only"> for {triggered.label}</span>
              </Button>
            );
          })}
          <Button type="button" variant="ghost" size="sm" onClick={() => use(null)}>
            Clear<span className="sr-only"> the consensus for {triggered.label}</span>
          </Button>
        </div>
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${dom}-comment`} className="text-sm font-medium">
          Comment<span className="sr-only"> on {triggered.label}</span>{' '}
          <span className="font-normal text-muted-foreground">(optional)</span>
        </label>
        <textarea
          id={`${dom}-comment`}
          rows={2}
          maxLength={MAX_COMMENT}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? `${dom}-comment-error` : undefined}
          className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-sm aria-invalid:border-destructive"
          {...register(`decisions.${index}.comment`)}
        />
        {commentError ? (
          <p id={`${dom}-comment-error`} className="text-sm text-destructive">
            {commentError}
          </p>
        ) : null}
      </div>
    </Card>
  );
}

function ValueControl({
  index,
  dom,
  feature,
  label,
  error,
}: {
  index: number;
  dom: string;
  feature: ConsensusFeature;
  label: string;
  error: string | undefined;
}) {
  const { control, register } = useFormContext<ConsensusFormValues>();
  const name = `decisions.${index}.value` as const;
  const describedBy = error ? `${dom}-error` : undefined;

  if (isChoice(feature) || feature.type === 'boolean') {
    const choices =
      feature.type === 'boolean'
        ? [
            { key: 'true', label: feature.trueLabel, value: true },
            { key: 'false', label: feature.falseLabel, value: false },
          ]
        : feature.options.map((o) => ({ key: o.code, label: o.label, value: o.code }));
    return (
      <Controller
        name={name}
        control={control}
        render={({ field }) => (
          <div
            className={feature.type === 'boolean' ? 'flex gap-2' : 'grid grid-cols-1 gap-1 sm:grid-cols-2'}
          >
            {choices.map((c, i) => (
              <label key={c.key} className={optionClass}>
                <input
                  type="radio"
                  name={`${dom}-value`}
                  value={c.key}
                  checked={field.value === c.value}
                  onChange={() => field.onChange(c.value)}
                  onBlur={field.onBlur}
                  ref={i === 0 ? field.ref : undefined}
                  aria-describedby={describedBy}
                  className="accent-[var(--primary)]"
                />
                <span className="flex-1">{c.label}</span>
              </label>
            ))}
          </div>
        )}
      />
    );
  }

  if (feature.type === 'multiple_choice') {
    const toggle = (current: string[], code: string): string[] => {
      if (current.includes(code)) return current.filter((c) => c !== code);
      if (feature.options.find((o) => o.code === code)?.exclusive) return [code];
      const exclusive = new Set(feature.options.filter((o) => o.exclusive).map((o) => o.code));
      return [...current.filter((c) => !exclusive.has(c)), code];
    };
    return (
      <Controller
        name={name}
        control={control}
        render={({ field }) => {
          const value: string[] = Array.isArray(field.value) ? field.value : [];
          return (
            <div className="flex flex-col gap-1">
              <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
                {feature.options.map((o, i) => (
                  <label key={o.code} className={optionClass}>
                    <input
                      type="checkbox"
                      value={o.code}
                      checked={value.includes(o.code)}
                      onChange={() => {
                        const next = toggle(value, o.code);
                        field.onChange(next.length ? next : null);
                      }}
                      onBlur={field.onBlur}
                      ref={i === 0 ? field.ref : undefined}
                      aria-describedby={describedBy}
                      className="accent-[var(--primary)]"
                    />
                    <span className="flex-1">{o.label}</span>
                  </label>
                ))}
              </div>
              {feature.maxSelected ? (
                <p className="text-xs text-muted-foreground">Choose up to {feature.maxSelected}.</p>
              ) : null}
            </div>
          );
        }}
      />
    );
  }

  if (isNumber(feature)) {
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={`${dom}-input`} className="text-sm">
          Consensus value<span className="sr-only"> for {label}</span>
          {feature.unit ? ` (${feature.unit})` : ''}
        </label>
        <div className="flex items-center gap-2">
          <Input
            id={`${dom}-input`}
            type="number"
            inputMode="decimal"
            className="w-40"
            step={feature.step ?? (feature.decimals !== null ? 10 ** -feature.decimals : 'any')}
            min={feature.min ?? undefined}
            max={feature.max ?? undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            {...register(name, {
              setValueAs: (v: unknown) =>
                v === '' || v === null || v === undefined ? null : typeof v === 'number' ? v : Number(v),
            })}
          />
          {feature.unit ? <span className="text-sm text-muted-foreground">{feature.unit}</span> : null}
        </div>
      </div>
    );
  }

  const textProps = {
    id: `${dom}-input`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    ...register(name, { setValueAs: (v: unknown) => (v === '' || v === undefined ? null : v) }),
  };
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`${dom}-input`} className="text-sm">
        Consensus value<span className="sr-only"> for {label}</span>
      </label>
      {feature.type === 'date' ? (
        <Input type="date" className="w-48" {...textProps} />
      ) : (
        <textarea
          rows={2}
          maxLength={feature.maxLength ?? undefined}
          className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-sm aria-invalid:border-destructive"
          {...textProps}
        />
      )}
    </div>
  );
}
