import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  imrmcDescriptionLines,
  imrmcLines,
  type ImrmcInput,
  type ImrmcScore,
  type ImrmcTruth,
} from './imrmc';

/** The manual's example size: 2 readers, 1 nondiseased case, 1 diseased case and 2 modalities. */
const TINY: ImrmcInput = {
  studyDescription: 'VASARI enhancement study\nScores: likelihood of necrosis, 0-100',
  rows: [
    { readerId: 'reader1', caseId: 'case1', modalityId: 'T1post', score: 80 },
    { readerId: 'reader1', caseId: 'case2', modalityId: 'T1post', score: 20 },
    { readerId: 'reader1', caseId: 'case1', modalityId: 'FLAIR', score: 65.5 },
    { readerId: 'reader1', caseId: 'case2', modalityId: 'FLAIR', score: -5 },
    { readerId: 'reader2', caseId: 'case1', modalityId: 'T1post', score: 90 },
    { readerId: 'reader2', caseId: 'case2', modalityId: 'T1post', score: 10 },
    { readerId: 'reader2', caseId: 'case1', modalityId: 'FLAIR', score: 70 },
    { readerId: 'reader2', caseId: 'case2', modalityId: 'FLAIR', score: 30 },
  ],
  truth: [
    { caseId: 'case1', truth: 1 },
    { caseId: 'case2', truth: 0 },
  ],
};

const write = (input: ImrmcInput) => [...imrmcLines(input)].join('');

/**
 * Reads a file the way iMRMC does: header lines up to one starting with BEGIN DATA: (keys
 * found anywhere in a line, upper-cased), then comma-separated fields with whitespace removed.
 */
function readLikeImrmc(text: string) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const sizes: Record<string, number> = {};
  let i = 0;
  for (; lines[i]!.toUpperCase().indexOf('BEGIN DATA:') !== 0; i++) {
    const upper = lines[i]!.toUpperCase();
    for (const key of ['N0:', 'N1:', 'NR:', 'NM:']) {
      if (upper.includes(key)) {
        const value = Number(upper.slice(3).trim());
        if (!Number.isInteger(value)) throw new Error(`Found ${key} Text following is not an integer`);
        sizes[key.slice(0, 2)] = value;
      }
    }
  }
  const data = lines.slice(i + 1).map((line) => {
    const fields = line.split(',').map((f) => f.replace(/\s/g, ''));
    if (fields.length < 4) throw new Error(`Invalid input: ${line}`);
    return fields;
  });
  const truth = new Map(data.filter((f) => f[0] === '-1').map((f) => [f[1]!, f[3]!]));
  const scores = data.filter((f) => f[0] !== '-1');
  return {
    sizes,
    truth,
    scores,
    readers: new Set(scores.map((f) => f[0])),
    modalities: new Set(scores.map((f) => f[2])),
  };
}

