import type { JoinSummary } from '@/lib/genomics/analysis-types';
import type { AssociationParams } from '@/lib/genomics/params';
import type { GenomicColumnSummary } from '@/lib/genomics/typing';
import type { AssociationResult, GenomicSource, GenomicType, Variable } from '@/lib/genomics/types';

/**
 * What the radiogenomics page sends its client components: table metadata, per-column
 * summaries (never the table's rows), the selected run's results with its variables' names and
 * levels (never their values), and the values of the one pair the drill-down plots.
 */

export type TableItem = {
  id: number;
  name: string;
  source: GenomicSource;
  idColumn: string;
  idLevel: 'patient' | 'sample';
  rows: number;
  columns: number;
  version: number;
  /** ISO 8601, UTC. */
  createdAt: string;
};

/** A column of the selected table with its summary read both ways, so a type change previews at once. */
export type ColumnPreview = {
  id: string;
  label: string;
  description: string | null;
  type: GenomicType;
  inferred: GenomicType;
  asLevels: Extract<GenomicColumnSummary, { type: 'categorical' | 'binary' }>;
  asNumbers: Extract<GenomicColumnSummary, { type: 'continuous' }>;
};

export type SelectedTable = Omit<TableItem, 'columns'> & { notes: string[]; columns: ColumnPreview[] };

export type RunItem = {
  id: number;
  tableId: number;
  tableName: string;
  params: AssociationParams;
  createdAt: string;
};

/** A variable's name and levels, without its values. */
export type VariableMeta = {
  id: string;
  label: string;
  scale: Variable['scale'];
  levels: string[] | null;
  levelLabels: string[] | null;
  unit: string | null;
};

export type RunView = RunItem & {
  tableVersion: number;
  /** The table's column types changed since the run (its results describe the old types). */
  stale: boolean;
  join: JoinSummary;
  results: AssociationResult[];
  imaging: VariableMeta[];
  genomic: VariableMeta[];
};

/** The drill-down pair: its result and the two variables, values aligned by subject. */
export type DrillPair = { result: AssociationResult; imaging: Variable; genomic: Variable };

export type GenomicsPageData = {
  study: { id: number; name: string; slug: string; readSessions: number };
  tables: TableItem[];
  selectedTable: SelectedTable | null;
  runs: RunItem[];
  run: RunView | null;
  pair: DrillPair | null;
  /** Remarks on the address (a table or run that no longer exists, a pair not in the run). */
  notices: string[];
};
