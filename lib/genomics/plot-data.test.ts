import { describe, expect, it } from 'vitest';
import {
  contingency,
  drillData,
  mosaicRects,
  negLog10,
  pairKey,
  parsePairKey,
  scaledEffect,
  sortResults,
} from './plot-data';
import type { AssociationResult, Variable } from './types';

function result(over: Partial<AssociationResult>): AssociationResult {
  return {
    imaging: 'F1',
    genomic: 'G1',
    test: 'fisher',
    method: 'exact',
    n: 10,
    statistic: null,
    df: null,
    p: 0.5,
    q: 0.5,
    effect: null,
    groups: [],
    cautions: [],
    reason: null,
    ...over,
  };
}

const shape: Variable = {
  id: 'F1',
  label: 'Shape',
  scale: 'categorical',
  levels: ['round', 'oval', 'lobulated'],
  levelLabels: ['Round', 'Oval', 'Lobulated'],
  values: ['round', 'round', 'oval', 'oval', 'oval', null, 'round', 'oval'],
};
const idh: Variable = {
  id: 'IDH1',
  label: 'IDH1',
  scale: 'categorical',
  levels: ['mutated', 'wildtype'],
  values: ['mutated', 'wildtype', 'mutated', 'wildtype', 'wildtype', 'mutated', null, 'wildtype'],
};

describe('scaledEffect', () => {
  it('puts every effect on −1 to 1', () => {
    expect(scaledEffect({ name: 'cramers_v', value: 0.4, ci: null })).toBe(0.4);
    expect(scaledEffect({ name: 'auc', value: 0.25, ci: null })).toBe(-0.5);
    expect(scaledEffect({ name: 'auc', value: 1, ci: null })).toBe(1);
    expect(scaledEffect({ name: 'epsilon_squared', value: 0.1, ci: null })).toBe(0.1);
    expect(scaledEffect({ name: 'spearman_rho', value: -0.7, ci: [-0.9, -0.3] })).toBe(-0.7);
    expect(scaledEffect({ name: 'spearman_rho', value: null, ci: null })).toBeNull();
    expect(scaledEffect(null)).toBeNull();
  });
});

describe('negLog10', () => {
  it('is finite for 0 and null for missing values', () => {
    expect(negLog10(0.01)).toBeCloseTo(2);
    expect(negLog10(1)).toBe(0);
    expect(Number.isFinite(negLog10(0))).toBe(true);
    expect(negLog10(null)).toBeNull();
  });
});

describe('sortResults', () => {
  const rows = [
    result({ genomic: 'a', p: 0.2, q: 0.3, n: 5, effect: { name: 'auc', value: 0.9, ci: null } }),
    result({ genomic: 'b', p: null, q: null, n: 30, test: null, reason: 'one level only' }),
    result({
      genomic: 'c',
      p: 0.01,
      q: 0.04,
      n: 20,
      effect: { name: 'spearman_rho', value: -0.95, ci: null },
    }),
  ];
  it('orders q and p ascending with missing values last', () => {
    expect(sortResults(rows, 'q').map((r) => r.genomic)).toEqual(['c', 'a', 'b']);
    expect(sortResults(rows, 'p', true).map((r) => r.genomic)).toEqual(['a', 'c', 'b']);
  });
  it('orders |effect| and n descending', () => {
    expect(sortResults(rows, 'effect').map((r) => r.genomic)).toEqual(['c', 'a', 'b']);
    expect(sortResults(rows, 'n').map((r) => r.genomic)).toEqual(['b', 'c', 'a']);
  });
});

describe('pair keys', () => {
  it('round-trips and splits at the first ~', () => {
    expect(parsePairKey(pairKey({ imaging: 'F29', genomic: 'VEGFA~x' }))).toEqual({
      imaging: 'F29',
      genomic: 'VEGFA~x',
    });
    expect(parsePairKey('nothing')).toBeNull();
    expect(parsePairKey('~G')).toBeNull();
    expect(parsePairKey(undefined)).toBeNull();
  });
});

