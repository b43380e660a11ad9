import { describe, expect, it } from 'vitest';
import { isDicomUid, parseProxyPath, upstreamPath, type DicomwebRequest } from './paths';

const ST = '1.2.840.113619.2.55.3';
const SE = '1.2.840.113619.2.55.3.4';
const IN = '1.2.840.113619.2.55.3.4.5';

const split = (p: string) => p.split('/');

describe('isDicomUid', () => {
  it.each(['0', '1', '1.2', '1.2.840.10008.5.1.4.1.1.4', '2.25.0', '1.0.0.3', '9'.repeat(64)])(
    'accepts %s',
    (s) => {
      expect(isDicomUid(s)).toBe(true);
    },
  );

  it.each([
    '',
    '.',
    '1.',
    '.1',
    '1..2',
    '01.2',
    '1.02',
    '1.00',
    '1.2a',
    '1 .2',
    ' 1.2',
    '1.2\n',
    '-1.2',
    '+1',
    '1,2',
    '..',
    '1.2/3',
    '1.2%2e',
    '１.２', // full-width digits are not DICOM digits
    '9'.repeat(65),
  ])('rejects %j', (s) => {
    expect(isDicomUid(s)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isDicomUid(12)).toBe(false);
    expect(isDicomUid(null)).toBe(false);
    expect(isDicomUid(undefined)).toBe(false);
  });
});

describe('parseProxyPath', () => {
  it('accepts the four request kinds', () => {
    expect(parseProxyPath(split(`studies/${ST}/series`))).toEqual({ kind: 'series', study: ST });
    expect(parseProxyPath(split(`studies/${ST}/series/${SE}/metadata`))).toEqual({
      kind: 'seriesMetadata',
      study: ST,
      series: SE,
    });
    expect(parseProxyPath(split(`studies/${ST}/series/${SE}/instances/${IN}`))).toEqual({
      kind: 'instance',
      study: ST,
      series: SE,
      instance: IN,
    });
    expect(parseProxyPath(split(`studies/${ST}/series/${SE}/instances/${IN}/frames/1`))).toEqual({
      kind: 'frame',
      study: ST,
      series: SE,
      instance: IN,
      frame: 1,
    });
    expect(parseProxyPath(split(`studies/${ST}/series/${SE}/instances/${IN}/frames/100000`))).toMatchObject({
      frame: 100000,
    });
  });

  it.each([
    '',
    'studies',
    `studies/${ST}`,
    `studies/${ST}/series/`,
    `studies/${ST}/series/${SE}`,
    `studies/${ST}/series/${SE}/metadata/x`,
    `studies/${ST}/series/${SE}/instances`,
    `studies/${ST}/series/${SE}/instances/${IN}/metadata`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/0`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/01`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/100001`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/1,2`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/-1`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/1.0`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/1e3`,
    `studies/${ST}/series/${SE}/instances/${IN}/frames/1/x`,
    `studies/${ST}/series/${SE}/instances/${IN}/rendered`,
    `studies/${ST}/series/${SE}/instances/${IN}/bulk/7fe00010`,
    `STUDIES/${ST}/series`,
    `studies/${ST}/SERIES`,
    `series/${SE}`,
    `instances`,
    `studies`,
  ])('rejects the shape %j', (p) => {
    expect(parseProxyPath(split(p))).toBeNull();
  });

  it.each([
    ['dot-dot segment', ['studies', '..', 'series']],
    ['dot-dot after a valid prefix', ['studies', ST, 'series', '..', 'metadata']],
    ['single dot', ['studies', '.', 'series']],
    ['encoded dot-dot', ['studies', '%2e%2e', 'series']],
    ['encoded dot-dot, upper case', ['studies', '%2E%2E', 'series']],
    ['encoded slash inside a UID', ['studies', `${ST}%2f..%2f..`, 'series']],
    ['slash inside a segment', ['studies', `${ST}/../..`, 'series']],
    ['empty segments (a double slash)', ['studies', '', ST, 'series']],
    ['double slash kept in one segment', ['studies', `//evil.example`, 'series']],
    ['absolute URL as the first segment', ['http://evil.example', 'studies', ST, 'series']],
    ['absolute URL as a UID', ['studies', 'http://evil.example/', 'series']],
    ['protocol-relative URL', ['studies', '//evil.example', 'series']],
    ['query string on a UID', ['studies', `${ST}?x=1`, 'series']],
    ['query string on the last segment', ['studies', ST, 'series?StudyInstanceUID=1']],
    ['fragment', ['studies', ST, 'series#x']],
    ['backslash traversal', ['studies', `..\\..\\system`, 'series']],
    ['backslash in a UID', ['studies', `${ST}\\x`, 'series']],
    ['backslash on the literal', ['studies\\', ST, 'series']],
    ['trailing empty segment', ['studies', ST, 'series', '']],
    ['NUL byte', ['studies', `${ST}\u0000`, 'series']],
    ['new line', ['studies', ST, 'series\n']],
    ['all in one segment', [`studies/${ST}/series`]],
    ['traversal in the frame number', ['studies', ST, 'series', SE, 'instances', IN, 'frames', '../1']],
  ])('rejects traversal: %s', (_name, segments) => {
    expect(parseProxyPath(segments)).toBeNull();
  });
});

describe('upstreamPath', () => {
  it('builds relative paths with no leading slash', () => {
    expect(upstreamPath({ kind: 'series', study: ST })).toBe(`studies/${ST}/series`);
    expect(upstreamPath({ kind: 'seriesMetadata', study: ST, series: SE })).toBe(
      `studies/${ST}/series/${SE}/metadata`,
    );
    expect(upstreamPath({ kind: 'instance', study: ST, series: SE, instance: IN })).toBe(
      `studies/${ST}/series/${SE}/instances/${IN}`,
    );
    expect(upstreamPath({ kind: 'frame', study: ST, series: SE, instance: IN, frame: 7 })).toBe(
      `studies/${ST}/series/${SE}/instances/${IN}/frames/7`,
    );
  });

  it('round-trips with parseProxyPath', () => {
    for (const p of [
      `studies/${ST}/series`,
      `studies/${ST}/series/${SE}/metadata`,
      `studies/${ST}/series/${SE}/instances/${IN}`,
      `studies/${ST}/series/${SE}/instances/${IN}/frames/42`,
    ]) {
      const req = parseProxyPath(split(p));
      expect(req).not.toBeNull();
      expect(upstreamPath(req!)).toBe(p);
    }
  });

  it.each([
    { kind: 'series', study: '../../system' },
    { kind: 'series', study: '/system' },
    { kind: 'series', study: 'http://evil.example' },
    { kind: 'seriesMetadata', study: ST, series: '%2e%2e' },
    { kind: 'instance', study: ST, series: SE, instance: '1.2?x' },
    { kind: 'frame', study: ST, series: SE, instance: IN, frame: 0 },
    { kind: 'frame', study: ST, series: SE, instance: IN, frame: 1.5 },
    { kind: 'frame', study: ST, series: SE, instance: IN, frame: 100_001 },
    { kind: 'frame', study: ST, series: SE, instance: IN, frame: Number.NaN },
    { kind: 'bulk', study: ST },
  ])('refuses a hand-built request that would not parse: %j', (req) => {
    expect(() => upstreamPath(req as DicomwebRequest)).toThrow();
  });
});