describe('imrmcLines', () => {
  it('writes the description, the experiment size, BEGIN DATA:, truth rows then score rows', () => {
    expect(write(TINY).split('\n')).toEqual([
      'VASARI enhancement study',
      'Scores: likelihood of necrosis, 0-100',
      '',
      'N0: 1',
      'N1: 1',
      'NR: 2',
      'NM: 2',
      '',
      'BEGIN DATA:',
      '-1,case1,0,1',
      '-1,case2,0,0',
      'reader1,case1,T1post,80',
      'reader1,case2,T1post,20',
      'reader1,case1,FLAIR,65.5',
      'reader1,case2,FLAIR,-5',
      'reader2,case1,T1post,90',
      'reader2,case2,T1post,10',
      'reader2,case1,FLAIR,70',
      'reader2,case2,FLAIR,30',
      '',
    ]);
  });

  it('reads back with the sizes it declares', () => {
    const read = readLikeImrmc(write(TINY));
    expect(read.sizes).toEqual({ N0: 1, N1: 1, NR: 2, NM: 2 });
    expect(read.readers.size).toBe(read.sizes.NR);
    expect(read.modalities.size).toBe(read.sizes.NM);
    expect([...read.truth]).toEqual([
      ['case1', '1'],
      ['case2', '0'],
    ]);
    expect(read.scores).toHaveLength(8);
    read.scores.forEach((f) => expect(read.truth.has(f[1]!)).toBe(true));
  });

  it('keeps iMRMC header keys out of the free text', () => {
    const input = {
      ...TINY,
      studyDescription: 'nr: 99 readers planned\nBEGIN DATA:\n\tcase n1:7, NM:3\r\n\n',
    };
    expect(imrmcDescriptionLines(input.studyDescription)).toEqual([
      'nr : 99 readers planned',
      'BEGIN DATA :',
      '\tcase n1 :7, NM :3',
    ]);
    const read = readLikeImrmc(write(input));
    expect(read.sizes).toEqual({ N0: 1, N1: 1, NR: 2, NM: 2 });
    expect(read.scores).toHaveLength(8);
  });

  it('gives an empty description a title line', () => {
    expect(imrmcDescriptionLines('')).toEqual(['Annolex reader study']);
    expect(imrmcDescriptionLines(' \n\n')).toEqual(['Annolex reader study']);
  });

  it('writes scores only, without N0 and N1, when truth is not given', () => {
    const lines = write({ ...TINY, truth: undefined }).split('\n');
    expect(lines.slice(3, 8)).toEqual(['NR: 2', 'NM: 2', '', 'BEGIN DATA:', 'reader1,case1,T1post,80']);
  });

  it('reads rows and truth from one-shot iterables', () => {
    function* once<T>(items: T[]): Generator<T> {
      yield* items;
    }
    const input: ImrmcInput = {
      studyDescription: 'once',
      rows: once([...(TINY.rows as ImrmcScore[])]),
      truth: once([...(TINY.truth as ImrmcTruth[])]),
    };
    expect(write(input).split('\n').slice(1)).toEqual(write(TINY).split('\n').slice(2));
  });

  it.each([
    [
      { readerId: 'reader,1' },
      'Score 1: the reader id "reader,1" contains a comma, which separates iMRMC fields.',
    ],
    [
      { caseId: 'case 1' },
      'Score 1: the case id "case 1" contains whitespace, which iMRMC removes (ids could merge).',
    ],
    [{ modalityId: '' }, 'Score 1: the modality id is empty.'],
    [{ readerId: '-1' }, 'Score 1: the reader id "-1" is reserved by iMRMC for truth rows.'],
    [{ readerId: 'Truth' }, 'Score 1: the reader id "Truth" is reserved by iMRMC for truth rows.'],
    [{ score: Number.NaN }, 'Score 1: the score of reader reader1 for case case1 is not a finite number.'],
    [{ caseId: 'case3' }, 'Score 1: case case3 has no truth.'],
  ])('refuses a bad score row %j', (change, message) => {
    const rows = [{ ...(TINY.rows as ImrmcScore[])[0]!, ...change }];
    expect(() => write({ ...TINY, rows })).toThrow(message);
  });

  it('refuses repeated scores and repeated or bad truth', () => {
    const first = (TINY.rows as ImrmcScore[])[0]!;
    expect(() => write({ ...TINY, rows: [first, { ...first, score: 1 }] })).toThrow(
      'Score 2: reader reader1 scored case case1 in modality T1post more than once.',
    );
    expect(() =>
      write({
        ...TINY,
        truth: [
          { caseId: 'case1', truth: 1 },
          { caseId: 'case1', truth: 0 },
        ],
      }),
    ).toThrow('Truth 2: case case1 has truth more than once.');
    expect(() => write({ ...TINY, truth: [{ caseId: 'case1', truth: 2 as 0 }] })).toThrow(
      'Truth 1: truth for case case1 must be 0 or 1.',
    );
    expect(() => write({ ...TINY, truth: [{ caseId: 'case,1', truth: 1 }] })).toThrow(
      'Truth 1: the case id "case,1" contains a comma, which separates iMRMC fields.',
    );
  });

  it('declares sizes that match the data for any fully or partly crossed study', () => {
    const id = fc
      .stringMatching(/^[A-Za-z0-9_.-]{1,6}$/)
      .filter((s) => s !== '-1' && s.toLowerCase() !== 'truth');
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(id, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
        fc.infiniteStream(fc.boolean()),
        (readers, cases, modalities, keep) => {
          const truth = cases.map((caseId, i): ImrmcTruth => ({ caseId, truth: (i % 2) as 0 | 1 }));
          const rows: ImrmcScore[] = [];
          for (const readerId of readers)
            for (const caseId of cases)
              for (const modalityId of modalities)
                if (keep.next().value) rows.push({ readerId, caseId, modalityId, score: rows.length - 3.5 });
          const read = readLikeImrmc(write({ studyDescription: 'study', rows, truth }));
          expect(read.sizes.N0).toBe(truth.filter((t) => t.truth === 0).length);
          expect(read.sizes.N1).toBe(truth.filter((t) => t.truth === 1).length);
          expect(read.sizes.NR).toBe(read.readers.size);
          expect(read.sizes.NM).toBe(read.modalities.size);
          expect(
            read.scores.map(([r, c, m, s]) => ({ readerId: r, caseId: c, modalityId: m, score: Number(s) })),
          ).toEqual(rows);
        },
      ),
      { numRuns: 100 },
    );
  });
});
