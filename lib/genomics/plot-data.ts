/**
 * What the radiogenomics page plots, computed from plain data: the signed effect and −log10 q
 * of the heatmap, the order of the results table, and the drill-down of one imaging × genomic
 * pair (box plot, scatter plot or mosaic plot, with the mosaic's rectangles worked out here).
 * Pure: no React, no plotting library.
 */
import type { AssociationResult, Variable } from './types';

/** The significance level the page marks (q < 0.05). */
export const Q_ALPHA = 0.05;

/** A level as the plots show it: its code, what people read, and how many pairs have it. */
export type Level = { level: string; label: string; n: number };

/** What people read for each level of a categorical or ordinal variable (the codes when there are no labels). */
export function levelLabels(v: Variable): string[] {
  if (v.scale === 'continuous') return [];
  return v.levels.map((level, i) => v.levelLabels?.[i] ?? level);
}

/**
 * An effect on one scale from −1 to 1, for colouring and ordering: Cramér's V and ε² as they
 * are (0 to 1), an AUC as 2·AUC − 1, Spearman's ρ as it is. Null when there is none.
 */
export function scaledEffect(effect: AssociationResult['effect']): number | null {
  if (!effect || effect.value === null || !Number.isFinite(effect.value)) return null;
  const value = effect.name === 'auc' ? 2 * effect.value - 1 : effect.value;
  return Math.max(-1, Math.min(1, value));
}

/** −log10 of a p- or q-value (0 stays finite: the smallest double); null when there is none. */
export function negLog10(p: number | null | undefined): number | null {
  if (p === null || p === undefined || !Number.isFinite(p) || p < 0) return null;
  return Math.max(0, -Math.log10(Math.max(p, Number.MIN_VALUE)));
}

export type ResultSortKey = 'q' | 'p' | 'effect' | 'n';

/**
 * Orders results by q or p (smallest first), |effect| or n (largest first) when `descending`
 * is not given; missing values always come last, ties keep the given order.
 */
export function sortResults(
  results: readonly AssociationResult[],
  key: ResultSortKey,
  descending = key === 'effect' || key === 'n',
): AssociationResult[] {
  const value = (r: AssociationResult): number | null => {
    if (key === 'q') return r.q;
    if (key === 'p') return r.p;
    if (key === 'n') return r.n;
    const e = scaledEffect(r.effect);
    return e === null ? null : Math.abs(e);
  };
  return results
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      return (descending ? b.v - a.v : a.v - b.v) || a.i - b.i;
    })
    .map((x) => x.r);
}

/** Parses the page's `pair` parameter, `<imagingId>~<genomicId>` (split at the first ~). */
export function parsePairKey(key: string | null | undefined): { imaging: string; genomic: string } | null {
  if (!key) return null;
  const at = key.indexOf('~');
  if (at <= 0 || at === key.length - 1) return null;
  return { imaging: key.slice(0, at), genomic: key.slice(at + 1) };
}

export function pairKey(r: { imaging: string; genomic: string }): string {
  return `${r.imaging}~${r.genomic}`;
}

// ---------------------------------------------------------------------------------------------
// Drill-down

/** A jittered point sits in one of this many lanes around its group's centre. */
export const JITTER_LANES = 7;

/** Spreads points over the lanes: neighbours in value order land far apart (golden-ratio sequence). */
function lane(j: number, lanes = JITTER_LANES): number {
  const frac = (j * 0.6180339887498949) % 1;
  return Math.min(lanes - 1, Math.floor(frac * lanes));
}

/** A point of a box plot: its group (level code), its value, and its jitter lane. */
export type BoxPoint = { group: string; value: number; lane: number };

/** A point of a scatter plot; `jx` is x with a small jitter when x is ordinal (x itself otherwise). */
export type ScatterPoint = { x: number; y: number; jx: number };

export type Contingency = {
  /** Imaging levels (rows) and genomic levels (columns) that some pair has, in level order. */
  rows: Level[];
  cols: Level[];
  /** counts[row][col]. */
  counts: number[][];
  n: number;
};

/** A rectangle of a mosaic plot, in unit coordinates (x and y from 0 to 1). */
export type MosaicRect = {
  row: number;
  col: number;
  rowLabel: string;
  colLabel: string;
  n: number;
  /** The share of the column (the conditional proportion of the imaging level). */
  share: number;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
};

export type DrillData =
  | {
      kind: 'mosaic';
      table: Contingency;
      rects: MosaicRect[];
      /** Column centres, for the x axis. */
      ticks: { x: number; label: string }[];
    }
  | {
      kind: 'box';
      /** Which side gives the groups (the categorical one); the other gives the values. */
      groupSide: 'imaging' | 'genomic';
      groups: Level[];
      points: BoxPoint[];
      /** Labels of the value axis's positions when the values are ordinal. */
      valueLevels: string[] | null;
      n: number;
    }
  | {
      kind: 'scatter';
      points: ScatterPoint[];
      /** Labels of x's positions when the imaging variable is ordinal. */
      xLevels: string[] | null;
      n: number;
    };

type Cell = string | number | null;

function cells(v: Variable): readonly Cell[] {
  return v.values as readonly Cell[];
}

/** Indices of the subjects with both values present (values are aligned by subject). */
export function pairedIndices(a: Variable, b: Variable): number[] {
  const x = cells(a);
  const y = cells(b);
  const out: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] != null && y[i] != null) out.push(i);
  return out;
}

