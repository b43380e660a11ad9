import { describe, expect, it } from 'vitest';
import { conditionFeatures, evaluateCondition, isAnswered, type AnswerValue } from './conditions';
import type { TCondition } from './schema';

const answers: Record<string, AnswerValue> = {
  F4: 'none',
  multi: ['macro', 'punctate'],
  yes: true,
  no: false,
  n: 0,
  empty: '',
  none: [],
};
const valueOf = (id: string) => answers[id];

describe('evaluateCondition truth table', () => {
  const rows: [string, TCondition, boolean][] = [
    ['equals a chosen code', { feature: 'F4', equals: 'none' }, true],
    ['equals another code', { feature: 'F4', equals: 'mild' }, false],
    ['in, containing the code', { feature: 'F4', in: ['mild', 'none'] }, true],
    ['in, without the code', { feature: 'F4', in: ['mild', 'marked'] }, false],
    ['equals on a multiple choice: one of those chosen', { feature: 'multi', equals: 'punctate' }, true],
    ['equals on a multiple choice: not chosen', { feature: 'multi', equals: 'none' }, false],
    ['in on a multiple choice: any overlap', { feature: 'multi', in: ['none', 'macro'] }, true],
    ['boolean true', { feature: 'yes', equals: true }, true],
    ['boolean false equals false', { feature: 'no', equals: false }, true],
    ['boolean false equals true', { feature: 'no', equals: true }, false],
    ['zero is an answer', { feature: 'n', equals: 0 }, true],
    ['answered: given', { feature: 'F4', answered: true }, true],
    ['answered: false is an answer', { feature: 'no', answered: true }, true],
    ['answered: empty text is not', { feature: 'empty', answered: false }, true],
    ['answered: empty selection is not', { feature: 'none', answered: true }, false],
    ['answered: missing feature', { feature: 'missing', answered: false }, true],
    ['unanswered equals nothing', { feature: 'missing', equals: 'none' }, false],
    ['not of unanswered equals', { not: { feature: 'missing', equals: 'none' } }, true],
    ['not', { not: { feature: 'F4', equals: 'none' } }, false],
    [
      'all true',
      {
        all: [
          { feature: 'F4', equals: 'none' },
          { feature: 'yes', equals: true },
        ],
      },
      true,
    ],
    [
      'all with one false',
      {
        all: [
          { feature: 'F4', equals: 'none' },
          { feature: 'no', equals: true },
        ],
      },
      false,
    ],
    [
      'any with one true',
      {
        any: [
          { feature: 'F4', equals: 'mild' },
          { feature: 'yes', equals: true },
        ],
      },
      true,
    ],
    [
      'any all false',
      {
        any: [
          { feature: 'F4', equals: 'mild' },
          { feature: 'no', equals: true },
        ],
      },
      false,
    ],
    [
      'nested',
      { all: [{ not: { any: [{ feature: 'F4', equals: 'mild' }] } }, { feature: 'multi', answered: true }] },
      true,
    ],
  ];
  it.each(rows)('%s', (_name, cond, expected) => {
    expect(evaluateCondition(cond, valueOf)).toBe(expected);
  });
});

describe('isAnswered', () => {
  it.each([
    [undefined, false],
    [null, false],
    ['', false],
    ['  ', false],
    [[], false],
    [Number.NaN, false],
    [0, true],
    [false, true],
    ['x', true],
    [['a'], true],
  ] as [AnswerValue, boolean][])('%j → %s', (v, expected) => expect(isAnswered(v)).toBe(expected));
});

it('lists the features a condition reads', () => {
  expect(
    conditionFeatures({
      all: [{ feature: 'a', equals: 1 }, { not: { any: [{ feature: 'b', answered: true }] } }],
    }),
  ).toEqual(['a', 'b']);
});
