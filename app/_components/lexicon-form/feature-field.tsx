'use client';

import type { ComputedValue } from '@/lib/lexicon/computed';
import type { FieldProps } from './field-shell';
import { BooleanField } from './fields/boolean-field';
import { ChoiceField } from './fields/choice-field';
import { ComputedField } from './fields/computed-field';
import { DateField, NumericField, TextField } from './fields/input-fields';
import { MultiChoiceField } from './fields/multi-choice-field';

/** One component per feature type. An unknown type fails loudly. */
export function FeatureField({
  props,
  computed,
}: {
  props: FieldProps;
  computed?: ComputedValue | undefined;
}) {
  const type = props.feature.type;
  switch (type) {
    case 'single_choice':
    case 'ordinal':
      return <ChoiceField {...props} />;
    case 'multiple_choice':
      return <MultiChoiceField {...props} />;
    case 'boolean':
      return <BooleanField {...props} />;
    case 'numeric':
      return <NumericField {...props} />;
    case 'date':
      return <DateField {...props} />;
    case 'text':
      return <TextField {...props} />;
    case 'computed':
      return <ComputedField props={props} computed={computed} />;
    default: {
      const unknown: never = type;
      throw new Error(`Unknown feature type: ${String(unknown)}`);
    }
  }
}
