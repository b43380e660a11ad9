/**
 * Reads a Mutation Annotation Format file into a sample × gene table of mutated / wildtype.
 * Pure: text in, table out; problems are reported with their lines and nothing partial is returned.
 */
import { cellValue } from '@/lib/genomics/missing';
import {
  GENOMIC_MAX_COLUMNS,
  GENOMIC_MAX_ROWS,
  GenomicTableError,
  normalizeText,
} from '@/lib/genomics/parse-delimited';
import type { GenomicColumn, GenomicRow, GenomicTable } from '@/lib/genomics/types';

/**
 * The variant classes that change the protein: maftools' default `vc_nonSyn`. Every other class
 * (Silent, Intron, 3'UTR, 5'UTR, 3'Flank, 5'Flank, IGR, RNA, lincRNA, Splice_Region, …) is silent.
 */
export const NON_SILENT_CLASSES = [
  'Frame_Shift_Del',
  'Frame_Shift_Ins',
  'Splice_Site',
  'Translation_Start_Site',
  'Nonsense_Mutation',
  'Nonstop_Mutation',
  'In_Frame_Del',
  'In_Frame_Ins',
  'Missense_Mutation',
] as const;

const NON_SILENT = new Set<string>(NON_SILENT_CLASSES.map((c) => c.toLowerCase()));

/** Whether a Variant_Classification changes the protein (case ignored). */
export function isNonSilent(variantClassification: string): boolean {
  return NON_SILENT.has(variantClassification.trim().toLowerCase());
}

export const MAF_REQUIRED_COLUMNS = [
  'Hugo_Symbol',
  'Tumor_Sample_Barcode',
  'Variant_Classification',
] as const;
export const MAF_DEFAULT_MIN_MUTATED = 2;
export const MAF_DEFAULT_MAX_GENES = 50;
export const MUTATED = 'mutated';
export const WILDTYPE = 'wildtype';
const KEPT_PROBLEMS = 100;

export type ParseMafOptions = {
  /** Without `genes`: the least number of samples a gene must be mutated in to become a column (default 2). */
  minMutated?: number;
  /** Without `genes`: the most gene columns, most frequently mutated first (default 50). */
  maxGenes?: number;
  /** The genes to make columns of, in this order (symbols matched ignoring case). */
  genes?: string[];
};

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

function checkCount(
  value: number | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new GenomicTableError([
      `${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}`,
    ]);
  return value;
}

/** A field of a MAF line: trimmed, surrounding double quotes removed. */
function field(fields: string[], index: number): string {
  const value = (fields[index] ?? '').trim();
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).trim()
    : value;
}

/**
 * Reads a MAF (tab-separated, optional '#version' lines, then a header with Hugo_Symbol,
 * Tumor_Sample_Barcode and Variant_Classification; other columns are ignored).
 *
 * Every Tumor_Sample_Barcode in the file (whatever its variants, silent ones included) becomes a
 * row; a gene is 'mutated' in a sample with at least one non-silent variant (NON_SILENT_CLASSES),
 * else 'wildtype'. Gene columns: `genes` when given, else the genes mutated in at least
 * `minMutated` samples, most frequent first (ties by symbol), at most `maxGenes`.
 *
 * Throws a GenomicTableError (AppError 'invalid') naming every problem and its line.
 */
