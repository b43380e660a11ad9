import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIssue, parseLexicon } from './parse';

const HEADER = `id: demo\ntitle: Demo\nversion: 1.0.0\ndescription: A test lexicon\n`;

function errorsOf(yaml: string): string[] {
  const r = parseLexicon(yaml, 'lexicons/demo.yaml');
  return r.ok ? [] : r.errors.map(formatIssue);
}

describe('parseLexicon', () => {
  it('accepts a minimal lexicon and fills defaults', () => {
    const r = parseLexicon(
      `${HEADER}sections:\n  - id: s\n    title: S\n    features:\n      - { id: a, label: A, type: boolean }\n`,
      'x.yaml',
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.lexicon.sections[0]?.features[0]).toMatchObject({
        required: false,
        codes: [],
        true_label: 'Yes',
      });
  });

  it('reports every problem at once as file:line:col path: message, duplicates with the first place', () => {
    const yaml = `${HEADER}sections:
  - id: s
    title: S
    features:
      - id: F4
        label: Enhancement
        type: single_choice
        options:
          - { code: none, label: None }
          - { code: mild, label: Mild }
      - id: F5
        label: Proportion
        type: ordinal
        show_if: { not: { feature: F4, equals: nothing } }
        options:
          - { code: none, label: None, score: 1 }
          - { code: none, label: Again, score: 2 }
      - id: F6
        label: Cycle
        type: boolean
        show_if: { feature: F9, answered: true }
`;
    expect(errorsOf(yaml)).toEqual([
      'lexicons/demo.yaml:18:48 features.F5.show_if.not.equals: "nothing" is not an option code of "F4"',
      'lexicons/demo.yaml:21:21 features.F5.options[1].code: duplicate code "none" (first at 20:21)',
      'lexicons/demo.yaml:25:29 features.F6.show_if.feature: unknown feature "F9"',
    ]);
  });

  it('points at unknown keys and unknown types', () => {
    const yaml = `${HEADER}sections:\n  - id: s\n    title: S\n    features:\n      - { id: a, label: A, type: slider }\n      - { id: b, label: B, type: boolean, colour: red }\n`;
    expect(errorsOf(yaml)).toEqual([
      expect.stringMatching(
        /^lexicons\/demo\.yaml:9:34 features\.a\.type: unknown type; use one of single_choice, /,
      ),
      'lexicons/demo.yaml:10:43 features.b.colour: unknown key "colour"',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(errorsOf(`${HEADER}sections: [\n`)[0]).toMatch(/^lexicons\/demo\.yaml:\d+:\d+ /);
    expect(errorsOf(`id: a\nid: b\n`)[0]).toMatch(/^lexicons\/demo\.yaml:2:1 .*[Uu]nique/);
  });

  it('rejects a cycle of conditions', () => {
    const yaml = `${HEADER}sections:\n  - id: s\n    title: S\n    features:\n      - { id: a, label: A, type: boolean, show_if: { feature: b, equals: true } }\n      - { id: b, label: B, type: boolean, show_if: { feature: a, equals: true } }\n`;
    expect(errorsOf(yaml)).toEqual([
      'lexicons/demo.yaml:9:15 features.a.id: condition or computation cycle: a → b → a',
    ]);
  });

  it('rejects conditions that read a repeat group from outside it, or another group', () => {
    const yaml = `${HEADER}sections:
  - id: exam
    title: Exam
    features:
      - { id: density, label: Density, type: boolean, show_if: { feature: shape, answered: true } }
  - id: masses
    title: Masses
    repeat: { label: Mass }
    features:
      - { id: shape, label: Shape, type: boolean, show_if: { feature: density, equals: true } }
  - id: calcs
    title: Calcifications
    repeat: { label: Calcification }
    features:
      - { id: form, label: Form, type: boolean, show_if: { feature: shape, equals: true } }
`;
    expect(errorsOf(yaml)).toEqual([
      'lexicons/demo.yaml:9:75 features.density.show_if.feature: "shape" is in repeat group "masses"; a condition outside it cannot say which masses entry to read',
      'lexicons/demo.yaml:19:69 features.form.show_if.feature: "shape" is in repeat group "masses"; a condition in group "calcs" cannot say which masses entry to read',
      'lexicons/demo.yaml:9:15 features.density.id: condition or computation cycle: density → shape → density',
    ]);
  });

  it('warns about free text without failing', () => {
    const r = parseLexicon(
      `${HEADER}sections:\n  - id: s\n    title: S\n    features:\n      - { id: notes, label: Notes, type: text }\n`,
      'x.yaml',
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.map(formatIssue)).toEqual([
      'x.yaml:9:42 warning: features.notes.type: free text defeats the purpose of a lexicon: answers cannot be coded, compared or analysed',
    ]);
  });

  it('never throws on arbitrary text, and every error has a position', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = parseLexicon(text, 'f.yaml');
        if (!r.ok) for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
