import { describe, expect, it } from 'vitest';
import { parseReferenceCsv } from './reference-csv';
import { shippedModel } from './test-lexicons';

const model = shippedModel('vasari');
const cases = new Set(['DEMO-0001', 'DEMO-0002']);

describe('parseReferenceCsv', () => {
  it('reads typed values per case and feature', () => {
    const r = parseReferenceCsv(
      'case_id,feature,value\nDEMO-0001,F4,marked\nDEMO-0001,F29,42.5\nDEMO-0002,F1,frontal;insula\n',
      model,
      cases,
    );
    expect(r).toEqual({
      ok: true,
      rows: [
        { caseKey: 'DEMO-0001', featurePath: 'F4', value: 'marked' },
        { caseKey: 'DEMO-0001', featurePath: 'F29', value: 42.5 },
        { caseKey: 'DEMO-0002', featurePath: 'F1', value: ['frontal', 'insula'] },
      ],
    });
  });

  it('reports every problem and returns nothing partial', () => {
    const r = parseReferenceCsv(
      'case_id,feature,value\nDEMO-9999,F4,marked\nDEMO-0001,F4,glowing\nDEMO-0001,F99,x\nDEMO-0002,F4,mild\nDEMO-0002,F4,none\n',
      model,
      cases,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'line 2: case "DEMO-9999" is not in this study',
      'line 6: a second value for DEMO-0002 F4',
      'case DEMO-0001, F4: Choose one of the options',
      expect.stringMatching(/^case DEMO-0001, .*F99/),
    ]);
  });

  it('explains a CSV without the needed columns', () => {
    expect(parseReferenceCsv('a,b\n1,2\n', model, cases)).toEqual({
      ok: false,
      errors: ['the CSV needs the columns case_id,feature,value (found a,b)'],
    });
  });
});
