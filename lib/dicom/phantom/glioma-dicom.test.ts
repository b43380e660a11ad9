import dicomParser, { type DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { isValidUid } from '../uid';
import { brainGliomaPhantom, SEQUENCES } from './brain-glioma';
import { gliomaCaseDicom, MR_IMAGE_STORAGE } from './glioma-dicom';

const small = { size: 32, slices: 6, pixelMm: 7.5, sliceMm: 20, noise: 12 };
const DESCRIPTIONS = ['AX T1', 'AX T1 POST', 'AX T2', 'AX FLAIR'];

const parse = (bytes: Uint8Array) => dicomParser.parseDicom(bytes);
const numbers = (ds: DataSet, tag: string) => (ds.string(tag) ?? '').split('\\').map(Number);

describe('gliomaCaseDicom', () => {
  const result = gliomaCaseDicom({ caseKey: 'GLIOMA-007', seed: 7, phantom: small });
  const parsed = result.files.map((f) => ({ file: f, ds: parse(f.bytes) }));

  it('writes one file per slice per sequence, with unique valid UIDs', () => {
    expect(result.files).toHaveLength(4 * small.slices);
    const sops = new Set(result.files.map((f) => f.sopInstanceUid));
    expect(sops.size).toBe(result.files.length);
    const series = new Set(result.files.map((f) => f.seriesInstanceUid));
    expect(series.size).toBe(4);
    for (const uid of [result.studyInstanceUid, ...sops, ...series]) expect(isValidUid(uid), uid).toBe(true);
    expect(result.truth).toEqual(brainGliomaPhantom(7, small).truth);
  });

  it('has headers a PACS accepts, matching the file summaries', () => {
    const frames = new Set<string>();
    for (const { file, ds } of parsed) {
      expect(ds.string('x00020002')).toBe(MR_IMAGE_STORAGE);
      expect(ds.string('x00020003')).toBe(file.sopInstanceUid);
      expect(ds.string('x00080016')).toBe(MR_IMAGE_STORAGE);
      expect(ds.string('x00080018')).toBe(file.sopInstanceUid);
      expect(ds.string('x0020000d')).toBe(result.studyInstanceUid);
      expect(ds.string('x0020000e')).toBe(file.seriesInstanceUid);
      expect(ds.string('x00080060')).toBe('MR');
      expect(ds.string('x00081030')).toBe('MR BRAIN W/WO (synthetic phantom)');
      expect(ds.string('x00200010')).toBe('1');
      const s = DESCRIPTIONS.indexOf(file.seriesDescription);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(ds.string('x0008103e')).toBe(file.seriesDescription);
      expect(ds.string('x00181030')).toBe(file.seriesDescription);
      expect(ds.intString('x00200011')).toBe(s + 1);
      expect(ds.intString('x00200013')).toBe(file.instanceNumber);
      expect(numbers(ds, 'x00200037')).toEqual([1, 0, 0, 0, 1, 0]);
      expect(numbers(ds, 'x00280030')).toEqual([small.pixelMm, small.pixelMm]);
      expect(ds.floatString('x00180050')).toBe(small.sliceMm);
      expect(ds.floatString('x00180088')).toBe(small.sliceMm);
      expect(ds.uint16('x00280010')).toBe(small.size);
      expect(ds.uint16('x00280011')).toBe(small.size);
      expect(ds.uint16('x00280002')).toBe(1);
      expect(ds.string('x00280004')).toBe('MONOCHROME2');
      expect([ds.uint16('x00280100'), ds.uint16('x00280101'), ds.uint16('x00280102')]).toEqual([16, 12, 11]);
      expect(ds.uint16('x00280103')).toBe(0);
      expect(ds.floatString('x00281050')).toBeGreaterThan(0);
      expect(ds.floatString('x00281051')).toBeGreaterThan(0);
      expect(ds.string('x00280301')).toBe('NO');
      frames.add(ds.string('x00200052') ?? '');
    }
    expect(frames.size).toBe(1);
    expect(isValidUid([...frames][0]!)).toBe(true);
  });

  it('places slices in patient space from the spacing', () => {
    for (const description of DESCRIPTIONS) {
      const slices = parsed
        .filter((p) => p.file.seriesDescription === description)
        .sort((a, b) => a.file.instanceNumber - b.file.instanceNumber);
      expect(slices.map((p) => p.file.instanceNumber)).toEqual([1, 2, 3, 4, 5, 6]);
      slices.forEach(({ ds }, k) => {
        const [x, y, z] = numbers(ds, 'x00200032');
        expect(x).toBeCloseTo(-(small.size * small.pixelMm) / 2, 6);
        expect(y).toBeCloseTo(-(small.size * small.pixelMm) / 2, 6);
        expect(z).toBeCloseTo((k - small.slices / 2) * small.sliceMm, 6);
        expect(ds.floatString('x00201041')).toBeCloseTo(z!, 6);
      });
    }
  });

  it('stores the phantom voxels, clamped to 12 bits', () => {
    const { series } = brainGliomaPhantom(7, small);
    const frame = small.size * small.size;
    for (const { file, ds } of parsed) {
      const sequence = SEQUENCES[DESCRIPTIONS.indexOf(file.seriesDescription)]!;
      const el = ds.elements.x7fe00010!;
      expect(el.length).toBe(frame * 2);
      const stored = new Uint16Array(file.bytes.slice(el.dataOffset, el.dataOffset + el.length).buffer);
      const k = file.instanceNumber - 1;
      const expected = Array.from(series[sequence].data.subarray(k * frame, (k + 1) * frame), (v) =>
        Math.min(4095, Math.max(0, v)),
      );
      expect(Array.from(stored)).toEqual(expected);
    }
  });

  it('clamps samples beyond 12 bits', () => {
    // Heavy noise drives some tissue beyond 4095; the stored values must stay in range.
    const noisy = gliomaCaseDicom({ caseKey: 'C', seed: 2, phantom: { ...small, noise: 3000 } });
    let max = 0;
    for (const file of noisy.files) {
      const el = parse(file.bytes).elements.x7fe00010!;
      const stored = new Uint16Array(file.bytes.slice(el.dataOffset, el.dataOffset + el.length).buffer);
      for (const v of stored) max = Math.max(max, v);
    }
    expect(max).toBe(4095);
  });

  it('is deterministic: same seed, same bytes; another seed or size, other UIDs', () => {
    const again = gliomaCaseDicom({ caseKey: 'GLIOMA-007', seed: 7, phantom: small });
    expect(again.files.map((f) => f.bytes)).toEqual(result.files.map((f) => f.bytes));
    const other = gliomaCaseDicom({ caseKey: 'GLIOMA-007', seed: 8, phantom: small });
    expect(other.studyInstanceUid).not.toBe(result.studyInstanceUid);
    const bigger = gliomaCaseDicom({ caseKey: 'GLIOMA-007', seed: 7, phantom: { ...small, size: 40 } });
    expect(bigger.files[0]!.sopInstanceUid).not.toBe(result.files[0]!.sopInstanceUid);
  });

  it('carries no identity but the case key', () => {
    const identityTags = [
      'x00100030', // PatientBirthDate
      'x00100040', // PatientSex
      'x00080020', // StudyDate
      'x00080030', // StudyTime
      'x00080050', // AccessionNumber
      'x00080090', // ReferringPhysicianName
    ];
    for (const { file, ds } of parsed) {
      expect(ds.string('x00100010')).toBe('GLIOMA-007');
      expect(ds.string('x00100020')).toBe('GLIOMA-007');
      expect(ds.string('x00120062')).toBe('YES');
      expect(ds.string('x00120063')).toBe('Synthetic phantom, no patient data');
      for (const tag of identityTags) expect(ds.elements[tag]?.length, tag).toBe(0);
      const text = new TextDecoder('latin1').decode(file.bytes);
      expect(text.split('GLIOMA-007').length - 1).toBe(2);
      for (const el of Object.values(ds.elements)) {
        if (['PN', 'DA', 'DT', 'TM', 'AS'].includes(el.vr ?? '') && el.tag !== 'x00100010') {
          expect(el.length, el.tag).toBe(0);
        }
        // Institution, operators, physicians, other IDs and addresses are absent altogether.
        expect(['x00080080', 'x00081070', 'x00081050', 'x00101000', 'x00101040']).not.toContain(el.tag);
      }
    }
  });

  it('rejects case keys that cannot be a patient ID', () => {
    for (const caseKey of ['', 'a\\b', 'x'.repeat(65), ' padded', 'tab\tkey']) {
      expect(() => gliomaCaseDicom({ caseKey, seed: 1, phantom: small })).toThrow(/Case key/);
    }
  });

  it('builds a full-size case', () => {
    const full = gliomaCaseDicom({ caseKey: 'FULL', seed: 1 });
    expect(full.files).toHaveLength(4 * 48);
    const ds = parse(full.files[0]!.bytes);
    expect([ds.uint16('x00280010'), ds.uint16('x00280011')]).toEqual([256, 256]);
    expect(ds.elements.x7fe00010?.length).toBe(256 * 256 * 2);
  });
});
