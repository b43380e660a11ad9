import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { detectDelimiter, GenomicTableError, parseGenomicTable } from '@/lib/genomics/parse-delimited';

/** The problems a parse reports, or null when it succeeds. */
function problems(text: string, options?: Parameters<typeof parseGenomicTable>[1]): string[] | null {
  try {
    parseGenomicTable(text, options);
    return null;
  } catch (error) {
    if (!(error instanceof GenomicTableError)) throw error;
    return error.problems;
  }
}

const CBIOPORTAL_PATIENT = [
  '#Patient Identifier\tDiagnosis Age\tSex\tOverall Survival (Months)\tGrade\tSubtype',
  '#Identifier to uniquely specify a patient.\tAge at which a condition or disease was first diagnosed.\tSex\tOverall survival in months since initial diagnosis.\tNeoplasm histologic grade\tMolecular subtype',
  '#STRING\tNUMBER\tSTRING\tNUMBER\tNUMBER\tSTRING',
  '#1\t1\t1\t1\t1\t1',
  'PATIENT_ID\tAGE\tSEX\tOS_MONTHS\tGRADE\tSUBTYPE',
  'TCGA-02-0001\t44\tFemale\t12.3\t2\tProneural',
  'TCGA-02-0003\t50\tMale\t[Not Available]\t3\tClassical',
  'TCGA-02-0004\t59\tMale\t3.1\t4\tMesenchymal',
  'TCGA-02-0006\t56\tFemale\t20.5\t2\tClassical',
  '',
].join('\n');

