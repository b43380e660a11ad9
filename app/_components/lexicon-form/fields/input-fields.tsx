'use client';

import { useFormContext } from 'react-hook-form';
import { Ruler } from 'lucide-react';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { CodesInfo } from '../codes-info';
import { describedBy, FieldFooter, FieldLabelText, type FieldProps } from '../field-shell';
import { fieldPathOf } from '../field-names';
import { useMeasurementBridge } from '../measurement-bridge';

/** The ARIA state every input shares: invalid, required, and described by its help and error. */
const inputA11y = (props: FieldProps) => ({
  'aria-invalid': props.error ? true : undefined,
  'aria-required': props.required || undefined,
  'aria-describedby': describedBy(props),
});

const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

function InputLabel({ props }: { props: FieldProps }) {
  return (
    <div className="flex items-center gap-1">
      <label htmlFor={props.domId} className="text-sm font-medium">
        <FieldLabelText feature={props.feature} required={props.required} />
      </label>
      <CodesInfo label={props.feature.label} codes={props.feature.codes} note={props.feature.note} />
    </div>
  );
}

/** A number with its UCUM unit; the value is stored as a number (empty = unanswered). */
export function NumericField(props: FieldProps) {
  const { register } = useFormContext();
  const f = props.feature;
  if (f.type !== 'numeric') return null;
  return (
    <div className="flex flex-col gap-2" data-feature={f.id}>
      <InputLabel props={props} />
      <div className="flex items-center gap-2">
        <Input
          id={props.domId}
          type="number"
          inputMode="decimal"
          className="w-40"
          step={f.step ?? 10 ** -f.decimals}
          min={f.min}
          max={f.max}
          {...inputA11y(props)}
          {...register(props.name, {
            setValueAs: (v: unknown) => (emptyToNull(v) === null ? null : Number(v)),
          })}
        />
        <span className="text-sm text-muted-foreground">{f.unit}</span>
        <MeasureButton props={props} />
      </div>
      <MeasureStatus props={props} />
      <FieldFooter props={props} />
    </div>
  );
}

/** For `measurement:` features beside a viewer: the next annotation of the matching tool fills the field. */
function MeasureButton({ props }: { props: FieldProps }) {
  const bridge = useMeasurementBridge();
  const f = props.feature;
  if (!bridge || f.type !== 'numeric' || !f.measurement || f.measurement === 'volume') return null;
  const path = fieldPathOf(props.name);
  const armed = bridge.armed === path;
  return (
    <Button
      type="button"
      variant={armed ? 'default' : 'outline'}
      size="sm"
      aria-pressed={armed}
      aria-label={`Measure ${f.label} on the image`}
      onClick={() => (armed ? bridge.cancel() : bridge.arm(path, f))}
    >
      <Ruler aria-hidden /> {armed ? 'Draw on the image… (Esc cancels)' : 'Measure'}
    </Button>
  );
}

function MeasureStatus({ props }: { props: FieldProps }) {
  const bridge = useMeasurementBridge();
  if (!bridge) return null;
  const path = fieldPathOf(props.name);
  const refused = bridge.refused[path];
  const measured = bridge.measured[path];
  if (refused)
    return (
      <p role="alert" className="text-sm text-destructive">
        {refused}
      </p>
    );
  return measured ? <p className="text-xs text-muted-foreground">{measured}</p> : null;
}

export function DateField(props: FieldProps) {
  const { register } = useFormContext();
  return (
    <div className="flex flex-col gap-2" data-feature={props.feature.id}>
      <InputLabel props={props} />
      <Input
        id={props.domId}
        type="date"
        className="w-48"
        {...inputA11y(props)}
        {...register(props.name, { setValueAs: emptyToNull })}
      />
      <FieldFooter props={props} />
    </div>
  );
}

export function TextField(props: FieldProps) {
  const { register } = useFormContext();
  const f = props.feature;
  return (
    <div className="flex flex-col gap-2" data-feature={f.id}>
      <InputLabel props={props} />
      <textarea
        id={props.domId}
        rows={3}
        maxLength={f.type === 'text' ? f.max_length : undefined}
        className="w-full rounded-md border border-input bg-transparent px-3 py-2 text-sm shadow-sm aria-invalid:border-destructive"
        {...inputA11y(props)}
        {...register(props.name, { setValueAs: emptyToNull })}
      />
      <FieldFooter props={props} />
    </div>
  );
}
