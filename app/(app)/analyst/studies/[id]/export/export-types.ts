import type { ExportKind } from '@/lib/export/features';

/** A feature as the export form's picker shows it. */
export type PickerFeature = {
  id: string;
  title: string;
  kind: ExportKind;
  /** The repeat group's entry label ("Lesion") when the feature is answered once per entry. */
  groupLabel: string | null;
};

export type PickerSection = { id: string; title: string; features: PickerFeature[] };

/** Everything the export page shows besides the preview: plain data for the export form. */
export type ExportPageData = {
  study: { id: number; name: string; slug: string; readSessions: number };
  lexicon: { key: string; version: string; title: string };
  sections: PickerSection[];
  /** Pseudonymous reader labels (reader_01, …), in the order the export uses. */
  readers: string[];
  /** Submitted reads per session (index 0 is session 1). */
  submittedBySession: number[];
  submittedReads: number;
  hasConsensus: boolean;
  hasReference: boolean;
  /** Whether the lexicon has repeat groups (lesions, nodules…), so the lesion options matter. */
  hasRepeatGroups: boolean;
  /** Features iMRMC can score: ordinal, answered once per case, with option scores. */
  scoreFeatures: { id: string; title: string }[];
  /** Features of the reference standard that can give each case's truth (yes/no or two options). */
  truthFeatures: { id: string; title: string }[];
};

/** A preview as the page receives it: the columns' ids, labels and types, and the first rows. */
export type PreviewColumn = { id: string; label: string; type: string };
export type PreviewCell = string | number | boolean | null;
export type PreviewData = { columns: PreviewColumn[]; rows: Record<string, PreviewCell>[] };
