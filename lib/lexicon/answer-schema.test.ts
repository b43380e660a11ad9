import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildAnswerSchema } from './answer-schema';
import { buildFormModel, resolveForm, type Answers } from './form-model';
import { parseLexicon } from './parse';
import { shippedModel } from './test-lexicons';

describe('buildAnswerSchema on VASARI', () => {
  const model = shippedModel('vasari');
  const draft = buildAnswerSchema(model, { mode: 'draft' });
  const submit = buildAnswerSchema(model, { mode: 'submit' });

  it('accepts a partial draft and refuses it on submit, naming what is missing', () => {
    const answers = { F4: 'marked', F29: 42.5 };
    expect(draft.safeParse(answers).success).toBe(true);
    const r = submit.safeParse(answers);
    expect(r.success).toBe(false);
    const missing = r.error?.issues.filter((i) => i.message === 'Required').map((i) => i.path.join('.'));
    expect(missing).toContain('F1');
    expect(missing).toContain('F5');
  });

  it('does not require the features F4 = none hides', () => {
    const r = submit.safeParse({ F4: 'none' });
    const missing = r.error?.issues.filter((i) => i.message === 'Required').map((i) => i.path[0]);
    for (const hidden of ['F5', 'F7', 'F11', 'F12', 'F23', 'F24']) expect(missing).not.toContain(hidden);
  });

  it('clears hidden features when resolving', () => {
    const r = resolveForm(model, { F4: 'none', F5: 'lt5', F7: 'lt5' } as Answers);
    expect(r.answers).toEqual({ F4: 'none' });
    expect(r.fields.F5?.visible).toBe(false);
  });

  it('refuses an option code the lexicon does not have, an out-of-range number and an unknown key', () => {
    expect(draft.safeParse({ F4: 'purple' }).success).toBe(false);
    expect(draft.safeParse({ F29: -3 }).success).toBe(false);
    expect(draft.safeParse({ F29: 12.345 }).success).toBe(false);
    expect(draft.safeParse({ F99: 'x' }).success).toBe(false);
  });

  it('treats empty inputs as unanswered', () => {
    expect(draft.safeParse({ F29: '', F4: null, F1: [] }).success).toBe(true);
  });
});

describe('buildAnswerSchema on TI-RADS (repeat groups, computed, exclusive options)', () => {
  const model = shippedModel('ti-rads');
  const draft = buildAnswerSchema(model, { mode: 'draft' });
  const submit = buildAnswerSchema(model, { mode: 'submit' });
  const nodule = {
    lobe: 'left',
    max_diameter: 1.4,
    composition: 'solid',
    echogenicity: 'hypo',
    shape: 'wider',
    margin: 'smooth',
    echogenic_foci: ['macro'],
  };

  it('accepts a complete nodule and requires at least one on submit', () => {
    expect(submit.safeParse({ nodules: [nodule] }).success).toBe(true);
    expect(submit.safeParse({ nodules: [] }).success).toBe(false);
    expect(draft.safeParse({ nodules: [] }).success).toBe(true);
  });

  it('never takes a computed value from the client', () => {
    const r = draft.safeParse({ nodules: [{ ...nodule, points: 0, tr_level: 'TR1' }] });
    expect(r.success).toBe(false);
  });

  it('refuses "none" together with other echogenic foci', () => {
    const r = draft.safeParse({ nodules: [{ ...nodule, echogenic_foci: ['none', 'punctate'] }] });
    expect(r.error?.issues[0]?.path).toEqual(['nodules', 0, 'echogenic_foci']);
  });

  it('caps the number of nodules', () => {
    expect(draft.safeParse({ nodules: Array(6).fill(nodule) }).success).toBe(false);
  });
});

