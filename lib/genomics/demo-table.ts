import { normal, seededRandom } from '@/lib/study/seeded-random';

/**
 * The demo study's synthetic genomic table, keyed by patient id like the demo cases:
 *
 * - `subtype`: classical / mesenchymal / proneural, drawn at random (a null);
 * - `IDH1`, `EGFR`: mutated / wildtype, drawn at random (nulls);
 * - `VEGFA_expression`: a z-score that rises with the lesion's true longest diameter
 *   (VASARI F29): (size − 45 mm) / 12 mm plus normal noise with SD 0.1. This is the planted
 *   association, so the demo shows a real signal beside real nulls.
 *
 * Like real data, the join is not perfect: the patient at `missingIndex` (0-based) has no
 * genomic row, and two patients who were never imaged (`DEMO-9001`, `DEMO-9002`) do.
 * Deterministic for a given seed.
 */
export const DEMO_GENOMIC_FILENAME = 'demo-glioma-genomics.csv';
export const DEMO_PLANTED = { imaging: 'F29', genomic: 'VEGFA_expression' } as const;

export function demoGenomicCsv(
  subjects: { subjectId: string; size: number }[],
  seed: number,
  missingIndex = 6,
): string {
  const random = seededRandom(seed);
  const subtypes = ['classical', 'mesenchymal', 'proneural'];
  const mutation = (rate: number) => (random() < rate ? 'mutated' : 'wildtype');
  const line = (id: string, size: number | null) => {
    const subtype = subtypes[Math.floor(random() * subtypes.length)] ?? 'classical';
    const idh1 = mutation(0.35);
    const egfr = mutation(0.4);
    const base = size === null ? normal(random, 0, 1) : (size - 45) / 12;
    const expression = base + normal(random, 0, 0.1);
    return [id, subtype, idh1, egfr, expression.toFixed(3)].join(',');
  };
  const lines = ['patient_id,subtype,IDH1,EGFR,VEGFA_expression'];
  subjects.forEach((s, i) => {
    const row = line(s.subjectId, s.size);
    if (i !== missingIndex) lines.push(row);
  });
  lines.push(line('DEMO-9001', null), line('DEMO-9002', null));
  return `${lines.join('\n')}\n`;
}
