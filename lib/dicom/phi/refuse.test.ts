import { describe, expect, it } from 'vitest';
import { makeTestDicom } from '../test-dicom';
import { findPhi } from './check';
import { refusingFindings } from './refuse';

describe('refusingFindings', () => {
  it('ignores UIDs, and pseudonymous name and ID in a file that declares itself de-identified', () => {
    const clean = makeTestDicom({ attributes: { PatientIdentityRemoved: 'YES' } });
    const found = findPhi(clean);
    expect(found.some((f) => f.action === 'U')).toBe(true);
    const refusing = refusingFindings(found, true).map((f) => f.name);
    expect(refusing).not.toContain('Patient ID');
    expect(refusingFindings(found, false).map((f) => f.tag)).toContain('00100020');
  });

  it('refuses a file with identifying attributes, including ones nested in sequences and private tags', () => {
    const found = findPhi(makeTestDicom({ canary: 'CANARY', privateTag: true, nestedSequences: true }));
    const tags = refusingFindings(found, true).map((f) => f.tag);
    expect(tags).toContain('00080080'); // Institution Name
    expect(tags.length).toBeGreaterThan(3);
  });
});