/** The cross-table of two categorical variables over the subjects with both values. */
export function contingency(
  imaging: Extract<Variable, { scale: 'categorical' }>,
  genomic: Extract<Variable, { scale: 'categorical' }>,
): Contingency {
  const idx = pairedIndices(imaging, genomic);
  const rowAt = new Map(imaging.levels.map((l, i) => [l, i]));
  const colAt = new Map(genomic.levels.map((l, i) => [l, i]));
  const full = imaging.levels.map(() => genomic.levels.map(() => 0));
  let n = 0;
  for (const i of idx) {
    const r = rowAt.get(imaging.values[i]!);
    const c = colAt.get(genomic.values[i]!);
    if (r === undefined || c === undefined) continue;
    full[r]![c]! += 1;
    n += 1;
  }
  const rowLabels = levelLabels(imaging);
  const colLabels = levelLabels(genomic);
  const rowTotals = full.map((row) => row.reduce((s, x) => s + x, 0));
  const colTotals = genomic.levels.map((_, c) => full.reduce((s, row) => s + row[c]!, 0));
  const keepRows = rowTotals.flatMap((t, r) => (t > 0 ? [r] : []));
  const keepCols = colTotals.flatMap((t, c) => (t > 0 ? [c] : []));
  return {
    rows: keepRows.map((r) => ({ level: imaging.levels[r]!, label: rowLabels[r]!, n: rowTotals[r]! })),
    cols: keepCols.map((c) => ({ level: genomic.levels[c]!, label: colLabels[c]!, n: colTotals[c]! })),
    counts: keepRows.map((r) => keepCols.map((c) => full[r]![c]!)),
    n,
  };
}

/**
 * The rectangles of a mosaic plot: one column per genomic level, its width proportional to the
 * level's count (columns separated by `gap`), split top to bottom into the imaging levels, each
 * as tall as its share of the column. Empty cells have no rectangle.
 */
export function mosaicRects(
  table: Contingency,
  gap = 0.02,
): { rects: MosaicRect[]; ticks: { x: number; label: string }[] } {
  const cols = table.cols.length;
  if (!cols || table.n === 0) return { rects: [], ticks: [] };
  const totals = table.cols.map((_, c) => table.counts.reduce((s, row) => s + (row[c] ?? 0), 0));
  const n = totals.reduce((s, t) => s + t, 0);
  const span = 1 - gap * (cols - 1);
  const rects: MosaicRect[] = [];
  const ticks: { x: number; label: string }[] = [];
  let x = 0;
  table.cols.forEach((col, c) => {
    const width = (span * totals[c]!) / n;
    const x1 = x;
    const x2 = x + width;
    ticks.push({ x: (x1 + x2) / 2, label: col.label });
    let top = 1;
    table.rows.forEach((row, r) => {
      const count = table.counts[r]?.[c] ?? 0;
      if (count === 0 || totals[c] === 0) return;
      const share = count / totals[c]!;
      rects.push({
        row: r,
        col: c,
        rowLabel: row.label,
        colLabel: col.label,
        n: count,
        share,
        x1,
        x2,
        y1: Math.max(0, top - share),
        y2: top,
      });
      top -= share;
    });
    x = x2 + gap;
  });
  return { rects, ticks };
}

/**
 * A categorical variable's groups and the other variable's numeric values (ordinal positions or
 * numbers) over the subjects with both; each group's points are spread over jitter lanes.
 */
function boxData(
  group: Extract<Variable, { scale: 'categorical' }>,
  value: Exclude<Variable, { scale: 'categorical' }>,
): { groups: Level[]; points: BoxPoint[] } {
  const idx = pairedIndices(group, value);
  const labels = levelLabels(group);
  const byGroup = new Map<string, number[]>(group.levels.map((l) => [l, []]));
  for (const i of idx) byGroup.get(group.values[i]!)?.push(value.values[i]!);
  const groups: Level[] = [];
  const points: BoxPoint[] = [];
  group.levels.forEach((level, g) => {
    const values = (byGroup.get(level) ?? []).sort((a, b) => a - b);
    if (!values.length) return;
    groups.push({ level, label: labels[g]!, n: values.length });
    values.forEach((v, j) => points.push({ group: level, value: v, lane: lane(j) }));
  });
  return { groups, points };
}

/**
 * The drill-down of one pair: a mosaic for two categorical variables; a box plot of the
 * numeric side (ordinal or continuous) by the categorical side's levels; a scatter plot of
 * imaging (x) against genomic (y) when neither is categorical. Subjects missing either value
 * are dropped.
 */
export function drillData(imaging: Variable, genomic: Variable): DrillData {
  if (imaging.scale === 'categorical' && genomic.scale === 'categorical') {
    const table = contingency(imaging, genomic);
    return { kind: 'mosaic', table, ...mosaicRects(table) };
  }
  if (genomic.scale === 'categorical' && imaging.scale !== 'categorical') {
    const { groups, points } = boxData(genomic, imaging);
    return {
      kind: 'box',
      groupSide: 'genomic',
      groups,
      points,
      valueLevels: imaging.scale === 'ordinal' ? levelLabels(imaging) : null,
      n: points.length,
    };
  }
  if (imaging.scale === 'categorical' && genomic.scale !== 'categorical') {
    const { groups, points } = boxData(imaging, genomic);
    return {
      kind: 'box',
      groupSide: 'imaging',
      groups,
      points,
      valueLevels: genomic.scale === 'ordinal' ? levelLabels(genomic) : null,
      n: points.length,
    };
  }
  const x = cells(imaging) as readonly (number | null)[];
  const y = cells(genomic) as readonly (number | null)[];
  const ordinal = imaging.scale === 'ordinal';
  const points = pairedIndices(imaging, genomic).map((i, j) => ({
    x: x[i]!,
    y: y[i]!,
    jx: ordinal ? x[i]! + ((lane(j) + 0.5) / JITTER_LANES - 0.5) * 0.4 : x[i]!,
  }));
  return { kind: 'scatter', points, xLevels: ordinal ? levelLabels(imaging) : null, n: points.length };
}
