'use server';

import { z } from 'zod';
import { runAction } from '@/lib/auth/action.server';
import { AppError } from '@/lib/errors';
import { findLexicon } from '@/lib/lexicon/catalog.server';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { validateAnswers } from '@/lib/lexicon/validate-answers';

const ZCheck = z.object({
  lexiconId: z.string().min(1),
  mode: z.enum(['draft', 'submit']),
  answers: z.record(z.string(), z.unknown()),
});

/** Checks answers on the server exactly as a save would, and stores nothing. */
export async function checkAnswersAction(_prev: unknown, input: unknown) {
  return runAction('lexicons.view', ZCheck, input, ({ lexiconId, mode, answers }) => {
    const entry = findLexicon(lexiconId);
    if (!entry) throw new AppError('not_found', 'No such lexicon');
    const { computed, answered, total } = validateAnswers(buildFormModel(entry.lexicon), answers, mode);
    return { computed, answered, total };
  });
}
