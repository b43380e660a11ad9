'use client';

import type { FieldProps } from '../field-shell';
import { RadioGroupField } from './radio-group-field';

/** Single choice and ordinal: a radio group of the options that apply (ordinal ones in a column, in order). */
export function ChoiceField(props: FieldProps) {
  const f = props.feature;
  if (f.type !== 'single_choice' && f.type !== 'ordinal') return null;
  const choices = f.options
    .filter((o) => !props.visibleOptions || props.visibleOptions.includes(o.code))
    .map((o) => ({
      key: o.code,
      label: o.label,
      value: o.code,
      score: o.score,
      codes: o.codes,
      note: o.note,
    }));
  return (
    <RadioGroupField props={props} choices={choices} layout={f.type === 'ordinal' ? 'column' : 'grid'} />
  );
}