describe('contingency and mosaic', () => {
  it('counts pairs with both values and drops unobserved levels', () => {
    const t = contingency(
      shape as Extract<Variable, { scale: 'categorical' }>,
      idh as Extract<Variable, { scale: 'categorical' }>,
    );
    expect(t.rows.map((r) => r.label)).toEqual(['Round', 'Oval']);
    expect(t.cols.map((c) => c.label)).toEqual(['mutated', 'wildtype']);
    // round: mutated 1, wildtype 1; oval: mutated 1, wildtype 3.
    expect(t.counts).toEqual([
      [1, 1],
      [1, 3],
    ]);
    expect(t.n).toBe(6);
  });

  it('makes columns as wide as their counts and cells as tall as their shares', () => {
    const t = contingency(
      shape as Extract<Variable, { scale: 'categorical' }>,
      idh as Extract<Variable, { scale: 'categorical' }>,
    );
    const { rects, ticks } = mosaicRects(t, 0);
    expect(rects).toHaveLength(4);
    const mutatedRound = rects.find((r) => r.col === 0 && r.row === 0)!;
    expect(mutatedRound.x1).toBe(0);
    expect(mutatedRound.x2).toBeCloseTo(2 / 6);
    expect(mutatedRound.y2).toBe(1);
    expect(mutatedRound.y1).toBeCloseTo(0.5);
    const wildOval = rects.find((r) => r.col === 1 && r.row === 1)!;
    expect(wildOval.x1).toBeCloseTo(2 / 6);
    expect(wildOval.x2).toBeCloseTo(1);
    expect(wildOval.y2 - wildOval.y1).toBeCloseTo(0.75);
    expect(wildOval.y1).toBeCloseTo(0);
    expect(ticks.map((tk) => tk.x)).toEqual([expect.closeTo(1 / 6), expect.closeTo(4 / 6)]);
  });

  it('leaves gaps between columns and skips empty cells', () => {
    const { rects } = mosaicRects(
      {
        rows: [
          { level: 'a', label: 'A', n: 2 },
          { level: 'b', label: 'B', n: 2 },
        ],
        cols: [
          { level: 'x', label: 'X', n: 2 },
          { level: 'y', label: 'Y', n: 2 },
        ],
        counts: [
          [2, 0],
          [0, 2],
        ],
        n: 4,
      },
      0.1,
    );
    expect(rects).toHaveLength(2);
    expect(rects[0]!.x2).toBeCloseTo(0.45);
    expect(rects[1]!.x1).toBeCloseTo(0.55);
    expect(rects[1]!.x2).toBeCloseTo(1);
    expect(rects.every((r) => r.y2 - r.y1 === 1)).toBe(true);
  });
});

describe('drillData', () => {
  const size: Variable = {
    id: 'F29',
    label: 'Size',
    scale: 'continuous',
    values: [10, 20, null, 40, 50, 60, 70, 80],
  };
  const grade: Variable = {
    id: 'F2',
    label: 'Grade',
    scale: 'ordinal',
    levels: ['1', '2', '3'],
    levelLabels: ['low', 'mid', 'high'],
    values: [0, 1, 2, 2, 1, 0, null, 1],
  };
  const expression: Variable = {
    id: 'VEGFA',
    label: 'VEGFA',
    scale: 'continuous',
    values: [0.1, 0.2, 0.3, null, 0.5, 0.6, 0.7, 0.8],
  };

  it('makes a mosaic of two categorical variables', () => {
    expect(drillData(shape, idh).kind).toBe('mosaic');
  });

  it('groups a numeric imaging feature by the genomic levels, dropping pairs with a missing value', () => {
    const d = drillData(size, idh);
    if (d.kind !== 'box') throw new Error(d.kind);
    expect(d.groupSide).toBe('genomic');
    expect(d.groups).toEqual([
      { level: 'mutated', label: 'mutated', n: 2 },
      { level: 'wildtype', label: 'wildtype', n: 4 },
    ]);
    expect(d.points.filter((p) => p.group === 'wildtype').map((p) => p.value)).toEqual([20, 40, 50, 80]);
    expect(d.valueLevels).toBeNull();
    expect(d.n).toBe(6);
  });

  it('groups a continuous genomic variable by the imaging levels', () => {
    const d = drillData(shape, expression);
    if (d.kind !== 'box') throw new Error(d.kind);
    expect(d.groupSide).toBe('imaging');
    expect(d.groups.map((g) => g.label)).toEqual(['Round', 'Oval']);
    expect(d.n).toBe(6);
  });

  it('labels ordinal values on the value axis', () => {
    const d = drillData(grade, idh);
    if (d.kind !== 'box') throw new Error(d.kind);
    expect(d.valueLevels).toEqual(['low', 'mid', 'high']);
  });

  it('scatters two numeric variables, jittering ordinal x within ±0.2', () => {
    const d = drillData(grade, expression);
    if (d.kind !== 'scatter') throw new Error(d.kind);
    expect(d.xLevels).toEqual(['low', 'mid', 'high']);
    expect(d.n).toBe(6);
    for (const p of d.points) expect(Math.abs(p.jx - p.x)).toBeLessThanOrEqual(0.2);
    const plain = drillData(size, expression);
    if (plain.kind !== 'scatter') throw new Error(plain.kind);
    expect(plain.points.every((p) => p.jx === p.x)).toBe(true);
  });
});
