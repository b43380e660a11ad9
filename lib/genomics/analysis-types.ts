import type { AssociationResult, Variable } from './types';

/** What the join of imaging cases and genomic rows found, as the page and the CSV report it. */
export type JoinSummary = {
  /** In words: which ids were matched and how (exact, TCGA patient barcode). */
  rule: string;
  /** Subjects with both imaging and genomic data. */
  matched: number;
  imagingTotal: number;
  genomicTotal: number;
  /** Imaging ids (subject ids or case keys) without a genomic row. */
  unmatchedImaging: string[];
  /** Genomic ids without an imaging case. */
  unmatchedGenomic: string[];
  notes: string[];
};

/**
 * One association analysis: the join, the variables on both sides aligned by subject (the
 * drill-down plots read them), and one result per imaging × genomic pair, sorted by q, then p.
 */
export type AssociationAnalysis = {
  join: JoinSummary;
  /** The matched subjects' imaging ids, in the order of every variable's `values`. */
  subjects: string[];
  variables: { imaging: Variable[]; genomic: Variable[] };
  results: AssociationResult[];
};
