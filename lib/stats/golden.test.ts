import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './test-golden';

const SHARED = path.resolve('../shared/reference/agreement');

describe('golden fixtures', () => {
  it('are an exact copy of the published reference data', () => {
    if (!fs.existsSync(SHARED)) return;
    for (const f of fs.readdirSync(SHARED).filter((n) => n.endsWith('.csv') || n.endsWith('.json'))) {
      expect(fs.readFileSync(path.join(FIXTURES, f), 'utf8'), f).toBe(
        fs.readFileSync(path.join(SHARED, f), 'utf8'),
      );
    }
  });
});
