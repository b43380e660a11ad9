import type { ComponentProps, ReactNode } from 'react';
import { Label } from '@/app/_components/ui/label';
import type { Choice } from './export-options';
import { FieldError, Help } from '@/app/_components/ui/field-text';
export { FieldError, Help };

/** Small pieces of the export form: option groups, radio rows, help and error text. */

export function describedBy(errorId: string, hasError: boolean, ...ids: (string | false | undefined)[]) {
  const all = [hasError ? errorId : null, ...ids].filter(Boolean).join(' ');
  return { 'aria-describedby': all || undefined, 'aria-invalid': hasError ? true : undefined } as const;
}

export function Group({
  legend,
  id,
  description,
  error,
  children,
}: {
  legend: string;
  id: string;
  description?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <fieldset
      id={`group-${id}`}
      className="flex flex-col gap-3 rounded-lg border bg-card p-5"
      aria-describedby={
        [description ? `group-${id}-description` : null, error ? `${id}-error` : null]
          .filter(Boolean)
          .join(' ') || undefined
      }
    >
      <legend className="px-1 text-base font-semibold">{legend}</legend>
      {description ? (
        <p id={`group-${id}-description`} className="-mt-1 text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}

export function RadioRow({
  id,
  label,
  help,
  children,
}: {
  id: string;
  label: string;
  help: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex items-start gap-2">
      {children}
      <div className="flex flex-col gap-0.5">
        <Label htmlFor={id} className="font-normal leading-snug">
          {label}
        </Label>
        <Help id={`${id}-help`}>{help}</Help>
      </div>
    </div>
  );
}

export function Radio<T extends string>({
  id,
  choice,
  ...input
}: { id: string; choice: Choice<T> } & Omit<ComponentProps<'input'>, 'id' | 'type' | 'value'>) {
  return (
    <RadioRow id={id} label={choice.label} help={choice.help}>
      <input
        id={id}
        type="radio"
        value={choice.value}
        className="mt-0.5 size-4"
        aria-describedby={`${id}-help`}
        {...input}
      />
    </RadioRow>
  );
}
