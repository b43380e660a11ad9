'use client';

import { Controller, useFormContext } from 'react-hook-form';
import { ChoiceFieldset, type FieldProps } from '../field-shell';
import { digitKey, OptionKey } from './option-key';

/** Yes/no as a two-option radio group (1 = yes, 2 = no), so "not answered" stays distinct from "no". */
export function BooleanField(props: FieldProps) {
  const { control } = useFormContext();
  const f = props.feature;
  if (f.type !== 'boolean') return null;
  const choices = [
    { value: true, label: f.true_label },
    { value: false, label: f.false_label },
  ];
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
            }
          }}
        >
          <div className="flex gap-2">
            {choices.map((c, i) => (
              <label
                key={c.label}
                className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent has-[:checked]:bg-primary/10"
              >
                <input
                  type="radio"
                  name={props.domId}
                  checked={field.value === c.value}
                  aria-label={c.label}
                  onChange={() => field.onChange(c.value)}
                  onBlur={field.onBlur}
                  ref={i === 0 ? field.ref : undefined}
                  className="accent-[var(--primary)]"
                />
                <OptionKey index={i} />
                {c.label}
              </label>
            ))}
          </div>
        </ChoiceFieldset>
      )}
    />
  );
}
