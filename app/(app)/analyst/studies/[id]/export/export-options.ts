import type { ExportFormat } from '@/lib/export/params';

/** The export form's values and the choices it offers, each with a one-line explanation. */

export type FormValues = {
  layout: 'long' | 'wide';
  per: 'reader' | 'aggregate';
  aggregate: string;
  format: ExportFormat;
  sessions: number[];
  features: string[];
  valueAs: 'code' | 'score';
  lesions: 'index' | 'summary';
  maxLesions: number;
  scoreFeature?: string;
  truthFeature?: string;
  level: 'patient' | 'sample';
};

export type Choice<T extends string> = { value: T; label: string; help: string };

export const LAYOUTS: Choice<FormValues['layout']>[] = [
  {
    value: 'long',
    label: 'Long',
    help: 'One row per reader × case × feature (and lesion), with the option code, label and score: tidy data for R and pandas.',
  },
  {
    value: 'wide',
    label: 'Wide',
    help: 'One row per case with the features as columns: for joining with genomic or clinical data by subject.',
  },
];

export const PER: Choice<FormValues['per']>[] = [
  {
    value: 'reader',
    label: 'One per reader',
    help: 'Each feature once per reader, named by the pseudonymous reader id (F5__reader_03).',
  },
  {
    value: 'aggregate',
    label: 'One aggregate',
    help: 'Each feature once, combining the readers as chosen under Aggregate.',
  },
];

export const AGGREGATES: Choice<'consensus' | 'majority' | 'central' | 'reader'>[] = [
  {
    value: 'consensus',
    label: 'Consensus from adjudication',
    help: 'The values the adjudicators set; empty for cases without consensus.',
  },
  {
    value: 'majority',
    label: 'Majority vote (ties marked)',
    help: 'The most frequent answer; a __tie column marks cases where answers tie.',
  },
  {
    value: 'central',
    label: 'Central: median for ordinal, mean for numeric, majority otherwise',
    help: 'A central value suited to each feature type, with a __tie column where it is not unique.',
  },
  {
    value: 'reader',
    label: 'A named reader',
    help: "One reader's answers, for instance a senior reader taken as reference.",
  },
];

export const VALUES: Choice<FormValues['valueAs']>[] = [
  { value: 'code', label: 'Option codes', help: "Choices as the lexicon's option codes, such as expansive." },
  {
    value: 'score',
    label: 'Option scores',
    help: "Choices as the lexicon's export scores, for modelling; an option without a score is empty.",
  },
];

export const LESIONS: Choice<FormValues['lesions']>[] = [
  {
    value: 'index',
    label: 'By index, up to N',
    help: 'Columns per lesion (lesions_1__F29, lesions_2__F29, …) up to the number below; a count column says how many there were.',
  },
  {
    value: 'summary',
    label: 'Summarised: count and largest',
    help: 'The number of lesions and, for each measurement, the largest value; other per-lesion features are left out.',
  },
];

export const FORMATS: Choice<ExportFormat>[] = [
  {
    value: 'csv',
    label: 'CSV',
    help: 'Comma-separated text: read.csv in R, read_csv in pandas, spreadsheets.',
  },
  { value: 'tsv', label: 'TSV', help: 'Tab-separated text, for tools that prefer tabs.' },
  {
    value: 'json',
    label: 'JSON',
    help: 'One document: the columns described under "columns", the rows as objects under "rows".',
  },
  {
    value: 'parquet',
    label: 'Parquet',
    help: 'Typed, compressed columns: arrow in R, read_parquet in pandas; fast for large exports.',
  },
  {
    value: 'cbioportal',
    label: 'cBioPortal clinical',
    help: 'A clinical attribute file to load beside genomic data in cBioPortal. Uses the wide layout.',
  },
  {
    value: 'imrmc',
    label: 'iMRMC',
    help: "Readers' scores of one ordinal feature for multi-reader multi-case ROC analysis. Uses the long layout.",
  },
  {
    value: 'zip',
    label: 'Zip bundle with codebook and README',
    help: 'The table, its codebook (every column explained) and a README describing the export.',
  },
];

export const LEVELS: Choice<FormValues['level']>[] = [
  { value: 'patient', label: 'Patient', help: 'One row per patient (data_clinical_patient.txt).' },
  { value: 'sample', label: 'Sample', help: 'One row per case as a sample (data_clinical_sample.txt).' },
];

/** What the preview shows for formats that are not plain tables. */
export const PREVIEW_NOTES: Partial<Record<ExportFormat, string>> = {
  json: 'The JSON file holds these rows as objects under "rows", with the columns described under "columns".',
  parquet: 'A Parquet file is not text: the preview shows the table inside.',
  zip: 'The zip bundle is not a table: the preview shows the table inside, which comes with its codebook and README.',
  cbioportal:
    "The preview shows the table inside; the file adds cBioPortal's four metadata lines above the header and writes attribute ids in upper case.",
  imrmc:
    'The iMRMC file is not a table: the preview shows the long rows it is made from (one score per read of the score feature).',
};

/** Friendlier messages than the schema's generic ones, by field. */
export const MESSAGES: Partial<Record<keyof FormValues, string>> = {
  sessions: 'Choose at least one session',
  maxLesions: 'Enter a whole number from 1 to 50',
  features: 'One of the chosen features is not a valid feature id',
};

/** Fields whose errors may come from the schema or the server, and where each one shows. */
export const ERROR_FIELDS = [
  'layout',
  'per',
  'aggregate',
  'valueAs',
  'lesions',
  'maxLesions',
  'sessions',
  'features',
  'format',
  'scoreFeature',
  'truthFeature',
  'level',
] as const;
export type ErrorField = (typeof ERROR_FIELDS)[number];
export type Errors = Partial<Record<ErrorField, string>>;
