import { describe, expect, it } from 'vitest';
import { resolveForm, type Answers } from './form-model';
import { shippedModel } from './test-lexicons';

/** ACR TI-RADS points as published (Tessler et al. 2017), written out independently of the lexicon file. */
const POINTS = {
  composition: { cystic: 0, spongiform: 0, mixed: 1, solid: 2, indeterminate: 2 },
  echogenicity: { anechoic: 0, hyper_iso: 1, hypo: 2, very_hypo: 3, indeterminate: 1 },
  shape: { wider: 0, taller: 3 },
  margin: { smooth: 0, ill_defined: 0, lobulated_irregular: 2, ete: 3, indeterminate: 0 },
  foci: { none: 0, macro: 1, peripheral: 2, punctate: 3 },
} as const;

const level = (points: number) =>
  points === 0
    ? 'TR1'
    : points === 1
      ? null
      : points === 2
        ? 'TR2'
        : points === 3
          ? 'TR3'
          : points <= 6
            ? 'TR4'
            : 'TR5';

const FOCI_SETS: (keyof typeof POINTS.foci)[][] = [
  ['none'],
  ['macro'],
  ['peripheral'],
  ['punctate'],
  ['macro', 'peripheral'],
  ['macro', 'punctate'],
  ['peripheral', 'punctate'],
  ['macro', 'peripheral', 'punctate'],
];

describe('ACR TI-RADS computed points and level', () => {
  const model = shippedModel('ti-rads');
  const nodule = (c: string, e: string, s: string, m: string, f: string[]): Answers => ({
    nodules: [
      {
        lobe: 'right',
        max_diameter: 1.2,
        composition: c,
        echogenicity: e,
        shape: s,
        margin: m,
        echogenic_foci: f,
      },
    ],
  });

  it('matches the published table for every combination of answers', () => {
    let checked = 0;
    for (const [c, cp] of Object.entries(POINTS.composition))
      for (const [e, ep] of Object.entries(POINTS.echogenicity))
        for (const [s, sp] of Object.entries(POINTS.shape))
          for (const [m, mp] of Object.entries(POINTS.margin))
            for (const foci of FOCI_SETS) {
              const points = cp + ep + sp + mp + foci.reduce((t, k) => t + POINTS.foci[k], 0);
              const r = resolveForm(model, nodule(c, e, s, m, foci));
              expect(r.fields['nodules[0].points']?.computed?.value).toBe(points);
              expect(r.fields['nodules[0].tr_level']?.computed?.value ?? null).toBe(level(points));
              checked++;
            }
    expect(checked).toBe(5 * 5 * 2 * 5 * 8);
  });

  it('reports no level, with the reason, for a total of 1 point', () => {
    const r = resolveForm(model, nodule('mixed', 'anechoic', 'wider', 'smooth', ['none']));
    expect(r.fields['nodules[0].points']?.computed).toEqual({ value: 1 });
    expect(r.fields['nodules[0].tr_level']?.computed?.value).toBeNull();
    expect(r.fields['nodules[0].tr_level']?.computed?.reason).toMatch(/no level for a total of 1 point/);
  });

  it('gives no total until every feature is answered, and says which is missing', () => {
    const r = resolveForm(model, { nodules: [{ composition: 'solid', echogenicity: 'hypo' }] });
    expect(r.fields['nodules[0].points']?.computed).toEqual({ value: null, reason: 'needs Shape' });
    expect(r.fields['nodules[0].tr_level']?.computed?.value).toBeNull();
  });

  it('computes each nodule on its own', () => {
    const r = resolveForm(model, {
      nodules: [
        {
          composition: 'solid',
          echogenicity: 'very_hypo',
          shape: 'taller',
          margin: 'ete',
          echogenic_foci: ['punctate'],
        },
        {
          composition: 'spongiform',
          echogenicity: 'hyper_iso',
          shape: 'wider',
          margin: 'smooth',
          echogenic_foci: ['none'],
        },
      ],
    });
    expect(r.answers.nodules).toMatchObject([{ points: 14, tr_level: 'TR5' }, { points: 1 }]);
  });
});
