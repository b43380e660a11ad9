import { describe, expect, it } from 'vitest';
import type { InstanceHeader } from '../header';
import { caseLabel, caseMapFromRecords, groupingValue, slicePosition } from './plan';

const header = (over: Partial<InstanceHeader>) =>
  ({
    patientId: 'P1',
    studyInstanceUid: '1.2.3',
    instanceNumber: 5,
    imagePositionPatient: null,
    imageOrientationPatient: null,
    ...over,
  }) as InstanceHeader;

describe('import planning', () => {
  it('groups by PatientID or StudyInstanceUID and refuses blank values', () => {
    expect(groupingValue(header({}), 'PatientID')).toBe('P1');
    expect(groupingValue(header({}), 'StudyInstanceUID')).toBe('1.2.3');
    expect(groupingValue(header({ patientId: '  ' }), 'PatientID')).toBeNull();
  });

  it('sorts slices along the normal of their orientation, and by instance number without geometry', () => {
    const axial = [1, 0, 0, 0, 1, 0];
    expect(
      slicePosition(header({ imagePositionPatient: [-120, -120, 42.5], imageOrientationPatient: axial })),
    ).toBe(42.5);
    // Sagittal: rows along y, columns along -z → normal along x.
    const sagittal = [0, 1, 0, 0, 0, -1];
    expect(
      slicePosition(header({ imagePositionPatient: [17, 3, 9], imageOrientationPatient: sagittal })),
    ).toBe(-17);
    expect(slicePosition(header({}))).toBe(5);
  });

  it('labels cases without patient identity', () => {
    expect(caseLabel(7)).toBe('Case 07');
  });

  it('reads a case map and names the line of a bad row', () => {
    const map = caseMapFromRecords([
      { key: 'P1', case_key: 'TCGA-02-0001', subject_id: 'TCGA-02-0001' },
      { key: 'P2', case_key: 'TCGA-02-0002', label: 'Case B' },
    ]);
    expect(map.get('P1')).toEqual({ caseKey: 'TCGA-02-0001', subjectId: 'TCGA-02-0001', label: null });
    expect(map.get('P2')?.label).toBe('Case B');
    expect(() => caseMapFromRecords([{ key: 'P1' }])).toThrow('line 2: needs the columns key and case_key');
    expect(() =>
      caseMapFromRecords([
        { key: 'P1', case_key: 'A' },
        { key: 'P1', case_key: 'B' },
      ]),
    ).toThrow('line 3: the key appears twice');
  });
});
