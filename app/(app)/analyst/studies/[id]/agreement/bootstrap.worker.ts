/// <reference lib="webworker" />
import type { FeatureUnit } from '@/lib/stats/feature-units';
import { bootstrapUnitAlpha } from '@/lib/stats/unit-bootstrap';

type Request = {
  units: Pick<FeatureUnit, 'key' | 'kind' | 'categories' | 'ratings'>[];
  seed: number;
  replicates: number;
};

// Runs the bootstraps off the page's thread and reports after each feature.
self.onmessage = (event: MessageEvent<Request>) => {
  const { units, seed, replicates } = event.data;
  units.forEach((unit, i) => {
    const result = bootstrapUnitAlpha(unit, seed, replicates);
    self.postMessage({ type: 'progress', done: i + 1, total: units.length, result });
  });
  self.postMessage({ type: 'done' });
};
