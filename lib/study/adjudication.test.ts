import { describe, expect, it } from 'vitest';
import { buildFormModel } from '@/lib/lexicon/form-model';
import { ZLexicon } from '@/lib/lexicon/schema';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { adjudicableFeatures, caseTriggers, checkRules, type CaseAnswer } from './adjudication';
import type { AdjudicationRule } from './adjudication-config';

const grade = [
  { code: 'none', label: 'None', score: 0 },
  { code: 'low', label: 'Low', score: 1 },
  { code: 'mid', label: 'Middle', score: 2 },
  { code: 'high', label: 'High', score: 3 },
  { code: 'na', label: 'Not assessable', missingness: 'not_assessable' },
];

const model = buildFormModel(
  ZLexicon.parse({
    id: 'adjudication-test',
    title: 'Adjudication test',
    version: '1.0.0',
    description: 'A small lexicon for adjudication tests.',
    sections: [
      {
        id: 'main',
        title: 'Main',
        features: [
          {
            id: 'N1',
            label: 'Side',
            type: 'single_choice',
            options: [
              { code: 'left', label: 'Left' },
              { code: 'right', label: 'Right' },
            ],
          },
          { id: 'O1', label: 'Grade', type: 'ordinal', options: grade },
          { id: 'S1', label: 'Size', type: 'numeric', unit: 'mm', min: 0, max: 100 },
          { id: 'P1', label: 'Share', type: 'numeric', unit: '%', min: 0, max: 100 },
          { id: 'B1', label: 'Calcified', type: 'boolean' },
          {
            id: 'M1',
            label: 'Sites',
            type: 'multiple_choice',
            options: [
              { code: 'a', label: 'Site A', score: 1 },
              { code: 'b', label: 'Site B', score: 1 },
              { code: 'c', label: 'Site C', score: 1 },
            ],
          },
          { id: 'T1', label: 'Comment', type: 'text' },
          { id: 'D1', label: 'Exam date', type: 'date' },
          { id: 'C1', label: 'Score', type: 'computed', compute: { kind: 'sum_scores', of: ['O1', 'M1'] } },
          {
            id: 'L1',
            label: 'Category',
            type: 'computed',
            compute: {
              kind: 'lookup',
              from: 'C1',
              ranges: [
                { max: 2, value: 'cat1' },
                { min: 3, value: 'cat2' },
              ],
            },
            options: [
              { code: 'cat1', label: 'Category 1' },
              { code: 'cat2', label: 'Category 2' },
            ],
          },
        ],
      },
      {
        id: 'lesions',
        title: 'Lesions',
        repeat: { label: 'Lesion', max: 5 },
        features: [
          { id: 'LS', label: 'Lesion size', type: 'numeric', unit: 'mm', min: 0, max: 100 },
          { id: 'LG', label: 'Lesion grade', type: 'ordinal', options: grade },
        ],
      },
    ],
  }),
);

/** Answers of several readers: reader → path → value. */
function reads(byReader: Record<string, Record<string, CaseAnswer['value']>>): CaseAnswer[] {
  return Object.entries(byReader).flatMap(([readerId, values]) =>
    Object.entries(values).map(([path, value]) => ({ readerId, path, value })),
  );
}

describe('adjudicableFeatures', () => {
  it('lists what a rule can name, with the rule kinds each takes', () => {
    const list = adjudicableFeatures(model);
    expect(list.map((f) => f.featureId)).toEqual([
      'N1',
      'O1',
      'S1',
      'P1',
      'B1',
      'M1',
      'C1',
      'L1',
      'LS',
      'LG',
    ]);
    const by = new Map(list.map((f) => [f.featureId, f]));
    expect(by.get('N1')).toEqual({
      featureId: 'N1',
      label: 'Side',
      section: 'Main',
      kind: 'nominal',
      ruleKinds: ['any'],
    });
    expect(by.get('O1')).toMatchObject({ kind: 'ordinal', ruleKinds: ['any', 'steps'] });
    expect(by.get('S1')).toMatchObject({ kind: 'numeric', unit: 'mm', ruleKinds: ['any', 'units'] });
    expect(by.get('B1')).toMatchObject({ kind: 'binary', ruleKinds: ['any'] });
    expect(by.get('M1')).toMatchObject({ kind: 'multiple', ruleKinds: ['any'] });
    expect(by.get('C1')).toMatchObject({ kind: 'numeric', ruleKinds: ['any', 'units'] });
    expect(by.get('C1')).not.toHaveProperty('unit');
    expect(by.get('L1')).toMatchObject({ kind: 'ordinal', ruleKinds: ['any', 'steps'] });
    expect(by.get('LS')).toMatchObject({ section: 'Lesions', kind: 'numeric' });
  });
});

