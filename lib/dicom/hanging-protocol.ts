import { z } from 'zod';

/**
 * Hanging protocols as data: a layout of viewports, each filled by the first series whose
 * description matches one of its rules (case-insensitive regular expressions, tried in order),
 * falling back to series not yet shown. Declared per lexicon in lexicons/hanging-protocols.yaml.
 */
export const ZViewportRule = z.object({
  label: z.string().min(1),
  /** Regular expressions matched against the series description (case-insensitive). */
  match: z.array(z.string().min(1)).min(1),
  /** Optional modality the series must have (e.g. MR, MG). */
  modality: z.string().optional(),
  /** Optional DICOM ViewPosition the series must have (e.g. CC, MLO). */
  view: z.string().optional(),
});

export const ZHangingProtocol = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  /** Lexicon keys this protocol applies to. */
  lexicons: z.array(z.string().min(1)).min(1),
  layout: z.object({ rows: z.number().int().min(1).max(4), columns: z.number().int().min(1).max(4) }),
  viewports: z.array(ZViewportRule).min(1),
  /** Scroll co-registered series together by default. */
  syncScroll: z.boolean().default(true),
});
export type HangingProtocol = z.infer<typeof ZHangingProtocol>;
export type ViewportRule = z.infer<typeof ZViewportRule>;

export const ZHangingProtocolFile = z.object({ protocols: z.array(ZHangingProtocol).min(1) });

/** The one-viewport protocol used when no declared protocol applies. */
export const DEFAULT_PROTOCOL: HangingProtocol = {
  id: 'default',
  title: 'Single viewport',
  lexicons: ['*'],
  layout: { rows: 1, columns: 1 },
  viewports: [{ label: 'Series', match: ['.*'] }],
  syncScroll: false,
};

export type SeriesForMatching = {
  id: number;
  description: string | null;
  modality: string | null;
  viewPosition?: string | null;
  seriesNumber: number | null;
};

export function protocolFor(protocols: HangingProtocol[], lexiconKey: string | null): HangingProtocol {
  return protocols.find((p) => lexiconKey && p.lexicons.includes(lexiconKey)) ?? DEFAULT_PROTOCOL;
}

function ruleMatches(rule: ViewportRule, s: SeriesForMatching): boolean {
  if (rule.modality && (s.modality ?? '').toUpperCase() !== rule.modality.toUpperCase()) return false;
  if (rule.view && (s.viewPosition ?? '').toUpperCase() !== rule.view.toUpperCase()) return false;
  const text = s.description ?? '';
  return rule.match.some((m) => new RegExp(m, 'i').test(text));
}

/**
 * Assigns a series to each viewport: first by the viewport's rules, trying each rule pattern
 * in order across all series, then any series not yet shown (in series-number order), so every
 * viewport shows something when there are enough series. Returns series ids (null = empty).
 */
export function hangSeries(protocol: HangingProtocol, series: SeriesForMatching[]): (number | null)[] {
  const ordered = [...series].sort(
    (a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || a.id - b.id,
  );
  const used = new Set<number>();
  const picks: (number | null)[] = protocol.viewports.map((rule) => {
    for (const pattern of rule.match) {
      const hit = ordered.find((s) => !used.has(s.id) && ruleMatches({ ...rule, match: [pattern] }, s));
      if (hit) {
        used.add(hit.id);
        return hit.id;
      }
    }
    return null;
  });
  return picks.map((pick) => {
    if (pick !== null) return pick;
    const next = ordered.find((s) => !used.has(s.id));
    if (!next) return null;
    used.add(next.id);
    return next.id;
  });
}
