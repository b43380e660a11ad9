'use client';

import { useState } from 'react';
import { LexiconForm } from '@/app/_components/lexicon-form/lexicon-form';
import { Alert } from '@/app/_components/ui/alert';
import type { FormModel } from '@/lib/lexicon/form-model';
import { checkAnswersAction } from './actions';

type Outcome = { ok: boolean; message: string };

export function Tryout({ model }: { model: FormModel }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <div className="flex flex-col gap-4">
      {outcome ? (
        <Alert variant={outcome.ok ? 'success' : 'destructive'} data-testid="server-check">
          {outcome.message}
        </Alert>
      ) : null}
      <LexiconForm
        model={model}
        onSave={async (answers, mode) => {
          const result = await checkAnswersAction(null, { lexiconId: model.id, mode, answers });
          if (!result.ok) {
            setOutcome({ ok: false, message: `The server refused the ${mode}: ${result.message}` });
            return result.fieldErrors;
          }
          const computed = result.data.computed
            .map((c) => `${c.label}: ${c.value ?? `none (${c.reason})`}`)
            .join('; ');
          setOutcome({
            ok: true,
            message: `The server accepted the ${mode === 'submit' ? 'submission' : 'draft'}: ${result.data.answered} of ${result.data.total} answered.${computed ? ` ${computed}.` : ''}`,
          });
        }}
      />
    </div>
  );
}