describe('checkRules', () => {
  it('accepts sound rules', () => {
    expect(
      checkRules(model, [
        { featureId: 'N1', kind: 'any' },
        { featureId: 'O1', kind: 'steps', threshold: 1 },
        { featureId: 'L1', kind: 'steps', threshold: 0 },
        { featureId: 'S1', kind: 'units', threshold: 2 },
        { featureId: 'C1', kind: 'units', threshold: 1 },
        { featureId: 'M1', kind: 'any' },
        { featureId: 'LS', kind: 'units', threshold: 5 },
      ]),
    ).toEqual([]);
  });

  it('names the feature in every error', () => {
    expect(
      checkRules(model, [
        { featureId: 'X9', kind: 'any' },
        { featureId: 'N1', kind: 'steps', threshold: 1 },
        { featureId: 'S1', kind: 'steps', threshold: 1 },
        { featureId: 'O1', kind: 'units', threshold: 1 },
        { featureId: 'T1', kind: 'any' },
        { featureId: 'D1', kind: 'any' },
        { featureId: 'B1', kind: 'any' },
        { featureId: 'B1', kind: 'any' },
        { featureId: 'B1', kind: 'any' },
      ]),
    ).toEqual([
      'X9: no such feature in Adjudication test',
      'N1: a difference in steps needs an ordinal feature',
      'S1: a difference in steps needs an ordinal feature',
      'O1: a difference in units needs a numeric feature',
      'T1: free-text features cannot be adjudicated',
      'D1: date features cannot be adjudicated',
      'B1: listed more than once; keep one rule per feature',
    ]);
  });
});

describe('caseTriggers: any', () => {
  const rules: AdjudicationRule[] = [
    { featureId: 'N1', kind: 'any' },
    { featureId: 'B1', kind: 'any' },
    { featureId: 'M1', kind: 'any' },
    { featureId: 'S1', kind: 'any' },
  ];

  it('needs at least two readers', () => {
    expect(caseTriggers(model, rules, reads({ r1: { N1: 'left' } }))).toEqual([]);
    expect(caseTriggers(model, rules, [])).toEqual([]);
  });

  it('triggers on different answers, naming them', () => {
    const t = caseTriggers(
      model,
      rules,
      reads({ r1: { N1: 'right', B1: true, S1: 3 }, r2: { N1: 'left', B1: false, S1: 2 } }),
    );
    expect(t).toEqual([
      { featureId: 'N1', path: 'N1', reason: 'answers differ: Left, Right' },
      { featureId: 'S1', path: 'S1', reason: 'answers differ: 2 mm, 3 mm' },
      { featureId: 'B1', path: 'B1', reason: 'answers differ: No, Yes' },
    ]);
  });

  it('does not trigger on equal answers or when nobody answered', () => {
    expect(
      caseTriggers(
        model,
        rules,
        reads({ r1: { N1: 'left', S1: 2 }, r2: { N1: 'left', S1: 2.0, O1: 'low' } }),
      ),
    ).toEqual([]);
    expect(caseTriggers(model, rules, reads({ r1: { M1: [] }, r2: { B1: null, N1: '' } }))).toEqual([]);
  });

  it('compares multiple choices as sets', () => {
    expect(caseTriggers(model, rules, reads({ r1: { M1: ['b', 'a'] }, r2: { M1: ['a', 'b'] } }))).toEqual([]);
    expect(caseTriggers(model, rules, reads({ r1: { M1: ['a', 'c'] }, r2: { M1: ['a'] } }))).toEqual([
      { featureId: 'M1', path: 'M1', reason: 'answers differ: Site A, Site A + Site C' },
    ]);
  });

  it('counts a missing answer against a given one as a difference', () => {
    expect(
      caseTriggers(
        model,
        rules,
        reads({ r1: { N1: 'left' }, r2: { B1: true }, r3: { N1: 'left', B1: true } }),
      ),
    ).toEqual([
      { featureId: 'N1', path: 'N1', reason: 'answers differ: Left, no answer' },
      { featureId: 'B1', path: 'B1', reason: 'answers differ: Yes, no answer' },
    ]);
  });
});

