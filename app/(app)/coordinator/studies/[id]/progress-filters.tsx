'use client';

import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { CELL_STATES, CELL_STATE_LABEL, type ProgressIndex } from '@/lib/study/progress';

/** The filters as the controls hold them: text, an index or a state as a string ('' for any), a tick. */
export type FilterFields = {
  query: string;
  reader: string;
  status: string;
  session: string;
  overdueOnly: boolean;
};

export const NO_FILTERS: FilterFields = {
  query: '',
  reader: '',
  status: '',
  session: '',
  overdueOnly: false,
};

/** The toolbar above the matrix: search, reader, status and session filters, and the case count. */
export function ProgressFilters({
  idPrefix,
  ix,
  fields,
  onChange,
  filtered,
  onClear,
  shown,
}: {
  idPrefix: string;
  ix: ProgressIndex;
  fields: FilterFields;
  onChange: (change: Partial<FilterFields>) => void;
  /** Some filter is in force, so the filters can be cleared. */
  filtered: boolean;
  onClear: () => void;
  /** How many cases the filters let through. */
  shown: number;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-end gap-3" role="group" aria-label="Filter cases">
      <div className="grid w-64 gap-1.5">
        <Label htmlFor={`${idPrefix}-search`}>Search cases</Label>
        <Input
          id={`${idPrefix}-search`}
          type="search"
          value={fields.query}
          onChange={(e) => onChange({ query: e.target.value })}
          placeholder="Label, key or subject ID"
        />
      </div>
      <div className="grid w-48 gap-1.5">
        <Label htmlFor={`${idPrefix}-reader`}>Reader</Label>
        <NativeSelect
          id={`${idPrefix}-reader`}
          value={fields.reader}
          onChange={(e) => onChange({ reader: e.target.value })}
        >
          <option value="">All readers</option>
          {ix.data.readers.map((r, i) => (
            <option key={r.id} value={String(i)}>
              {r.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid w-48 gap-1.5">
        <Label htmlFor={`${idPrefix}-status`}>Status</Label>
        <NativeSelect
          id={`${idPrefix}-status`}
          value={fields.status}
          onChange={(e) => onChange({ status: e.target.value })}
        >
          <option value="">Any status</option>
          {CELL_STATES.filter((s) => s !== 'waiting' || ix.sessions > 1).map((s) => (
            <option key={s} value={s}>
              {CELL_STATE_LABEL[s]}
            </option>
          ))}
        </NativeSelect>
      </div>
      {ix.sessions > 1 ? (
        <div className="grid w-36 gap-1.5">
          <Label htmlFor={`${idPrefix}-session`}>Session</Label>
          <NativeSelect
            id={`${idPrefix}-session`}
            value={fields.session}
            onChange={(e) => onChange({ session: e.target.value })}
          >
            <option value="">Both sessions</option>
            {Array.from({ length: ix.sessions }, (_, s) => (
              <option key={s} value={String(s + 1)}>
                Session {s + 1}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}
      <label className="flex h-9 items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          className="size-4 accent-primary"
          checked={fields.overdueOnly}
          onChange={(e) => onChange({ overdueOnly: e.target.checked })}
        />
        Overdue only
      </label>
      {filtered ? (
        <Button type="button" variant="ghost" size="sm" className="h-9" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
      <p
        role="status"
        className="ml-auto h-9 content-center text-sm text-muted-foreground"
        data-testid="case-count"
      >
        {shown} of {ix.data.cases.length} cases
      </p>
    </div>
  );
}
