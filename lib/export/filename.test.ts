import { describe, expect, it } from 'vitest';
import { fileSafe } from './filename';

describe('fileSafe', () => {
  it('replaces each run of unsafe characters, keeping letters, digits, _ . and -', () => {
    expect(fileSafe('demo glioma/study 2')).toBe('demo-glioma-study-2');
    expect(fileSafe('a  b', '_')).toBe('a_b');
    expect(fileSafe('run_1.v-2')).toBe('run_1.v-2');
  });
});
