import { describe, expect, it } from 'vitest';
import { isSkipReason, SKIP_REASON_LABELS, SKIP_REASONS } from './skip-reason';

describe('skip reasons', () => {
  it('has a distinct, non-empty label for every reason', () => {
    const labels = SKIP_REASONS.map((r) => SKIP_REASON_LABELS[r]);
    expect(labels.every((l) => l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(SKIP_REASONS.length);
    expect(SKIP_REASON_LABELS.not_dicom).toBe('not DICOM');
    expect(SKIP_REASON_LABELS.truncated).toBe('truncated file');
  });

  it('recognises exactly the listed reasons', () => {
    for (const r of SKIP_REASONS) expect(isSkipReason(r)).toBe(true);
    for (const v of ['', 'NOT_DICOM', 'toString', 'constructor', 3, null, undefined, {}]) {
      expect(isSkipReason(v)).toBe(false);
    }
  });
});
