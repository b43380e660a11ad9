/**
 * A table as the export writers take it: typed columns with stable ids, then rows as plain
 * values, streamed (an iterable, never an array the writer needs whole).
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime';

export type ExportColumn = {
  /** Stable id, never a label: the column name in every format. */
  id: string;
  /** Human label for the codebook and the cBioPortal display-name line. */
  label: string;
  type: ColumnType;
  /** One line for the codebook and the cBioPortal description line. */
  description?: string;
};

export type ExportCell = string | number | boolean | null;
export type ExportRow = Record<string, ExportCell>;

export type ExportTable = { columns: ExportColumn[]; rows: Iterable<ExportRow> };
