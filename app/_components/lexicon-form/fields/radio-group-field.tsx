'use client';

import { Controller, useFormContext } from 'react-hook-form';
import type { TCode } from '@/lib/lexicon/schema';
import { CodesInfo } from '../codes-info';
import { ChoiceFieldset, type FieldProps } from '../field-shell';
import { digitKey, OptionKey } from './option-key';

export type RadioChoice = {
  key: string;
  label: string;
  value: string | boolean;
  score?: number | undefined;
  codes?: TCode[];
  note?: string | undefined;
};

/**
 * A radio group for one feature: number keys pick a choice, Delete clears the answer (so
 * "not answered" stays distinct from any choice).
 */
export function RadioGroupField({
  props,
  choices,
  layout,
}: {
  props: FieldProps;
  choices: RadioChoice[];
  layout: 'column' | 'grid' | 'row';
}) {
  const { control } = useFormContext();
  const layoutClass =
    layout === 'column'
      ? 'flex flex-col gap-1'
      : layout === 'row'
        ? 'flex gap-2'
        : 'grid grid-cols-1 gap-1 sm:grid-cols-2';
  return (
    <Controller
      name={props.name}
      control={control}
      render={({ field }) => (
        <ChoiceFieldset
          props={props}
          onKeyDown={(e) => {
            const n = digitKey(e);
            const choice = n === null ? undefined : choices[n];
            if (choice) {
              e.preventDefault();
              field.onChange(choice.value);
              (e.currentTarget.querySelectorAll('input')[n!] as HTMLInputElement | undefined)?.focus();
            } else if (e.key === 'Delete' || e.key === 'Backspace') {
              e.preventDefault();
              field.onChange(null);
            }
          }}
        >
          <div className={layoutClass}>
            {choices.map((c, i) => (
              <label
                key={c.key}
                className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent has-[:checked]:bg-primary/10"
              >
                <input
                  type="radio"
                  name={props.domId}
                  value={c.key}
                  aria-label={c.label}
                  checked={field.value === c.value}
                  onChange={() => field.onChange(c.value)}
                  onBlur={field.onBlur}
                  ref={i === 0 ? field.ref : undefined}
                  className="accent-[var(--primary)]"
                />
                <OptionKey index={i} />
                <span className="flex-1">{c.label}</span>
                {c.score !== undefined ? (
                  <span
                    className="rounded bg-muted px-1.5 text-xs tabular-nums text-muted-foreground"
                    title="Export score"
                  >
                    {c.score}
                  </span>
                ) : null}
                {c.codes ? <CodesInfo label={c.label} codes={c.codes} note={c.note} /> : null}
              </label>
            ))}
          </div>
        </ChoiceFieldset>
      )}
    />
  );
}
