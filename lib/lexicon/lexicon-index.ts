import type { TFeature, TLexicon } from './schema';

export type FeatureEntry = {
  feature: TFeature;
  sectionId: string;
  /** The repeat group (section id) the feature belongs to, or null for a once-per-case feature. */
  scope: string | null;
  /** Where it sits in the file: ['sections', i, 'features', j]. */
  path: (string | number)[];
};

/** Every feature by id, in file order, with the duplicates found on the way. */
export function indexLexicon(lexicon: TLexicon) {
  const features = new Map<string, FeatureEntry>();
  const duplicates: { id: string; path: (string | number)[]; firstPath: (string | number)[] }[] = [];
  lexicon.sections.forEach((section, si) => {
    section.features.forEach((feature, fi) => {
      const path = ['sections', si, 'features', fi];
      const first = features.get(feature.id);
      if (first) {
        duplicates.push({ id: feature.id, path, firstPath: first.path });
        return;
      }
      features.set(feature.id, {
        feature,
        sectionId: section.id,
        scope: section.repeat ? section.id : null,
        path,
      });
    });
  });
  return { features, duplicates };
}
