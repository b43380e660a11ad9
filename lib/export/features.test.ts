import { describe, expect, it } from 'vitest';
import { shippedModel } from '@/lib/lexicon/test-lexicons';
import { answerPath, exportFeatures, featureTitle, parseAnswerPath } from './features';

const vasari = shippedModel('vasari');

describe('exportFeatures', () => {
  it('lists every VASARI feature in lexicon order, section by section', () => {
    const ids = exportFeatures(vasari).map((f) => f.id);
    const declared = vasari.sections.flatMap((s) => s.features.map((f) => f.id));
    expect(ids).toEqual(declared);
    expect(ids.slice(0, 5)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
    expect(ids).toContain('postoperative');
  });

  it('classifies each feature type like the agreement statistics do', () => {
    const kinds = Object.fromEntries(exportFeatures(vasari).map((f) => [f.id, f.kind]));
    expect(kinds).toMatchObject({
      F1: 'multiple',
      F2: 'nominal',
      F4: 'ordinal',
      F5: 'ordinal',
      postoperative: 'binary',
      F29: 'numeric',
    });
    const tirads = Object.fromEntries(exportFeatures(shippedModel('ti-rads')).map((f) => [f.id, f]));
    expect(tirads.points?.kind).toBe('numeric');
    expect(tirads.tr_level?.kind).toBe('ordinal');
    expect(tirads.tr_level?.options.map((o) => o.code)).toEqual(['TR1', 'TR2', 'TR3', 'TR4', 'TR5']);
  });

  it('carries options with scores, first RadLex code and missingness', () => {
    const f4 = exportFeatures(vasari, { include: ['F4'] })[0];
    expect(f4).toMatchObject({ id: 'F4', section: 'components', group: null, type: 'ordinal', unit: null });
    expect(f4?.options).toEqual([
      {
        code: 'none',
        label: 'None',
        score: 1,
        radlexRid: 'RID6056',
        radlexMatch: 'close',
        missingness: null,
      },
      {
        code: 'mild',
        label: 'Mild / minimal',
        score: 2,
        radlexRid: 'RID5671',
        radlexMatch: 'close',
        missingness: null,
      },
      {
        code: 'marked',
        label: 'Marked / avid',
        score: 3,
        radlexRid: 'RID34299',
        radlexMatch: 'close',
        missingness: null,
      },
      {
        code: 'no_contrast',
        label: 'No contrast given',
        score: null,
        radlexRid: null,
        radlexMatch: null,
        missingness: 'not_applicable',
      },
      {
        code: 'indeterminate',
        label: 'Indeterminate',
        score: null,
        radlexRid: 'RID39110',
        radlexMatch: 'exact',
        missingness: 'not_assessable',
      },
    ]);
  });

  it('gives numbers their unit and decimals, and yes/no its two labelled answers', () => {
    const [post, f29] = exportFeatures(vasari, { include: ['F29', 'postoperative'] });
    expect(post?.options.map((o) => [o.code, o.label])).toEqual([
      ['false', 'No'],
      ['true', 'Yes'],
    ]);
    expect(f29).toMatchObject({ unit: 'mm', decimals: 1, options: [] });
  });

  it('keeps lexicon order whatever the order of include, and rejects unknown ids', () => {
    expect(exportFeatures(vasari, { include: ['F29', 'F1'] }).map((f) => f.id)).toEqual(['F1', 'F29']);
    expect(() => exportFeatures(vasari, { include: ['F1', 'F99'] })).toThrow(/F99/);
  });

  it('marks the features of a repeat group with the group and its entry label', () => {
    const f = exportFeatures(shippedModel('ti-rads'), { include: ['max_diameter'] })[0]!;
    expect(f).toMatchObject({ group: 'nodules', groupLabel: 'Nodule', unit: 'cm' });
    expect(answerPath(f, 2)).toBe('nodules[2].max_diameter');
  });
});

describe('answer paths and titles', () => {
  it('parses plain and repeat-group paths', () => {
    expect(parseAnswerPath('F5')).toEqual({ featureId: 'F5', group: null, index: null });
    expect(parseAnswerPath('lesions[0].F29')).toEqual({ featureId: 'F29', group: 'lesions', index: 0 });
    expect(parseAnswerPath('bad path')).toBeNull();
  });

  it('prefixes the VASARI item number only where the id is one', () => {
    const [f5, post] = exportFeatures(vasari, { include: ['F5', 'postoperative'] });
    expect(featureTitle(f5!)).toBe('F5 Proportion enhancing');
    expect(featureTitle(post!)).toBe('Postoperative study');
  });
});