describe('parseGenomicTable', () => {
  it('reads a CSV keyed by patient_id and types every other column', () => {
    const table = parseGenomicTable(
      'patient_id,subtype,IDH1,VEGFA,grade\nP1,classical,mutated,0.5,1\nP2,proneural,wildtype,-1.25,2\nP3,mesenchymal,NA,2e-1,3\nP4,classical,wildtype,,4\n',
    );
    expect(table).toMatchObject({
      source: 'delimited',
      idColumn: 'patient_id',
      idLevel: 'patient',
      notes: [],
    });
    expect(table.columns).toEqual([
      { id: 'subtype', label: 'subtype', type: 'categorical', inferred: 'categorical' },
      { id: 'IDH1', label: 'IDH1', type: 'binary', inferred: 'binary' },
      { id: 'VEGFA', label: 'VEGFA', type: 'continuous', inferred: 'continuous' },
      { id: 'grade', label: 'grade', type: 'categorical', inferred: 'categorical' },
    ]);
    expect(table.rows).toEqual([
      { id: 'P1', values: ['classical', 'mutated', '0.5', '1'] },
      { id: 'P2', values: ['proneural', 'wildtype', '-1.25', '2'] },
      { id: 'P3', values: ['mesenchymal', null, '2e-1', '3'] },
      { id: 'P4', values: ['classical', 'wildtype', null, '4'] },
    ]);
  });

  it('strips a BOM, reads CRLF and quoted fields with commas, trims cells', () => {
    const table = parseGenomicTable(
      '\uFEFFid,site,note\r\nA, "frontal, left" ,"said ""hi"""\r\nB,temporal,\r\n\r\nC,"parietal\r\nlobe",x\r\n',
    );
    expect(table.idColumn).toBe('id');
    expect(table.rows.map((r) => [r.id, ...r.values])).toEqual([
      ['A', 'frontal, left', 'said "hi"'],
      ['B', 'temporal', null],
      ['C', 'parietal\nlobe', 'x'],
    ]);
  });

  it('detects tab separation from the header, or from the file name when the header cannot tell', () => {
    const table = parseGenomicTable('SAMPLE_ID\tKRAS, status\nS1\tmut\nS2\twt\n');
    expect(table.columns.map((c) => c.id)).toEqual(['KRAS, status']);
    expect(table.idLevel).toBe('sample');
    expect(detectDelimiter('a\tb,c', 'x.csv')).toBe(',');
    expect(detectDelimiter('a\tb,c', 'x.tsv')).toBe('\t');
    expect(detectDelimiter('id', 'genes.TSV')).toBe('\t');
    expect(detectDelimiter('id')).toBe(',');
    expect(detectDelimiter('"a\tb",c')).toBe(',');
    expect(parseGenomicTable('id\nA\nB\n', { filename: 'ids.tsv' }).rows.map((r) => r.id)).toEqual([
      'A',
      'B',
    ]);
  });

  it('reads a cBioPortal clinical file: labels, descriptions, datatype hints', () => {
    const table = parseGenomicTable(CBIOPORTAL_PATIENT, { filename: 'data_clinical_patient.txt' });
    expect(table).toMatchObject({
      source: 'cbioportal_clinical',
      idColumn: 'PATIENT_ID',
      idLevel: 'patient',
      notes: [],
    });
    expect(table.columns).toEqual([
      {
        id: 'AGE',
        label: 'Diagnosis Age',
        type: 'continuous',
        inferred: 'continuous',
        description: 'Age at which a condition or disease was first diagnosed.',
      },
      { id: 'SEX', label: 'Sex', type: 'binary', inferred: 'binary' },
      {
        id: 'OS_MONTHS',
        label: 'Overall Survival (Months)',
        type: 'continuous',
        inferred: 'continuous',
        description: 'Overall survival in months since initial diagnosis.',
      },
      // NUMBER keeps a grade 2–4 continuous; without the hint it would be categorical.
      {
        id: 'GRADE',
        label: 'Grade',
        type: 'continuous',
        inferred: 'continuous',
        description: 'Neoplasm histologic grade',
      },
      {
        id: 'SUBTYPE',
        label: 'Subtype',
        type: 'categorical',
        inferred: 'categorical',
        description: 'Molecular subtype',
      },
    ]);
    expect(table.rows[1]).toEqual({ id: 'TCGA-02-0003', values: ['50', 'Male', null, '3', 'Classical'] });
  });

  it('keys a cBioPortal sample file by SAMPLE_ID when a patient has several samples', () => {
    const text = [
      '#Patient Identifier\tSample Identifier\tSample Type',
      '#Patient id\tSample id\tThe type of sample',
      '#STRING\tSTRING\tSTRING',
      '#1\t1\t1',
      'PATIENT_ID\tSAMPLE_ID\tSAMPLE_TYPE',
      'TCGA-02-0001\tTCGA-02-0001-01\tPrimary',
      'TCGA-02-0001\tTCGA-02-0001-02\tRecurrence',
      'TCGA-02-0003\tTCGA-02-0003-01\tPrimary',
    ].join('\n');
    const table = parseGenomicTable(text, { filename: 'data_clinical_sample.txt' });
    expect(table).toMatchObject({ source: 'cbioportal_clinical', idColumn: 'SAMPLE_ID', idLevel: 'sample' });
    expect(table.notes).toEqual([
      'PATIENT_ID repeats (a patient with several samples?), so rows are identified by SAMPLE_ID.',
    ]);
    expect(table.columns.map((c) => c.id)).toEqual(['PATIENT_ID', 'SAMPLE_TYPE']);
    // Asked for by name, the repeated column is refused.
    expect(problems(text, { idColumn: 'patient_id' })).toEqual([
      'the PATIENT_ID "TCGA-02-0001" is on lines 6 and 7: each patient or sample needs one row',
    ]);
  });

  it('chooses the id column: the one asked for, a known name, or the first column', () => {
    expect(parseGenomicTable('x,Bcr_Patient_Barcode,id\n1,P1,a\n2,P2,b\n').idColumn).toBe(
      'Bcr_Patient_Barcode',
    );
    expect(parseGenomicTable('name,value\nA,1\nB,2\n').idColumn).toBe('name');
    expect(parseGenomicTable('name,Value\nA,1\nB,2\n', { idColumn: 'value' }).idColumn).toBe('Value');
    expect(problems('name,value\nA,1\n', { idColumn: 'case' })).toEqual([
      'line 1: there is no column "case" for the identifiers (columns: "name", "value")',
    ]);
  });

  it('says sample when the ids are TCGA sample barcodes', () => {
    expect(parseGenomicTable('barcode,x\nTCGA-02-0001-01A,1\nTCGA-02-0003-01A-01D-1490-08,2\n').idLevel).toBe(
      'sample',
    );
    expect(parseGenomicTable('barcode,x\nTCGA-02-0001-01A,1\nTCGA-02-0003,2\n').idLevel).toBe('patient');
    expect(parseGenomicTable('Tumor_Sample_Barcode,x\nS1,1\n').idLevel).toBe('sample');
  });

  it('skips comment lines and empty rows, with a note, and counts lines from the top of the file', () => {
    const table = parseGenomicTable('# exported 2024-01-01\n\nid,x\nA,1\n,\nB,2\n');
    expect(table.notes).toEqual([
      "Skipped 1 comment line starting with '#'.",
      'Skipped 1 row with no values.',
    ]);
    expect(problems('# comment\nid,x\nA,1\nA,2\nB\n')).toEqual([
      'line 5: 1 values but the header has 2 columns',
    ]);
  });

  it('refuses empty files and files without data rows', () => {
    expect(problems('')).toEqual([
      'the file is empty: it needs a header row with the column names and one row per patient or sample',
    ]);
    expect(problems('\uFEFF\n\n')).toHaveLength(1);
    expect(problems('#a\n#b\n')?.[0]).toMatch(/only '#' comment lines/);
    expect(problems('id,x\n')).toEqual([
      'line 1: the header is there but no data rows follow: the file needs one row per patient or sample',
    ]);
  });

  it('refuses duplicate and unnamed columns', () => {
    expect(problems('id,Age,x,age,\nA,1,2,3,4\n')).toEqual([
      'line 1: the column "age" appears twice (columns 2 and 4)',
      'line 1: column 5 has no name',
    ]);
  });

  it('refuses rows with the wrong number of fields, naming each line', () => {
    expect(problems('id,a,b\nA,1,2\nB,1\nC,1,2,3\n')).toEqual([
      'line 3: 2 values but the header has 3 columns',
      'line 4: 4 values but the header has 3 columns',
    ]);
  });

  it('refuses empty and repeated ids, naming the ids and lines', () => {
    expect(problems('patient_id,x\nP1,1\n,2\nNA,3\nP1,4\nP2,5\nP2,6\nP1,7\n')).toEqual([
      'line 3: the patient_id is empty',
      'line 4: the patient_id is empty (it reads "NA", a missing value)',
      'the patient_id "P1" is on lines 2, 5 and 8: each patient or sample needs one row',
      'the patient_id "P2" is on lines 6 and 7: each patient or sample needs one row',
    ]);
  });

  it('throws an AppError "invalid" whose message lists the first problems', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `P${i},1\nP${i},2`).join('\n');
    let thrown: unknown;
    try {
      parseGenomicTable(`patient_id,x\n${ids}\n`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'invalid', status: 422, name: 'GenomicTableError' });
    expect((thrown as Error).message).toMatch(
      /^the patient_id "P0" is on lines 2 and 3: .*; and 3 more problems$/,
    );
  });

  it('limits columns and rows', () => {
    const header = ['id', ...Array.from({ length: 500 }, (_, i) => `g${i}`)].join(',');
    expect(problems(`${header}\nA${',1'.repeat(500)}\n`)?.[0]).toMatch(
      /^line 1: 501 columns; at most 500 are accepted \(one per variable\)\. A gene-by-sample matrix/,
    );
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `P${i},${i % 3}`).join('\n');
    expect(problems(`id,x\n${rows(100_001)}\n`)).toEqual([
      'more than 100,000 data rows; at most 100,000 are accepted (one row per patient or sample)',
    ]);
    expect(parseGenomicTable(`id,x\n${rows(100_000)}\n`).rows).toHaveLength(100_000);
  });

  it('refuses binary files', () => {
    expect(problems('PK\u0003\u0004\u0014\u0000\u0006\u0000')?.[0]).toMatch(/Excel workbook, not text/);
    expect(problems('\u001f\uFFFD\u0008\u0000\u0000')?.[0]).toMatch(/gzip-compressed/);
    expect(problems('id,x\nA,\u0000\u0001\n')?.[0]).toMatch(/is not text/);
    expect(problems(`id,x\n${'\uFFFD\u0002'.repeat(100)}\n`)?.[0]).toMatch(/is not text/);
  });

  it('reports an unreadable CSV with its line', () => {
    expect(problems('id,x\nA,1\n\nB,"open\nC,2\nD,3\n')).toEqual([
      'line 4: the CSV cannot be read: a quoted value starting on this line is never closed (a stray " character?)',
    ]);
    expect(problems('#a\nid\tx\nA\t"x" y\n')).toEqual([
      'line 3: the TSV cannot be read: text follows the closing quote of a quoted value (a quote inside a quoted value is written "")',
    ]);
    // A quote inside a value is kept as it is.
    expect(parseGenomicTable('id,x\nA,5"\nB,it\'s\n').rows.map((r) => r.values[0])).toEqual(['5"', "it's"]);
  });

  it('checks that the cBioPortal header lines fit the columns', () => {
    const text = CBIOPORTAL_PATIENT.replace(
      '#STRING\tNUMBER\tSTRING\tNUMBER\tNUMBER\tSTRING',
      '#STRING\tNUMBER',
    );
    expect(problems(text)).toEqual([
      'line 3: the cBioPortal datatypes line has 2 fields but the header (line 5) has 6 columns',
    ]);
  });
});
