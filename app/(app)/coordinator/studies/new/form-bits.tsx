'use client';

import type { ComponentProps, ReactNode } from 'react';
import type { FieldErrors, FieldValues } from 'react-hook-form';
import { cn } from '@/lib/ui/cn';
import { FieldError, Help } from '@/app/_components/ui/field-text';
export { FieldError, Help };

/** Small pieces the study forms share: sections, help and error text, a text area. */

export function Section({
  legend,
  description,
  children,
  className,
}: {
  legend: string;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={cn('flex flex-col gap-4 rounded-lg border bg-card p-5', className)}>
      <legend className="px-1 text-base font-semibold">{legend}</legend>
      {description ? <p className="-mt-2 text-sm text-muted-foreground">{description}</p> : null}
      {children}
    </fieldset>
  );
}

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return (
    <textarea
      className={cn(
        'flex min-h-20 w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-sm placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive',
        className,
      )}
      {...props}
    />
  );
}

/** The message of the error at a dotted path ("design.k"), if any. */
export function errorAt<T extends FieldValues>(errors: FieldErrors<T>, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Every error message with its dotted path, in form order as far as the object keeps it. */
export function listErrors<T extends FieldValues>(
  errors: FieldErrors<T>,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.message === 'string') {
      out.push({ path: path.join('.'), message: n.message });
      return;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'ref') walk(v, [...path, k]);
  };
  walk(errors, []);
  return out;
}

/** Moves focus to a field (or the first control inside a group) by element id. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  const target =
    el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement
      ? el
      : el.querySelector<HTMLElement>('input, select, textarea, button');
  (target ?? el).focus();
  el.scrollIntoView({ block: 'center' });
}

/** The field props that tie a control to its error and help text. */
export function describedBy(errorId: string, hasError: boolean, ...helpIds: (string | false | undefined)[]) {
  const ids = [hasError ? errorId : null, ...helpIds].filter(Boolean).join(' ');
  return { 'aria-invalid': hasError ? true : undefined, 'aria-describedby': ids || undefined } as const;
}
