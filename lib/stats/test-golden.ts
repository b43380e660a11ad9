import fs from 'node:fs';
import path from 'node:path';
import type { Rating } from './ratings';

/**
 * Published datasets and their published statistics (golden tests). The fixtures are a
 * copy of the reference folder; golden.test.ts checks the copy is identical to it.
 */
export const FIXTURES = path.resolve('lib/stats/fixtures');

export type PublishedValue = {
  dataset: string;
  statistic: string;
  field: string;
  value: number;
  decimals: number;
  source: string;
  categories?: string[];
  scale?: string;
  options?: Record<string, string>;
};

export function publishedValues(): PublishedValue[] {
  return (
    JSON.parse(fs.readFileSync(path.join(FIXTURES, 'published.json'), 'utf8')) as { values: PublishedValue[] }
  ).values;
}

/** A long CSV (case_id,reader_id,value; empty = missing). */
export function loadRatings(dataset: string): Rating[] {
  const [, ...rows] = fs.readFileSync(path.join(FIXTURES, dataset), 'utf8').trim().split(/\r?\n/);
  return rows.map((row) => {
    const [caseId = '', readerId = '', value = ''] = row.split(',');
    return { caseId, readerId, value: value === '' ? null : value };
  });
}

/** |computed − published| ≤ 0.5·10^-decimals */
export function agrees(computed: number | null | undefined, published: PublishedValue): boolean {
  return (
    typeof computed === 'number' &&
    Math.abs(computed - published.value) <= 0.5 * 10 ** -published.decimals + 1e-12
  );
}
