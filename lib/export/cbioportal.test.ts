import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cbioportalAttributeId,
  cbioportalAttributes,
  cbioportalClinicalLines,
  checkCbioportalClinical,
} from './cbioportal';
import type { ExportColumn, ExportRow, ExportTable } from './table';

const SAMPLE_COLUMNS: ExportColumn[] = [
  { id: 'patient_id', label: 'Patient Identifier', type: 'string' },
  { id: 'f5_enhancement_quality', label: 'Enhancement quality', type: 'string', description: 'VASARI F5' },
  { id: 'f6_proportion_enhancing', label: 'Proportion enhancing (%)', type: 'number' },
  { id: 'sample_id', label: 'Sample Identifier', type: 'string' },
  { id: 'necrosis', label: 'Necrosis', type: 'boolean', description: 'Any necrosis\tseen\non T1 post' },
  { id: 'read_at', label: 'Read at', type: 'datetime' },
];

const SAMPLE_ROWS: ExportRow[] = [
  {
    patient_id: 'TCGA-02-0001',
    sample_id: 'TCGA-02-0001-01',
    f5_enhancement_quality: 'marked\tavid',
    f6_proportion_enhancing: 35,
    necrosis: true,
    read_at: '2024-03-01T10:00:00Z',
  },
  {
    patient_id: 'TCGA-02-0002',
    sample_id: 'TCGA-02-0002-01',
    f5_enhancement_quality: null,
    f6_proportion_enhancing: -1.5,
    necrosis: false,
  },
];

const write = (table: ExportTable, level: 'patient' | 'sample') =>
  [...cbioportalClinicalLines(table, { level })].join('');

describe('cbioportalClinicalLines', () => {
  it('writes the four # metadata lines, the attribute ids, then the rows (sample level)', () => {
    const out = write({ columns: SAMPLE_COLUMNS, rows: SAMPLE_ROWS }, 'sample');
    expect(out.split('\n')).toEqual([
      '#Sample Identifier\tPatient Identifier\tEnhancement quality\tProportion enhancing (%)\tNecrosis\tRead at',
      '#Sample Identifier\tPatient Identifier\tVASARI F5\tProportion enhancing (%)\tAny necrosis seen on T1 post\tRead at',
      '#STRING\tSTRING\tSTRING\tNUMBER\tBOOLEAN\tSTRING',
      '#1\t1\t1\t1\t1\t1',
      'SAMPLE_ID\tPATIENT_ID\tF5_ENHANCEMENT_QUALITY\tF6_PROPORTION_ENHANCING\tNECROSIS\tREAD_AT',
      'TCGA-02-0001-01\tTCGA-02-0001\tmarked avid\t35\tTRUE\t2024-03-01T10:00:00Z',
      'TCGA-02-0002-01\tTCGA-02-0002\t\t-1.5\tFALSE\t',
      '',
    ]);
    expect(checkCbioportalClinical(out)).toEqual([]);
    expect(checkCbioportalClinical(out, { level: 'sample' })).toEqual([]);
  });

  it('writes a patient file starting with PATIENT_ID', () => {
    const rows = SAMPLE_ROWS.map(({ sample_id: _sample, ...rest }) => rest);
    const columns = SAMPLE_COLUMNS.filter((c) => c.id !== 'sample_id');
    const out = write({ columns, rows }, 'patient');
    const lines = out.split('\n');
    expect(lines[4]).toBe('PATIENT_ID\tF5_ENHANCEMENT_QUALITY\tF6_PROPORTION_ENHANCING\tNECROSIS\tREAD_AT');
    expect(lines[5]).toBe('TCGA-02-0001\tmarked avid\t35\tTRUE\t2024-03-01T10:00:00Z');
    expect(checkCbioportalClinical(out, { level: 'patient' })).toEqual([]);
  });

  it('writes only the header for an empty table, still valid', () => {
    const out = write({ columns: SAMPLE_COLUMNS, rows: [] }, 'sample');
    expect(out.split('\n')).toHaveLength(6);
    expect(checkCbioportalClinical(out)).toEqual([]);
  });

  it('throws a clear error when the id columns are missing', () => {
    const columns = SAMPLE_COLUMNS.filter((c) => c.id !== 'sample_id' && c.id !== 'patient_id');
    expect(() => write({ columns, rows: [] }, 'sample')).toThrow(
      'A cBioPortal sample file needs the columns sample_id and patient_id in the table.',
    );
    expect(() => write({ columns, rows: [] }, 'patient')).toThrow(
      'A cBioPortal patient file needs the column patient_id in the table.',
    );
  });

  it('throws for case ids cBioPortal would reject and for repeated cases', () => {
    const columns = SAMPLE_COLUMNS.slice(0, 1);
    expect(() => write({ columns, rows: [{ patient_id: 'P 1' }] }, 'patient')).toThrow(
      'Row 1: PATIENT_ID "P 1" may contain only letters, digits, points, underscores and hyphens.',
    );
    expect(() => write({ columns, rows: [{ patient_id: null }] }, 'patient')).toThrow(
      'Row 1: PATIENT_ID is missing.',
    );
    expect(() => write({ columns, rows: [{ patient_id: 'P1' }, { patient_id: 'P1' }] }, 'patient')).toThrow(
      'Row 2: PATIENT_ID P1 appears more than once.',
    );
  });

  it('throws for a value that does not fit its datatype', () => {
    const columns: ExportColumn[] = [
      { id: 'patient_id', label: 'Patient', type: 'string' },
      { id: 'size_mm', label: 'Size', type: 'number' },
    ];
    expect(() => write({ columns, rows: [{ patient_id: 'P1', size_mm: 'large' }] }, 'patient')).toThrow(
      'Row 1: SIZE_MM is NUMBER but holds "large".',
    );
  });

  it('streams rows as they are read', () => {
    let pulled = 0;
    function* endless(): Generator<ExportRow> {
      for (let i = 0; ; i++) {
        pulled++;
        yield { patient_id: `P${i}` };
      }
    }
    const lines = cbioportalClinicalLines(
      { columns: [{ id: 'patient_id', label: 'Patient', type: 'string' }], rows: endless() },
      { level: 'patient' },
    );
    for (let i = 0; i < 5; i++) lines.next();
    expect(pulled).toBe(0);
    expect(lines.next().value).toBe('P0\n');
    expect(pulled).toBe(1);
  });
});

