'use client';

import { Controller, useFormContext } from 'react-hook-form';
import { CodesInfo } from '../codes-info';
import { ChoiceFieldset, type FieldProps } from '../field-shell';
import { digitKey, OptionKey } from './option-key';

/** Single choice and ordinal: a radio group. Number keys pick an option; Delete clears. */
export function ChoiceField(props: FieldProps) {
  const { control } = useFormContext();
  const f = props.feature;
  if (f.type !== 'single_choice' && f.type !== 'ordinal') return null;
  const options = f.options.filter((o) => !props.visibleOptions || props.visibleOptions.includes(o.code));
  return (
    <Controller
      name={props.name}
      control={control}
      render={({ field }) => (
        <ChoiceFieldset
          props={props}
          onKeyDown={(e) => {
            const n = digitKey(e);
            if (n !== null && options[n]) {
              e.preventDefault();
              field.onChange(options[n].code);
              (e.currentTarget.querySelectorAll('input')[n] as HTMLInputElement | undefined)?.focus();
            } else if (e.key === 'Delete' || e.key === 'Backspace') {
              e.preventDefault();
              field.onChange(null);
            }
          }}
        >
          <div
            className={f.type === 'ordinal' ? 'flex flex-col gap-1' : 'grid grid-cols-1 gap-1 sm:grid-cols-2'}
          >
            {options.map((o, i) => (
              <label
                key={o.code}
                className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent has-[:checked]:bg-primary/10"
              >
                <input
                  type="radio"
                  name={props.domId}
                  value={o.code}
                  aria-label={o.label}
                  checked={field.value === o.code}
                  onChange={() => field.onChange(o.code)}
                  onBlur={field.onBlur}
                  ref={i === 0 ? field.ref : undefined}
                  className="accent-[var(--primary)]"
                />
                <OptionKey index={i} />
                <span className="flex-1">{o.label}</span>
                {o.score !== undefined ? (
                  <span
                    className="rounded bg-muted px-1.5 text-xs tabular-nums text-muted-foreground"
                    title="Export score"
                  >
                    {o.score}
                  </span>
                ) : null}
                <CodesInfo label={o.label} codes={o.codes} note={o.note} />
              </label>
            ))}
          </div>
        </ChoiceFieldset>
      )}
    />
  );
}
