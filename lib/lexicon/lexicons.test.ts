import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexiconJsonSchema } from './json-schema';
import { formatIssue, parseLexicon } from './parse';
import type { TCode, TLexicon } from './schema';

const DIR = path.resolve('lexicons');
const SHARED_TSV = path.resolve('../shared/reference/lexicons/radlex-verified.tsv');
const VENDORED_TSV = path.join(DIR, 'radlex-verified.tsv');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

/** RID → the match kinds its verified rows give. */
function verifiedRids(): Map<string, Set<string>> {
  const text = fs.readFileSync(fs.existsSync(SHARED_TSV) ? SHARED_TSV : VENDORED_TSV, 'utf8');
  const [header, ...rows] = text.trim().split('\n');
  const cols = (header ?? '').split('\t');
  const ridAt = cols.indexOf('RID');
  const matchAt = cols.indexOf('match');
  const rids = new Map<string, Set<string>>();
  for (const row of rows) {
    const cells = row.split('\t');
    const rid = cells[ridAt] ?? '';
    if (!rids.has(rid)) rids.set(rid, new Set());
    rids.get(rid)!.add(cells[matchAt] ?? '');
  }
  return rids;
}

function allCodes(lexicon: TLexicon): { where: string; code: TCode }[] {
  return lexicon.sections.flatMap((s) =>
    s.features.flatMap((f) => [
      ...f.codes.map((code) => ({ where: f.id, code })),
      ...('options' in f ? (f.options ?? []) : []).flatMap((o) =>
        o.codes.map((code) => ({ where: `${f.id}.${o.code}`, code })),
      ),
    ]),
  );
}

describe('shipped lexicons', () => {
  it('include VASARI, the three BI-RADS modules and TI-RADS', () => {
    expect(files.sort()).toEqual(
      expect.arrayContaining([
        'birads-mammography.yaml',
        'birads-mri.yaml',
        'birads-ultrasound.yaml',
        'ti-rads.yaml',
        'vasari.yaml',
      ]),
    );
  });

  const rids = verifiedRids();
  for (const file of files) {
    describe(file, () => {
      const result = parseLexicon(fs.readFileSync(path.join(DIR, file), 'utf8'), `lexicons/${file}`);

      it('validates', () => {
        expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
      });

      it('uses only verified RadLex IDs, marked close where every source is a close match', () => {
        if (!result.ok) return;
        const radlex = allCodes(result.lexicon).filter((c) => c.code.system === 'RadLex');
        for (const { where, code } of radlex) {
          const kinds = rids.get(code.code);
          expect(kinds, `${where}: ${code.code} is not in radlex-verified.tsv`).toBeDefined();
          if (kinds && !kinds.has('exact'))
            expect(code.match, `${where}: ${code.code} is only a close match`).toBe('close');
        }
      });
    });
  }

  it('keep the vendored radlex-verified.tsv identical to the reference', () => {
    if (!fs.existsSync(SHARED_TSV)) return;
    expect(fs.readFileSync(VENDORED_TSV, 'utf8')).toBe(fs.readFileSync(SHARED_TSV, 'utf8'));
  });
});

describe('lexicon.schema.json', () => {
  it('is in sync with the zod schema (regenerate with: npx annolex lexicon schema --write)', () => {
    expect(fs.readFileSync(path.join(DIR, 'lexicon.schema.json'), 'utf8')).toBe(lexiconJsonSchema());
  });
});