describe('cbioportalAttributes', () => {
  it('converts column ids to uppercase letters, digits and underscores', () => {
    expect(cbioportalAttributeId('findings[0].mass_shape')).toBe('FINDINGS_0_MASS_SHAPE');
    expect(cbioportalAttributeId('Énhancement-Quality')).toBe('ENHANCEMENT_QUALITY');
    expect(cbioportalAttributeId('__x__')).toBe('X');
    expect(cbioportalAttributeId('😀')).toBe('ATTRIBUTE');
  });

  it('keeps attribute ids unique and away from reserved names', () => {
    const columns: ExportColumn[] = [
      { id: 'patient_id', label: 'Patient', type: 'string' },
      { id: 'f1.size', label: 'a', type: 'number' },
      { id: 'F1-size', label: 'b', type: 'number' },
      { id: 'f1 size', label: 'c', type: 'number' },
      { id: 'mutation_count', label: 'd', type: 'number' },
      { id: 'Patient-ID', label: 'e', type: 'string' },
      { id: 'sample_id', label: 'f', type: 'string' },
      { id: '', label: '', type: 'string' },
      { id: 'n.a', label: 'n/a', type: 'string' },
      { id: 'na', label: ' NA ', type: 'string' },
    ];
    expect(cbioportalAttributes(columns, 'patient').map((a) => a.attributeId)).toEqual([
      'PATIENT_ID',
      'F1_SIZE',
      'F1_SIZE_2',
      'F1_SIZE_3',
      'MUTATION_COUNT_2',
      'PATIENT_ID_2',
      'SAMPLE_ID_2',
      'ATTRIBUTE',
      'N_A',
      'NA',
    ]);
    // A blank label falls back to the attribute id, a blank description to the label.
    const [blank, slash, na] = cbioportalAttributes(columns, 'patient').slice(-3);
    expect(blank).toMatchObject({ displayName: 'ATTRIBUTE', description: 'ATTRIBUTE' });
    expect(slash).toMatchObject({ displayName: 'n/a', description: 'n/a' });
    // cBioPortal reads NA as missing, so neither the label nor the id can stand in.
    expect(na).toMatchObject({ displayName: 'Attribute NA', description: 'Attribute NA' });
  });

  it('always gives unique, well-formed ids that pass the check', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 12 }), (ids) => {
        const columns: ExportColumn[] = [
          { id: 'patient_id', label: 'Patient', type: 'string' },
          ...ids
            .filter((id) => id !== 'patient_id')
            .map((id): ExportColumn => ({ id, label: id, type: 'string' })),
        ];
        const attrs = cbioportalAttributes(columns, 'patient');
        const attributeIds = attrs.map((a) => a.attributeId);
        expect(new Set(attributeIds).size).toBe(attributeIds.length);
        attributeIds.forEach((id) => expect(id).toMatch(/^[A-Z0-9_]+$/));
        const rows = [Object.fromEntries(columns.map((c) => [c.id, c.id === 'patient_id' ? 'P1' : c.id]))];
        expect(checkCbioportalClinical(write({ columns, rows }, 'patient'))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkCbioportalClinical', () => {
  const valid = [
    '#Patient Identifier\tAge\tNecrosis',
    '#Patient identifier\tAge at diagnosis\tNecrosis on T1 post',
    '#STRING\tNUMBER\tBOOLEAN',
    '#1\t1\t1',
    'PATIENT_ID\tAGE\tNECROSIS',
    'P-1\t54\tTRUE',
    'P-2\tNA\t',
    '',
  ];
  const withLine = (index: number, line: string) => valid.map((l, i) => (i === index ? line : l)).join('\n');

  it('accepts a valid hand-written file', () => {
    expect(checkCbioportalClinical(valid.join('\n'))).toEqual([]);
    expect(checkCbioportalClinical(valid.join('\r\n'))).toEqual([]);
  });

  it.each([
    ['', ['The file is empty.']],
    [
      valid.slice(1).join('\n'),
      [
        "Expected 4 metadata lines starting with '#' (display names, descriptions, datatypes, priorities); found 3.",
      ],
    ],
    [valid.slice(0, 4).join('\n'), ['Line 5: the attribute-id header line is missing.']],
    [
      withLine(2, '#STRING\tINTEGER\tBOOLEAN'),
      ['Line 3, column 2 (AGE): datatype "INTEGER" must be STRING, NUMBER or BOOLEAN.'],
    ],
    [
      withLine(3, '#1\thigh\t-1'),
      [
        'Line 4, column 2 (AGE): priority "high" must be a whole number, 0 or more.',
        'Line 4, column 3 (NECROSIS): priority "-1" must be a whole number, 0 or more.',
      ],
    ],
    [withLine(0, '#Patient Identifier\t\tNecrosis'), ['Line 1, column 2 (AGE): the display name is empty.']],
    [
      withLine(1, '#Patient identifier\tAge'),
      ['Line 2: 2 description fields, but the header line has 3 columns.'],
    ],
    [
      withLine(4, 'PATIENT_ID\tage\tNECROSIS'),
      ['Line 5, column 2: attribute id "age" must use only uppercase letters, digits and underscores.'],
    ],
    [withLine(4, 'PATIENT_ID\tAGE\tAGE'), ['Line 5, column 3: attribute id AGE appears more than once.']],
    [
      withLine(4, 'PATIENT_ID\tMUTATION_COUNT\tNECROSIS'),
      ['Line 5, column 2: MUTATION_COUNT is filled in by cBioPortal and may not be in a clinical file.'],
    ],
    [
      withLine(4, 'AGE\tPATIENT_ID\tNECROSIS'),
      [
        'Line 5: a patient file must start with PATIENT_ID; found "AGE".',
        // The NA under the moved PATIENT_ID is now a missing case id.
        'Line 7, column 2 (PATIENT_ID): the PATIENT_ID is missing.',
      ],
    ],
    [withLine(5, 'P-1\t54'), ['Line 6: 2 fields, but the header line has 3 columns.']],
    [withLine(5, 'P-1\t54\tTRUE\textra'), ['Line 6: 4 fields, but the header line has 3 columns.']],
    [withLine(5, 'P-1\tfifty\tTRUE'), ['Line 6, column 2 (AGE): "fifty" is not a number.']],
    [withLine(5, 'P-1\t54\tyes'), ['Line 6, column 3 (NECROSIS): "yes" must be TRUE or FALSE.']],
    [
      withLine(5, 'P 1\t54\tTRUE'),
      [
        'Line 6, column 1 (PATIENT_ID): "P 1" may contain only letters, digits, points, underscores and hyphens.',
      ],
    ],
    [withLine(5, '\t54\tTRUE'), ['Line 6, column 1 (PATIENT_ID): the PATIENT_ID is missing.']],
    [withLine(6, 'P-1\t60\tFALSE'), ['Line 7: PATIENT_ID P-1 appears more than once.']],
    [withLine(6, '#P-2\t60\tFALSE'), ["Line 7: only the first 4 lines may start with '#'."]],
  ])('reports problems in a bad file (%#)', (text, problems) => {
    expect(checkCbioportalClinical(text)).toEqual(problems);
  });

  it('checks the required first columns of a sample file', () => {
    const sample = (header: string) =>
      [
        '#Sample\tPatient\tAge',
        '#Sample\tPatient\tAge',
        '#STRING\tSTRING\tNUMBER',
        '#1\t1\t1',
        header,
        'S-1\tP-1\t54',
      ].join('\n');
    expect(checkCbioportalClinical(sample('SAMPLE_ID\tPATIENT_ID\tAGE'))).toEqual([]);
    // The documentation's own example lists PATIENT_ID first.
    expect(checkCbioportalClinical(sample('PATIENT_ID\tSAMPLE_ID\tAGE'))).toEqual([]);
    expect(checkCbioportalClinical(sample('SAMPLE_ID\tAGE\tPATIENT_ID'))).toEqual([
      'Line 5: a sample file must start with SAMPLE_ID and PATIENT_ID; found "SAMPLE_ID", "AGE".',
    ]);
    expect(checkCbioportalClinical(sample('PATIENT_ID\tAGE\tAGE_2'), { level: 'sample' })).toEqual([
      'Line 5: a sample file must start with SAMPLE_ID and PATIENT_ID; found "PATIENT_ID", "AGE".',
    ]);
    expect(checkCbioportalClinical(sample('PATIENT_ID\tSAMPLE_ID\tAGE'), { level: 'patient' })).toEqual([
      'Line 5: a patient file has no SAMPLE_ID column.',
    ]);
  });

  it('stops listing after 100 problems', () => {
    const bad = [...valid.slice(0, 5), ...Array.from({ length: 150 }, (_, i) => `P-${i}\tx\tTRUE`)].join(
      '\n',
    );
    const problems = checkCbioportalClinical(bad);
    expect(problems).toHaveLength(101);
    expect(problems.at(-1)).toBe('More problems follow; fix these first.');
  });
});
