import type { ReactNode } from 'react';
import type { TFeature } from '@/lib/lexicon/schema';
import { CodesInfo } from './codes-info';

export type FieldProps = {
  feature: TFeature;
  /** The react-hook-form name: `F5` or `findings.0.mass_shape`. */
  name: string;
  /** DOM id stem, unique on the page. */
  domId: string;
  required: boolean;
  error?: string | undefined;
  visibleOptions?: string[] | undefined;
};

export const errorId = (domId: string) => `${domId}-error`;
export const helpId = (domId: string) => `${domId}-help`;

export function describedBy(props: FieldProps): string | undefined {
  const ids = [
    props.error ? errorId(props.domId) : null,
    props.feature.help ? helpId(props.domId) : null,
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldLabelText({ feature, required }: { feature: TFeature; required: boolean }) {
  return (
    <>
      <span className="text-muted-foreground">{feature.id.match(/^[A-Z]+\d+$/) ? `${feature.id} ` : ''}</span>
      {feature.label}
      {required ? (
        <span aria-hidden className="text-destructive">
          {' '}
          *
        </span>
      ) : null}
    </>
  );
}

/** Help and error lines under a field, tied to it by aria-describedby. */
export function FieldFooter({ props }: { props: FieldProps }) {
  return (
    <>
      {props.feature.help ? (
        <p id={helpId(props.domId)} className="text-xs text-muted-foreground">
          {props.feature.help}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId(props.domId)} className="text-sm text-destructive">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** A fieldset for choice-like features, with its legend, codes, help and error. */
export function ChoiceFieldset({
  props,
  children,
  onKeyDown,
}: {
  props: FieldProps;
  children: ReactNode;
  onKeyDown?: (e: React.KeyboardEvent) => void;
}) {
  return (
    <fieldset
      className="flex flex-col gap-2"
      aria-describedby={describedBy(props)}
      aria-invalid={props.error ? true : undefined}
      data-feature={props.feature.id}
      onKeyDown={onKeyDown}
    >
      <legend className="mb-1 flex items-center gap-1 text-sm font-medium">
        <FieldLabelText feature={props.feature} required={props.required} />
        {/* A group cannot carry aria-required: the legend says it instead. */}
        {props.required ? <span className="sr-only"> (required)</span> : null}
        <CodesInfo label={props.feature.label} codes={props.feature.codes} note={props.feature.note} />
      </legend>
      {children}
      <FieldFooter props={props} />
    </fieldset>
  );
}
