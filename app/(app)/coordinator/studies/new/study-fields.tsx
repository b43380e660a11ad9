'use client';

import type { ComponentProps, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { cn } from '@/lib/ui/cn';
import { FieldError, Help, Section, Textarea, describedBy } from './form-bits';

/**
 * The fields the new-study form and the study settings share. Each takes the id its control gets
 * (or the prefix of those ids, "study" or "settings"), the form's registration and the field's
 * error, so both forms keep their own ids while the markup stays one.
 */

type FieldProps = {
  id: string;
  label: string;
  /** Help under the control, given the id `${id}-help`. */
  help?: ReactNode;
  error: string | undefined;
  registration: UseFormRegisterReturn;
  /** Classes for the field's wrapper (the control takes `className`). */
  wrapperClassName?: string;
};

function FieldShell({
  id,
  label,
  help,
  error,
  wrapperClassName,
  children,
}: Omit<FieldProps, 'registration'> & { children: ReactNode }) {
  return (
    <div className={cn('flex flex-col gap-2', wrapperClassName)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {help ? <Help id={`${id}-help`}>{help}</Help> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** The props that tie a field's control to its error and help text. */
const describe = (id: string, error: string | undefined, help: ReactNode) =>
  describedBy(`${id}-error`, !!error, !!help && `${id}-help`);

/** A labelled input with optional help and its error. */
export function InputField({
  id,
  label,
  help,
  error,
  registration,
  wrapperClassName,
  ...input
}: FieldProps & Omit<ComponentProps<typeof Input>, 'id'>) {
  return (
    <FieldShell id={id} label={label} help={help} error={error} wrapperClassName={wrapperClassName}>
      <Input id={id} {...input} {...describe(id, error, help)} {...registration} />
    </FieldShell>
  );
}

/** A number of days, from one to a year. */
const DAYS = { type: 'number', min: 1, max: 365, inputMode: 'numeric' } as const;

type PrefixedProps = {
  /** "study" or "settings": the start of the field's ids. */
  idPrefix: string;
  error: string | undefined;
  registration: UseFormRegisterReturn;
};

export function NameField({ idPrefix, error, registration }: PrefixedProps) {
  return (
    <InputField
      id={`${idPrefix}-name`}
      label="Name"
      autoComplete="off"
      error={error}
      registration={registration}
    />
  );
}

export function DescriptionField({ idPrefix, error, registration }: PrefixedProps) {
  const id = `${idPrefix}-description`;
  return (
    <FieldShell id={id} label="Description" error={error}>
      <Textarea id={id} rows={3} {...describe(id, error, undefined)} {...registration} />
    </FieldShell>
  );
}

/** The first-session due date; the help says what the date does in each form. */
export function DueDateField({
  idPrefix,
  ...props
}: PrefixedProps & { help: ReactNode; wrapperClassName?: string }) {
  return <InputField id={`${idPrefix}-due`} label="First-session due date" type="date" {...props} />;
}

/** Days between a reader's first session and their re-reads; the help differs between the forms. */
export function WashoutField({ idPrefix, ...props }: PrefixedProps & { help: ReactNode }) {
  return <InputField id={`${idPrefix}-washout`} label="Wash-out (days)" {...DAYS} {...props} />;
}

export function RereadDueField({ idPrefix, ...props }: PrefixedProps) {
  return (
    <InputField
      id={`${idPrefix}-reread-due`}
      label="Re-read due after (days)"
      {...DAYS}
      help="Optional: how long readers have once their re-reads open."
      {...props}
    />
  );
}

/** Whether readers see case metadata; blinded unless it is ticked. */
export function BlindingSection({
  idPrefix,
  registration,
}: {
  idPrefix: string;
  registration: UseFormRegisterReturn;
}) {
  const id = `${idPrefix}-unblinded`;
  return (
    <Section legend="Blinding">
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 size-4"
          aria-describedby={`${id}-help`}
          {...registration}
        />
        <div className="flex flex-col gap-1">
          <Label htmlFor={id}>Readers see case metadata (unblinded)</Label>
          <Help id={`${id}-help`}>
            Blinded by default: readers never see patient identity; case metadata such as age or clinical
            notes only when this is on.
          </Help>
        </div>
      </div>
    </Section>
  );
}