describe('caseTriggers: steps', () => {
  const rules: AdjudicationRule[] = [{ featureId: 'O1', kind: 'steps', threshold: 1 }];

  it('triggers when the declared positions differ by more than the threshold', () => {
    expect(caseTriggers(model, rules, reads({ r1: { O1: 'low' }, r2: { O1: 'mid' } }))).toEqual([]);
    expect(
      caseTriggers(model, rules, reads({ r1: { O1: 'low' }, r2: { O1: 'mid' }, r3: { O1: 'high' } })),
    ).toEqual([{ featureId: 'O1', path: 'O1', reason: 'differ by 2 steps (> 1)' }]);
    expect(caseTriggers(model, rules, reads({ r1: { O1: 'none' }, r2: { O1: 'high' } }))).toEqual([
      { featureId: 'O1', path: 'O1', reason: 'differ by 3 steps (> 1)' },
    ]);
    const zero: AdjudicationRule[] = [{ featureId: 'O1', kind: 'steps', threshold: 0 }];
    expect(caseTriggers(model, zero, reads({ r1: { O1: 'low' }, r2: { O1: 'mid' } }))).toEqual([
      { featureId: 'O1', path: 'O1', reason: 'differ by 1 step (> 0)' },
    ]);
  });

  it('triggers when a missingness option or no answer stands against a grade', () => {
    expect(caseTriggers(model, rules, reads({ r1: { O1: 'na' }, r2: { O1: 'low' } }))).toEqual([
      { featureId: 'O1', path: 'O1', reason: 'not comparable: Low, Not assessable' },
    ]);
    expect(caseTriggers(model, rules, reads({ r1: { O1: 'low' }, r2: { N1: 'left' } }))).toEqual([
      { featureId: 'O1', path: 'O1', reason: 'not comparable: Low, no answer' },
    ]);
  });

  it('does not trigger when nobody gave a grade', () => {
    expect(caseTriggers(model, rules, reads({ r1: { O1: 'na' }, r2: { N1: 'left' } }))).toEqual([]);
    expect(caseTriggers(model, rules, reads({ r1: { O1: 'na' }, r2: { O1: 'na' } }))).toEqual([]);
  });

  it('works on a computed lookup', () => {
    const lookup: AdjudicationRule[] = [{ featureId: 'L1', kind: 'steps', threshold: 0 }];
    expect(caseTriggers(model, lookup, reads({ r1: { L1: 'cat1' }, r2: { L1: 'cat2' } }))).toEqual([
      { featureId: 'L1', path: 'L1', reason: 'differ by 1 step (> 0)' },
    ]);
  });
});

describe('caseTriggers: units', () => {
  const rules: AdjudicationRule[] = [
    { featureId: 'S1', kind: 'units', threshold: 1 },
    { featureId: 'P1', kind: 'units', threshold: 10 },
    { featureId: 'C1', kind: 'units', threshold: 1 },
  ];

  it('triggers on a difference strictly greater than the threshold', () => {
    expect(caseTriggers(model, rules, reads({ r1: { S1: 2.0 }, r2: { S1: 3.0 } }))).toEqual([]);
    expect(caseTriggers(model, rules, reads({ r1: { S1: 1.1 }, r2: { S1: 2.1 } }))).toEqual([]);
    expect(caseTriggers(model, rules, reads({ r1: { S1: 2 }, r2: { S1: 6.5 } }))).toEqual([
      { featureId: 'S1', path: 'S1', reason: 'differ by 4.5 mm (> 1 mm)' },
    ]);
    expect(caseTriggers(model, rules, reads({ r1: { P1: 10 }, r2: { P1: 30 }, r3: { P1: 15 } }))).toEqual([
      { featureId: 'P1', path: 'P1', reason: 'differ by 20% (> 10%)' },
    ]);
    expect(caseTriggers(model, rules, reads({ r1: { C1: 1 }, r2: { C1: 4 } }))).toEqual([
      { featureId: 'C1', path: 'C1', reason: 'differ by 3 (> 1)' },
    ]);
  });

  it('triggers when one side has no number', () => {
    expect(caseTriggers(model, rules, reads({ r1: { S1: 12 }, r2: { N1: 'left' } }))).toEqual([
      { featureId: 'S1', path: 'S1', reason: 'not comparable: 12 mm, no answer' },
    ]);
    expect(caseTriggers(model, rules, reads({ r1: { N1: 'left' }, r2: { N1: 'right' } }))).toEqual([]);
  });

  it('formats differences without rounding noise', () => {
    expect(caseTriggers(model, rules, reads({ r1: { S1: 1.1 }, r2: { S1: 3.3 } }))[0]?.reason).toBe(
      'differ by 2.2 mm (> 1 mm)',
    );
  });
});

