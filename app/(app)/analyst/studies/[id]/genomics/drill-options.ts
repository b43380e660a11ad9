import * as Plot from '@observablehq/plot';
import {
  JITTER_LANES,
  type BoxPoint,
  type DrillData,
  type MosaicRect,
  type ScatterPoint,
} from '@/lib/genomics/plot-data';
import type { Variable } from '@/lib/genomics/types';
import { formatNumber } from './format';

/** Observable Plot options for the drill-down of one pair, from its plot data (see lib/genomics/plot-data). */

const POINT = '#1d4ed8';
/** Sideways distance between jitter lanes, in pixels. */
const LANE_PX = 5;

const axisLabel = (v: Variable) => (v.scale === 'continuous' && v.unit ? `${v.label} (${v.unit})` : v.label);

/** An axis of ordinal positions 0…k−1, labelled with the levels. */
function ordinalAxis(levels: string[], label: string) {
  return {
    domain: [-0.5, levels.length - 0.5],
    ticks: levels.map((_, i) => i),
    tickFormat: (i: number) => levels[i] ?? '',
    label,
    grid: true,
  };
}

function valueText(value: number, levels: string[] | null): string {
  return levels ? (levels[value] ?? String(value)) : formatNumber(value);
}

function boxOptions(
  data: Extract<DrillData, { kind: 'box' }>,
  imaging: Variable,
  genomic: Variable,
): Plot.PlotOptions {
  const [groupVar, valueVar] = data.groupSide === 'genomic' ? [genomic, imaging] : [imaging, genomic];
  const groupLabel = new Map(data.groups.map((g) => [g.level, `${g.label} (n = ${g.n})`]));
  const longest = Math.max(...data.groups.map((g) => g.label.length + 8));
  const valueLevels = data.valueLevels;
  const lanes = Array.from({ length: JITTER_LANES }, (_, k) => k);
  return {
    height: 360,
    marginLeft: valueLevels ? Math.min(220, 7 * Math.max(...valueLevels.map((l) => l.length)) + 16) : 60,
    marginBottom: longest > 14 ? Math.min(160, 5 * longest + 30) : 40,
    x: {
      domain: data.groups.map((g) => g.level),
      tickFormat: (level: string) => groupLabel.get(level) ?? level,
      tickRotate: longest > 14 ? -30 : 0,
      label: axisLabel(groupVar),
      padding: 0.3,
    },
    y: valueLevels
      ? ordinalAxis(valueLevels, axisLabel(valueVar))
      : { label: axisLabel(valueVar), grid: true },
    marks: [
      Plot.boxY(data.points, { x: 'group', y: 'value', r: 0, fill: '#cbd5e1', stroke: '#334155' }),
      ...lanes.map((k) =>
        Plot.dot(
          data.points.filter((p) => p.lane === k),
          {
            x: 'group',
            y: 'value',
            dx: (k - (JITTER_LANES - 1) / 2) * LANE_PX,
            r: 2.5,
            fill: POINT,
            fillOpacity: 0.65,
            title: (p: BoxPoint) =>
              `${groupLabel.get(p.group) ?? p.group}: ${valueText(p.value, valueLevels)}`,
          },
        ),
      ),
    ],
  };
}

function scatterOptions(
  data: Extract<DrillData, { kind: 'scatter' }>,
  imaging: Variable,
  genomic: Variable,
): Plot.PlotOptions {
  const xLevels = data.xLevels;
  return {
    height: 360,
    marginLeft: 60,
    x: xLevels ? ordinalAxis(xLevels, axisLabel(imaging)) : { label: axisLabel(imaging), grid: true },
    y: { label: axisLabel(genomic), grid: true },
    marks: [
      Plot.dot(data.points, {
        x: 'jx',
        y: 'y',
        r: 3,
        fill: POINT,
        fillOpacity: 0.65,
        title: (p: ScatterPoint) => `${valueText(p.x, xLevels)}, ${formatNumber(p.y)}`,
      }),
    ],
  };
}

function mosaicColour(data: Extract<DrillData, { kind: 'mosaic' }>, imaging: Variable): Plot.ScaleOptions {
  return {
    type: 'categorical',
    domain: data.table.rows.map((r) => r.label),
    scheme: 'Tableau10',
    label: imaging.label,
  };
}

function mosaicOptions(
  data: Extract<DrillData, { kind: 'mosaic' }>,
  imaging: Variable,
  genomic: Variable,
): Plot.PlotOptions {
  const tickLabel = (x: number) => data.ticks.find((t) => Math.abs(t.x - x) < 1e-9)?.label ?? '';
  const longest = Math.max(...data.ticks.map((t) => t.label.length));
  const centre = (r: MosaicRect) => ({ x: (r.x1 + r.x2) / 2, y: (r.y1 + r.y2) / 2 });
  // Level and count where the rectangle is large enough, the count alone where it is small.
  const text = (r: MosaicRect) =>
    r.x2 - r.x1 >= 0.12 && r.y2 - r.y1 >= 0.1
      ? `${r.rowLabel}\n${r.n}`
      : r.y2 - r.y1 >= 0.04
        ? String(r.n)
        : '';
  return {
    height: 380,
    marginLeft: 50,
    marginBottom: longest > 14 ? Math.min(160, 5 * longest + 30) : 40,
    x: {
      domain: [0, 1],
      ticks: data.ticks.map((t) => t.x),
      tickFormat: tickLabel,
      tickRotate: longest > 14 ? -30 : 0,
      label: `${genomic.label} (column width ∝ count)`,
    },
    y: { domain: [0, 1], tickFormat: '.0%', label: `Share of ${imaging.label}` },
    color: mosaicColour(data, imaging),
    marks: [
      Plot.rect(data.rects, {
        x1: 'x1',
        x2: 'x2',
        y1: 'y1',
        y2: 'y2',
        fill: 'rowLabel',
        stroke: 'white',
        title: (r: MosaicRect) =>
          `${r.colLabel}, ${r.rowLabel}: ${r.n} (${(100 * r.share).toFixed(0)}% of ${r.colLabel})`,
      }),
      Plot.text(data.rects, {
        x: (r: MosaicRect) => centre(r).x,
        y: (r: MosaicRect) => centre(r).y,
        text,
        fill: 'black',
        stroke: 'white',
        strokeWidth: 3,
        fontSize: 11,
      }),
    ],
  };
}

export function drillOptions(data: DrillData, imaging: Variable, genomic: Variable): Plot.PlotOptions {
  if (data.kind === 'box') return boxOptions(data, imaging, genomic);
  if (data.kind === 'scatter') return scatterOptions(data, imaging, genomic);
  return mosaicOptions(data, imaging, genomic);
}

/** The colour key shown beside the plot (the mosaic's imaging levels), or null when there is none. */
export function drillLegend(data: DrillData, imaging: Variable): Plot.LegendScales | null {
  return data.kind === 'mosaic' ? { color: mosaicColour(data, imaging) } : null;
}

/** What the plot shows, in a sentence for its caption. */
export function drillDescription(data: DrillData): string {
  const dropped = 'Subjects missing either value are left out.';
  if (data.kind === 'box')
    return `Box plots (median, quartiles, whiskers to 1.5 × IQR) with every subject as a dot, spread sideways to limit overlap; n = ${data.n}. ${dropped}`;
  if (data.kind === 'scatter')
    return `One dot per subject${data.xLevels ? ', spread sideways within each level' : ''}; n = ${data.n}. ${dropped}`;
  return `Mosaic plot: one column per genomic level, as wide as its count, split by the imaging levels' shares; n = ${data.table.n}. The counts are in the table below. ${dropped}`;
}