/** Random valid lexicons: answers that follow the lexicon pass; answers that break it do not. */
describe('property: generated lexicons and answers', () => {
  const choiceTypes = ['single_choice', 'multiple_choice', 'ordinal'] as const;
  const arbFeature = (id: string) =>
    fc.oneof(
      fc.record({
        id: fc.constant(id),
        label: fc.constant(`Feature ${id}`),
        type: fc.constantFrom(...choiceTypes),
        required: fc.boolean(),
        options: fc
          .integer({ min: 1, max: 5 })
          .map((n) =>
            Array.from({ length: n }, (_, i) => ({ code: `o${i}`, label: `Option ${i}`, score: i })),
          ),
      }),
      fc.record({
        id: fc.constant(id),
        label: fc.constant(`Feature ${id}`),
        type: fc.constant('boolean' as const),
        required: fc.boolean(),
      }),
      fc.record({
        id: fc.constant(id),
        label: fc.constant(`Feature ${id}`),
        type: fc.constant('numeric' as const),
        required: fc.boolean(),
        unit: fc.constant('mm'),
        min: fc.constant(0),
        max: fc.constant(100),
        decimals: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({
        id: fc.constant(id),
        label: fc.constant(`Feature ${id}`),
        type: fc.constant('date' as const),
        required: fc.boolean(),
      }),
    );
  const arbLexicon = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => arbFeature(`f${i}`)), fc.boolean()).map((parts) => {
      const repeat = parts.pop() as boolean;
      const features = parts as Record<string, unknown>[];
      // Conditions: the second feature shows only when the first is answered.
      if (features.length > 1) features[1] = { ...features[1], show_if: { feature: 'f0', answered: true } };
      return {
        id: 'random',
        title: 'Random',
        version: '1.0.0',
        description: 'generated',
        sections: [
          { id: 'sec', title: 'Section', ...(repeat ? { repeat: { label: 'Item', max: 3 } } : {}), features },
        ],
      };
    }),
  );
  const valueFor = (f: Record<string, unknown>, rnd: number) => {
    const options = (f.options as { code: string }[] | undefined) ?? [];
    switch (f.type) {
      case 'single_choice':
      case 'ordinal':
        return options[rnd % options.length]?.code;
      case 'multiple_choice':
        return options.filter((_, i) => (rnd >> i) & 1).map((o) => o.code);
      case 'boolean':
        return rnd % 2 === 0;
      case 'numeric':
        return (
          Math.round(((rnd % 10000) / 100) * 10 ** (f.decimals as number)) / 10 ** (f.decimals as number)
        );
      default:
        return `2026-0${1 + (rnd % 9)}-1${rnd % 10}`;
    }
  };

  it('accepts every answer set that follows the lexicon and rejects one that breaks it', () => {
    fc.assert(
      fc.property(arbLexicon, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (lexicon, rnds) => {
        const parsed = parseLexicon(stringify(lexicon), 'random.yaml');
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const model = buildFormModel(parsed.lexicon);
        const features = lexicon.sections[0]!.features;
        const values = Object.fromEntries(
          features.map((f, i) => [f.id as string, valueFor(f, rnds[i] ?? 0)]),
        );
        const repeat = 'repeat' in lexicon.sections[0]!;
        const raw: Answers = repeat ? { sec: [values] } : values;
        const clean = resolveForm(model, raw).answers;
        const draft = buildAnswerSchema(model, { mode: 'draft' });
        expect(draft.safeParse(clean).success).toBe(true);

        const broken = structuredClone(values);
        const first = features[0]!;
        broken.f0 =
          first.type === 'numeric'
            ? 1000
            : first.type === 'boolean'
              ? 'maybe'
              : first.type === 'date'
                ? '2026-13-45'
                : first.type === 'multiple_choice'
                  ? ['zz']
                  : 'zz';
        expect(draft.safeParse(repeat ? { sec: [broken] } : broken).success).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('gives positioned errors, never a crash, for broken lexicons', () => {
    const arbBroken = arbLexicon.chain((lex) =>
      fc
        .constantFrom(
          () => ({ ...lex, version: 'one' }),
          () => ({
            ...lex,
            sections: [
              { ...lex.sections[0], features: [...lex.sections[0]!.features, lex.sections[0]!.features[0]] },
            ],
          }),
          () => ({
            ...lex,
            sections: [
              {
                ...lex.sections[0],
                features: lex.sections[0]!.features.map((f) => ({
                  ...f,
                  show_if: { feature: 'nope', equals: 1 },
                })),
              },
            ],
          }),
          () => ({
            ...lex,
            sections: [
              {
                ...lex.sections[0],
                features: lex.sections[0]!.features.map((f) => ({ ...f, type: 'slider' })),
              },
            ],
          }),
          () => ({ ...lex, sections: 'none' }),
        )
        .map((make) => make()),
    );
    fc.assert(
      fc.property(arbBroken, (lex) => {
        const r = parseLexicon(stringify(lex), 'broken.yaml');
        expect(r.ok).toBe(false);
        if (!r.ok) for (const e of r.errors) expect(e.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