describe('caseTriggers: repeat groups, order and invalid rules', () => {
  it('compares each lesion index, in lexicon order', () => {
    const rules: AdjudicationRule[] = [
      { featureId: 'LG', kind: 'steps', threshold: 1 },
      { featureId: 'LS', kind: 'units', threshold: 2 },
      { featureId: 'N1', kind: 'any' },
    ];
    const answers = reads({
      r1: { N1: 'left', 'lesions[0].LS': 10, 'lesions[0].LG': 'low', 'lesions[1].LS': 5 },
      r2: { N1: 'right', 'lesions[0].LS': 15, 'lesions[0].LG': 'high' },
    });
    expect(caseTriggers(model, rules, answers)).toEqual([
      { featureId: 'N1', path: 'N1', reason: 'answers differ: Left, Right' },
      { featureId: 'LS', path: 'lesions[0].LS', reason: 'differ by 5 mm (> 2 mm)' },
      { featureId: 'LG', path: 'lesions[0].LG', reason: 'differ by 2 steps (> 1)' },
      { featureId: 'LS', path: 'lesions[1].LS', reason: 'not comparable: 5 mm, no answer' },
    ]);
  });

  it('ignores rules that checkRules rejects', () => {
    const rules: AdjudicationRule[] = [
      { featureId: 'N1', kind: 'steps', threshold: 0 },
      { featureId: 'T1', kind: 'any' },
      { featureId: 'X9', kind: 'any' },
    ];
    expect(
      caseTriggers(model, rules, reads({ r1: { N1: 'left', T1: 'a' }, r2: { N1: 'right', T1: 'b' } })),
    ).toEqual([]);
  });
});

describe('caseTriggers on VASARI', () => {
  const vasari = shippedModel('vasari');
  const rules: AdjudicationRule[] = [
    { featureId: 'F1', kind: 'any' },
    { featureId: 'F4', kind: 'steps', threshold: 1 },
    { featureId: 'F5', kind: 'steps', threshold: 1 },
    { featureId: 'F29', kind: 'units', threshold: 5 },
    { featureId: 'F30', kind: 'units', threshold: 5 },
  ];

  it('has sound rules and offers the features by type', () => {
    expect(checkRules(vasari, rules)).toEqual([]);
    const by = new Map(adjudicableFeatures(vasari).map((f) => [f.featureId, f]));
    expect(by.get('F4')?.kind).toBe('ordinal');
    expect(by.get('F1')?.kind).toBe('multiple');
    expect(by.get('F29')).toMatchObject({ kind: 'numeric', unit: 'mm' });
    expect(checkRules(vasari, [{ featureId: 'F2', kind: 'steps', threshold: 1 }])).toEqual([
      'F2: a difference in steps needs an ordinal feature',
    ]);
  });

  it('flags a case whose readers disagree beyond the thresholds', () => {
    const answers = reads({
      r1: { F1: ['frontal'], F4: 'none', F5: 'lt5', F29: 40, F30: 30 },
      r2: { F1: ['frontal'], F4: 'marked', F5: '6_33', F29: 46.5, F30: 33 },
      r3: { F1: ['frontal'], F4: 'mild', F5: '34_67', F29: 42, F30: 35 },
    });
    expect(caseTriggers(vasari, rules, answers)).toEqual([
      { featureId: 'F4', path: 'F4', reason: 'differ by 2 steps (> 1)' },
      { featureId: 'F5', path: 'F5', reason: 'differ by 2 steps (> 1)' },
      { featureId: 'F29', path: 'F29', reason: 'differ by 6.5 mm (> 5 mm)' },
    ]);
  });

  it('treats "indeterminate" enhancement as not comparable', () => {
    const answers = reads({ r1: { F4: 'indeterminate' }, r2: { F4: 'mild' } });
    expect(caseTriggers(vasari, rules, answers)).toEqual([
      { featureId: 'F4', path: 'F4', reason: 'not comparable: Mild / minimal, Indeterminate' },
    ]);
  });
});
