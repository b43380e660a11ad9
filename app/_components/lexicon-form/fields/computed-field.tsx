import type { ComputedValue } from '@/lib/lexicon/computed';
import { CodesInfo } from '../codes-info';
import { FieldLabelText, helpId, type FieldProps } from '../field-shell';

/** A read-only computed value; the server recomputes it, the form only shows it. */
export function ComputedField({
  props,
  computed,
}: {
  props: FieldProps;
  computed: ComputedValue | undefined;
}) {
  const f = props.feature;
  const option = f.type === 'computed' ? f.options?.find((o) => o.code === computed?.value) : undefined;
  const shown =
    computed?.value === null || computed?.value === undefined
      ? '—'
      : (option?.label ?? `${computed.value}${f.type === 'computed' && f.unit ? ` ${f.unit}` : ''}`);
  return (
    <div className="flex flex-col gap-1" data-feature={f.id}>
      <div className="flex items-center gap-1 text-sm font-medium" id={`${props.domId}-label`}>
        <FieldLabelText feature={f} required={false} />
        <CodesInfo label={f.label} codes={f.codes} note={f.note} />
        <span className="text-xs font-normal text-muted-foreground">(computed)</span>
      </div>
      <output
        aria-labelledby={`${props.domId}-label`}
        aria-describedby={f.help ? helpId(props.domId) : undefined}
        className="text-base font-semibold"
      >
        {shown}
      </output>
      {computed?.value === null && computed.reason ? (
        <p className="text-xs text-muted-foreground">{computed.reason}</p>
      ) : null}
      {f.help ? (
        <p id={helpId(props.domId)} className="text-xs text-muted-foreground">
          {f.help}
        </p>
      ) : null}
    </div>
  );
}
