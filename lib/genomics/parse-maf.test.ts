import { describe, expect, it } from 'vitest';
import { GenomicTableError } from '@/lib/genomics/parse-delimited';
import { isNonSilent, parseMaf } from '@/lib/genomics/parse-maf';

const HEADER = 'Hugo_Symbol\tEntrez_Gene_Id\tVariant_Classification\tTumor_Sample_Barcode\tHGVSp_Short';

function maf(...variants: [gene: string, variantClass: string, sample: string][]): string {
  return [
    '#version 2.4',
    HEADER,
    ...variants.map(([gene, variantClass, sample]) => `${gene}\t0\t${variantClass}\t${sample}\tp.X`),
  ].join('\n');
}

function problems(text: string, options?: Parameters<typeof parseMaf>[1]): string[] | null {
  try {
    parseMaf(text, options);
    return null;
  } catch (error) {
    if (!(error instanceof GenomicTableError)) throw error;
    return error.problems;
  }
}

/** Gene columns, and each sample's mutated genes. */
function summary(table: ReturnType<typeof parseMaf>) {
  return {
    genes: table.columns.map((c) => c.id),
    samples: Object.fromEntries(
      table.rows.map((r) => [
        r.id,
        table.columns.filter((_, i) => r.values[i] === 'mutated').map((c) => c.id),
      ]),
    ),
  };
}

const COHORT = maf(
  ['IDH1', 'Missense_Mutation', 'S1'],
  ['IDH1', 'Missense_Mutation', 'S2'],
  ['IDH1', 'Missense_Mutation', 'S2'],
  ['IDH1', 'Silent', 'S3'],
  ['TP53', 'Nonsense_Mutation', 'S1'],
  ['TP53', 'Frame_Shift_Del', 'S3'],
  ['ATRX', 'Splice_Site', 'S2'],
  ['ATRX', 'In_Frame_Ins', 'S3'],
  ['EGFR', 'Missense_Mutation', 'S4'],
  ['TTN', 'Silent', 'S1'],
  ['TTN', "3'UTR", 'S2'],
  ['TTN', 'Intron', 'S3'],
  ['TTN', 'Splice_Region', 'S4'],
  ['MUC16', 'IGR', 'S5'],
);

