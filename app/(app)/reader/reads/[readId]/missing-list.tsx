'use client';

import { Alert } from '@/app/_components/ui/alert';
import type { FormModel } from '@/lib/lexicon/form-model';

/** The label of a field path: `F29` → its feature's label; `findings[0].size` → "Finding 1: Size". */
function labelOf(model: FormModel, path: string): string {
  const m = /^([^[\]]+)\[(\d+)\]\.(.+)$/.exec(path);
  const id = m ? m[3]! : path;
  for (const s of model.sections)
    for (const f of s.features)
      if (f.id === id)
        return m ? `${s.repeat?.label ?? s.title} ${Number(m[2]) + 1}: ${f.label}` : `${f.id} ${f.label}`;
  return path;
}

/** What keeps a submit from going through, each entry a button that focuses its field. */
export function MissingList({
  model,
  paths,
  onFocus,
}: {
  model: FormModel;
  paths: string[];
  onFocus: (path: string) => void;
}) {
  if (!paths.length) return null;
  return (
    <Alert variant="destructive" data-testid="missing-list">
      <p className="font-medium">
        {paths.length === 1 ? 'One feature needs' : `${paths.length} features need`} an answer before you can
        submit:
      </p>
      <ul className="mt-1 list-disc pl-5">
        {paths.map((p) => (
          <li key={p}>
            <button
              type="button"
              className="text-left underline underline-offset-2"
              onClick={() => onFocus(p)}
            >
              {labelOf(model, p)}
            </button>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