export function parseMaf(text: string, options: ParseMafOptions = {}): GenomicTable {
  const minMutated = checkCount(
    options.minMutated,
    'minMutated',
    1,
    GENOMIC_MAX_ROWS,
    MAF_DEFAULT_MIN_MUTATED,
  );
  const maxGenes = checkCount(options.maxGenes, 'maxGenes', 1, GENOMIC_MAX_COLUMNS, MAF_DEFAULT_MAX_GENES);
  const requested = requestedGenes(options.genes);

  const lines = normalizeText(text, 'MAF').split('\n');
  const headerIndex = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('#'));
  if (headerIndex < 0)
    throw new GenomicTableError([
      'the MAF is empty: it needs a header row (Hugo_Symbol, Tumor_Sample_Barcode, Variant_Classification, …) and one row per variant',
    ]);
  const headerLine = headerIndex + 1;
  const header = lines[headerIndex]!.split('\t').map((_, i, all) => field(all, i));
  const indexOf = (name: string) => {
    const exact = header.indexOf(name);
    return exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  };
  const [geneIndex, sampleIndex, classIndex] = MAF_REQUIRED_COLUMNS.map(indexOf) as [number, number, number];
  const absent = MAF_REQUIRED_COLUMNS.filter((name) => indexOf(name) < 0);
  if (absent.length)
    throw new GenomicTableError([
      `line ${headerLine}: a MAF needs the column${absent.length === 1 ? '' : 's'} ${absent.join(', ')} ` +
        `(the header has ${header.slice(0, 8).join(', ') || 'nothing'}${header.length > 8 ? ', …' : ''})`,
    ]);
  const needed = Math.max(geneIndex, sampleIndex, classIndex) + 1;

  const samples = new Map<string, number>();
  /** Gene → samples with a non-silent variant in it. */
  const mutated = new Map<string, Set<string>>();
  /** Every gene symbol in the file, by upper-case symbol. */
  const symbols = new Map<string, string>();
  const problems: string[] = [];
  let unclassified = 0;
  let variants = 0;
  for (let i = headerIndex + 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = line.split('\t');
    if (fields.length < needed) {
      if (problems.length < KEPT_PROBLEMS)
        problems.push(
          `line ${i + 1}: ${plural(fields.length, 'field')} but the header has ${header.length} columns`,
        );
      continue;
    }
    const sample = field(fields, sampleIndex);
    if (cellValue(sample) === null) {
      if (problems.length < KEPT_PROBLEMS) problems.push(`line ${i + 1}: the Tumor_Sample_Barcode is empty`);
      continue;
    }
    variants += 1;
    if (!samples.has(sample)) samples.set(sample, samples.size);
    const gene = cellValue(field(fields, geneIndex));
    const variantClass = field(fields, classIndex);
    if (gene === null) continue;
    if (!symbols.has(gene.toUpperCase())) symbols.set(gene.toUpperCase(), gene);
    if (variantClass === '') unclassified += 1;
    else if (isNonSilent(variantClass)) {
      const set = mutated.get(gene) ?? new Set<string>();
      set.add(sample);
      mutated.set(gene, set);
    }
  }
  if (problems.length) throw new GenomicTableError(problems);
  if (samples.size === 0)
    throw new GenomicTableError([`line ${headerLine}: the MAF has a header but no variants follow`]);
  if (samples.size > GENOMIC_MAX_ROWS)
    throw new GenomicTableError([
      `the MAF has ${plural(samples.size, 'sample')}; at most ${GENOMIC_MAX_ROWS.toLocaleString('en-US')} are accepted`,
    ]);

  const notes: string[] = [];
  const count = (gene: string) => mutated.get(gene)?.size ?? 0;
  let genes: string[];
  if (requested) {
    const byUpper = new Map([...mutated.keys()].map((g) => [g.toUpperCase(), g]));
    genes = requested.map((g) => byUpper.get(g.toUpperCase()) ?? symbols.get(g.toUpperCase()) ?? g);
    const unseen = genes.filter((g) => !symbols.has(g.toUpperCase()));
    const silentOnly = genes.filter((g) => symbols.has(g.toUpperCase()) && count(g) === 0);
    if (silentOnly.length)
      notes.push(
        `${silentOnly.join(', ')}: only silent variants in this file, so every sample is wild type for ${silentOnly.length === 1 ? 'it' : 'them'}.`,
      );
    if (unseen.length)
      notes.push(
        `${unseen.join(', ')}: no variant at all in this file, so every sample is wild type (check the symbol${unseen.length === 1 ? '' : 's'}).`,
      );
  } else {
    const frequent = [...mutated.keys()]
      .filter((g) => count(g) >= minMutated)
      .sort((a, b) => count(b) - count(a) || (a < b ? -1 : a > b ? 1 : 0));
    genes = frequent.slice(0, maxGenes);
    if (frequent.length > maxGenes)
      notes.push(
        `${plural(frequent.length, 'gene')} are mutated in at least ${plural(minMutated, 'sample')}; the ${maxGenes} most frequently mutated are kept.`,
      );
    if (frequent.length === 0)
      notes.push(
        `No gene is mutated (non-silent) in at least ${plural(minMutated, 'sample')}: lower the threshold or name the genes to test.`,
      );
  }

  const columns: GenomicColumn[] = genes.map((gene) => ({
    id: gene,
    label: gene,
    type: 'binary',
    inferred: 'binary',
    description: `Non-silent mutation in ${gene} (maftools' non-synonymous classes)`,
  }));
  const sets = genes.map((gene) => mutated.get(gene));
  const rows: GenomicRow[] = [...samples.keys()].map((sample) => ({
    id: sample,
    values: sets.map((set) => (set?.has(sample) ? MUTATED : WILDTYPE)),
  }));

  const withMutation = new Set([...mutated.values()].flatMap((set) => [...set]));
  notes.unshift(
    `${plural(samples.size, 'sample')} (from ${plural(variants, 'variant')}) and ${plural(genes.length, 'gene')}: ` +
      `a gene is mutated in a sample with at least one non-silent variant (${NON_SILENT_CLASSES.join(', ')}), else wild type. ` +
      'Samples absent from this file are unknown (missing), not wild type.',
  );
  const silentSamples = samples.size - withMutation.size;
  if (silentSamples > 0)
    notes.push(
      `${plural(silentSamples, 'sample')} ${silentSamples === 1 ? 'has' : 'have'} only silent variants and ${silentSamples === 1 ? 'is' : 'are'} wild type for every gene.`,
    );
  if (unclassified > 0)
    notes.push(
      `${plural(unclassified, 'variant')} without a Variant_Classification ${unclassified === 1 ? 'was not counted as a mutation' : 'were not counted as mutations'}.`,
    );

  return { source: 'maf', idColumn: 'Tumor_Sample_Barcode', idLevel: 'sample', columns, rows, notes };
}

/** The requested genes: trimmed, without blanks or repeats (ignoring case); null when none. */
function requestedGenes(genes: string[] | undefined): string[] | null {
  if (!genes) return null;
  const seen = new Set<string>();
  const list: string[] = [];
  for (const raw of genes) {
    const gene = raw.trim();
    if (gene === '' || seen.has(gene.toUpperCase())) continue;
    seen.add(gene.toUpperCase());
    list.push(gene);
  }
  if (list.length === 0) return null;
  if (list.length > GENOMIC_MAX_COLUMNS)
    throw new GenomicTableError([
      `${list.length} genes were asked for; at most ${GENOMIC_MAX_COLUMNS} are accepted`,
    ]);
  return list;
}