describe('parseMaf', () => {
  it('makes a sample × gene table of non-silent mutations', () => {
    const table = parseMaf(COHORT);
    expect(table).toMatchObject({ source: 'maf', idColumn: 'Tumor_Sample_Barcode', idLevel: 'sample' });
    // Mutated in 2 samples each, ties by symbol; EGFR (1 sample) and the silent-only TTN and MUC16 are left out.
    expect(summary(table)).toEqual({
      genes: ['ATRX', 'IDH1', 'TP53'],
      samples: { S1: ['IDH1', 'TP53'], S2: ['ATRX', 'IDH1'], S3: ['ATRX', 'TP53'], S4: [], S5: [] },
    });
    expect(table.rows[4]).toEqual({ id: 'S5', values: ['wildtype', 'wildtype', 'wildtype'] });
    expect(table.columns[1]).toEqual({
      id: 'IDH1',
      label: 'IDH1',
      type: 'binary',
      inferred: 'binary',
      description: "Non-silent mutation in IDH1 (maftools' non-synonymous classes)",
    });
    expect(table.notes).toEqual([
      '5 samples (from 14 variants) and 3 genes: a gene is mutated in a sample with at least one non-silent variant ' +
        '(Frame_Shift_Del, Frame_Shift_Ins, Splice_Site, Translation_Start_Site, Nonsense_Mutation, Nonstop_Mutation, ' +
        'In_Frame_Del, In_Frame_Ins, Missense_Mutation), else wild type. ' +
        'Samples absent from this file are unknown (missing), not wild type.',
      '1 sample has only silent variants and is wild type for every gene.',
    ]);
  });

  it('orders genes by how many samples carry them, and caps their number', () => {
    expect(summary(parseMaf(COHORT, { minMutated: 1 })).genes).toEqual(['ATRX', 'IDH1', 'TP53', 'EGFR']);
    const capped = parseMaf(COHORT, { minMutated: 1, maxGenes: 2 });
    expect(summary(capped).genes).toEqual(['ATRX', 'IDH1']);
    expect(capped.notes).toContain(
      '4 genes are mutated in at least 1 sample; the 2 most frequently mutated are kept.',
    );
    const frequent = maf(
      ['B', 'Missense_Mutation', 'S1'],
      ['A', 'Missense_Mutation', 'S1'],
      ['B', 'Missense_Mutation', 'S2'],
      ['B', 'Missense_Mutation', 'S3'],
    );
    expect(summary(parseMaf(frequent, { minMutated: 1 })).genes).toEqual(['B', 'A']);
  });

  it('makes columns of the genes asked for, whatever their frequency', () => {
    const table = parseMaf(COHORT, { genes: ['egfr', ' TTN ', 'IDH2', 'EGFR', ''] });
    expect(summary(table)).toEqual({
      genes: ['EGFR', 'TTN', 'IDH2'],
      samples: { S1: [], S2: [], S3: [], S4: ['EGFR'], S5: [] },
    });
    expect(table.notes).toContain(
      'TTN: only silent variants in this file, so every sample is wild type for it.',
    );
    expect(table.notes).toContain(
      'IDH2: no variant at all in this file, so every sample is wild type (check the symbol).',
    );
  });

  it('says so when no gene reaches the threshold', () => {
    const table = parseMaf(maf(['TTN', 'Silent', 'S1'], ['EGFR', 'Missense_Mutation', 'S1']));
    expect(table.columns).toEqual([]);
    expect(table.rows).toEqual([{ id: 'S1', values: [] }]);
    expect(table.notes).toContain(
      'No gene is mutated (non-silent) in at least 2 samples: lower the threshold or name the genes to test.',
    );
  });

  it('reads CRLF, a BOM, several comment lines, quoted fields and columns in any order', () => {
    const text =
      '\uFEFF#version 2.4\r\n#annotated\r\n\r\nTumor_Sample_Barcode\tvariant_classification\tHugo_Symbol\r\n' +
      '"TCGA-02-0001-01A"\tMissense_Mutation\tIDH1\r\nTCGA-02-0003-01A\tmissense_mutation\tIDH1\r\n\r\n';
    expect(summary(parseMaf(text))).toEqual({
      genes: ['IDH1'],
      samples: { 'TCGA-02-0001-01A': ['IDH1'], 'TCGA-02-0003-01A': ['IDH1'] },
    });
  });

  it('counts a variant without a class as not a mutation, and keeps a sample without a gene', () => {
    const table = parseMaf(
      maf(['IDH1', 'Missense_Mutation', 'S1'], ['IDH1', '', 'S2'], ['', 'Missense_Mutation', 'S3']),
      {
        minMutated: 1,
      },
    );
    expect(summary(table).samples).toEqual({ S1: ['IDH1'], S2: [], S3: [] });
    expect(table.notes).toContain(
      '1 variant without a Variant_Classification was not counted as a mutation.',
    );
  });

  it('knows the non-silent classes', () => {
    expect(
      ['Missense_Mutation', 'Nonstop_Mutation', 'Translation_Start_Site', ' splice_site '].every(isNonSilent),
    ).toBe(true);
    expect(
      ["3'UTR", "5'Flank", 'IGR', 'RNA', 'lincRNA', 'Splice_Region', 'Silent', 'Intron', ''].some(
        isNonSilent,
      ),
    ).toBe(false);
  });

  it('refuses a file without the required columns or variants', () => {
    expect(problems('#version 2.4\nHugo_Symbol\tChromosome\tSample\nIDH1\t2\tS1\n')).toEqual([
      'line 2: a MAF needs the columns Tumor_Sample_Barcode, Variant_Classification (the header has Hugo_Symbol, Chromosome, Sample)',
    ]);
    expect(problems(`#version 2.4\n${HEADER}\n\n`)).toEqual([
      'line 2: the MAF has a header but no variants follow',
    ]);
    expect(problems('#version 2.4\n')?.[0]).toMatch(/^the MAF is empty/);
    expect(problems('')?.[0]).toMatch(/^the MAF is empty/);
  });

  it('refuses rows cut short and empty barcodes, naming the lines', () => {
    expect(
      problems(`${HEADER}\nIDH1\t0\tMissense_Mutation\tS1\tp.R132H\nTP53\t0\nEGFR\t0\tSilent\t \tp.X\n`),
    ).toEqual(['line 3: 2 fields but the header has 5 columns', 'line 4: the Tumor_Sample_Barcode is empty']);
  });

  it('refuses bad options and binary files', () => {
    expect(problems(COHORT, { minMutated: 0 })).toEqual([
      'minMutated must be a whole number from 1 to 100,000',
    ]);
    expect(problems(COHORT, { maxGenes: 501 })).toEqual(['maxGenes must be a whole number from 1 to 500']);
    expect(problems(COHORT, { genes: Array.from({ length: 501 }, (_, i) => `G${i}`) })).toEqual([
      '501 genes were asked for; at most 500 are accepted',
    ]);
    expect(problems('\u001f\uFFFD\u0008\u0000')?.[0]).toMatch(/MAF is gzip-compressed/);
  });
});
