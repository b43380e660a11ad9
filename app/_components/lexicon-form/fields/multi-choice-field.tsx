'use client';

import { Controller, useFormContext } from 'react-hook-form';
import { CodesInfo } from '../codes-info';
import { ChoiceFieldset, type FieldProps } from '../field-shell';
import { digitKey, OptionKey } from './option-key';

/**
 * Multiple choice: checkboxes with one tab stop for the group (arrow keys move within it),
 * so Tab goes from feature to feature. Number keys toggle; an exclusive option ("none")
 * clears the others and is cleared by them.
 */
export function MultiChoiceField(props: FieldProps) {
  const { control } = useFormContext();
  const f = props.feature;
  if (f.type !== 'multiple_choice') return null;
  const options = f.options.filter((o) => !props.visibleOptions || props.visibleOptions.includes(o.code));
  const toggle = (current: string[], code: string): string[] => {
    if (current.includes(code)) return current.filter((c) => c !== code);
    const option = options.find((o) => o.code === code);
    if (option?.exclusive) return [code];
    const exclusive = new Set(options.filter((o) => o.exclusive).map((o) => o.code));
    return [...current.filter((c) => !exclusive.has(c)), code];
  };
  return (
    <Controller
      name={props.name}
      control={control}
      render={({ field }) => {
        const value: string[] = Array.isArray(field.value) ? field.value : [];
        return (
          <ChoiceFieldset
            props={props}
            onKeyDown={(e) => {
              const boxes = [...e.currentTarget.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
              const at = boxes.indexOf(e.target as HTMLInputElement);
              const n = digitKey(e);
              if (n !== null && options[n]) {
                e.preventDefault();
                field.onChange(toggle(value, options[n].code));
                boxes[n]?.focus();
              } else if ((e.key === 'ArrowDown' || e.key === 'ArrowRight') && at >= 0) {
                e.preventDefault();
                boxes[(at + 1) % boxes.length]?.focus();
              } else if ((e.key === 'ArrowUp' || e.key === 'ArrowLeft') && at >= 0) {
                e.preventDefault();
                boxes[(at - 1 + boxes.length) % boxes.length]?.focus();
              }
            }}
          >
            <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
              {options.map((o, i) => (
                <label
                  key={o.code}
                  className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent has-[:checked]:bg-primary/10"
                >
                  <input
                    type="checkbox"
                    value={o.code}
                    aria-label={o.label}
                    checked={value.includes(o.code)}
                    tabIndex={i === 0 ? 0 : -1}
                    onChange={() => field.onChange(toggle(value, o.code))}
                    onBlur={field.onBlur}
                    ref={i === 0 ? field.ref : undefined}
                    className="accent-[var(--primary)]"
                  />
                  <OptionKey index={i} />
                  <span className="flex-1">{o.label}</span>
                  <CodesInfo label={o.label} codes={o.codes} note={o.note} />
                </label>
              ))}
            </div>
            {f.max_selected ? (
              <p className="text-xs text-muted-foreground">Choose up to {f.max_selected}.</p>
            ) : null}
          </ChoiceFieldset>
        );
      }}
    />
  );
}
