'use client';

import type { FieldProps } from '../field-shell';
import { RadioGroupField } from './radio-group-field';

/** Yes/no as a two-option radio group (1 = yes, 2 = no), so "not answered" stays distinct from "no". */
export function BooleanField(props: FieldProps) {
  const f = props.feature;
  if (f.type !== 'boolean') return null;
  const choices = [
    { key: 'true', label: f.true_label, value: true },
    { key: 'false', label: f.false_label, value: false },
  ];
  return <RadioGroupField props={props} choices={choices} layout="row" />;
}
