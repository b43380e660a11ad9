import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { isValidUid } from '../uid';
import { breastCaseDicom, MG_FOR_PRESENTATION } from './breast-dicom';
import { breastMammoPhantom } from './breast-mammo';
import { gliomaCaseDicom } from './glioma-dicom';

const small = { columns: 160, rows: 200, pixelMm: 1.2 };

describe('breastCaseDicom', () => {
  const result = breastCaseDicom({ caseKey: 'MAMMO-3', seed: 3, phantom: small });
  const phantom = breastMammoPhantom(3, small);
  const parsed = result.files.map((f) => ({ file: f, ds: dicomParser.parseDicom(f.bytes) }));

  it('writes a CC and an MLO, each its own series, with the phantom truth', () => {
    expect(result.truth).toEqual(phantom.truth);
    const lat = result.truth.laterality;
    expect(result.files.map((f) => f.seriesDescription)).toEqual([`${lat} CC`, `${lat} MLO`]);
    expect(new Set(result.files.map((f) => f.seriesInstanceUid)).size).toBe(2);
    expect(new Set(result.files.map((f) => f.sopInstanceUid)).size).toBe(2);
    for (const f of result.files) {
      expect(f.studyInstanceUid).toBe(result.studyInstanceUid);
      expect(f.instanceNumber).toBe(1);
      for (const uid of [f.studyInstanceUid, f.seriesInstanceUid, f.sopInstanceUid]) {
        expect(isValidUid(uid)).toBe(true);
      }
    }
  });

  it('has the headers of a For Presentation mammogram', () => {
    parsed.forEach(({ file, ds }, v) => {
      const view = v === 0 ? 'CC' : 'MLO';
      const lat = result.truth.laterality;
      expect(ds.string('x00020002')).toBe(MG_FOR_PRESENTATION);
      expect(ds.string('x00080016')).toBe(MG_FOR_PRESENTATION);
      expect(ds.string('x00080018')).toBe(file.sopInstanceUid);
      expect(ds.string('x0020000d')).toBe(result.studyInstanceUid);
      expect(ds.string('x0020000e')).toBe(file.seriesInstanceUid);
      expect(ds.string('x00080060')).toBe('MG');
      expect(ds.string('x00081030')).toBe('MG SCREENING BILATERAL (synthetic phantom)');
      expect(ds.string('x0008103e')).toBe(`${lat} ${view}`);
      expect(ds.intString('x00200011')).toBe(v + 1);
      expect(ds.string('x00080068')).toBe('FOR PRESENTATION');
      expect(ds.string('x00185101')).toBe(view);
      expect(ds.string('x00200062')).toBe(lat);
      expect(ds.string('x00200020')?.split('\\')[0]).toBe(lat === 'L' ? 'A' : 'P');
      const code = ds.elements.x00540220?.items?.[0]?.dataSet;
      expect(code?.string('x00080100')).toBe(view === 'CC' ? '399162004' : '399368009');
      expect(code?.string('x00080102')).toBe('SCT');
      expect(ds.string('x00181164')).toBe('1.2\\1.2');
      expect(ds.string('x00280030')).toBe('1.2\\1.2');
      expect(ds.string('x00280a02')).toBe('GEOMETRY');
      expect(ds.string('x00280a04')).toMatch(/true object scale/);
      expect([ds.uint16('x00280010'), ds.uint16('x00280011')]).toEqual([200, 160]);
      expect(ds.uint16('x00280002')).toBe(1);
      expect(ds.string('x00280004')).toBe('MONOCHROME2');
      expect([ds.uint16('x00280100'), ds.uint16('x00280101'), ds.uint16('x00280102')]).toEqual([16, 12, 11]);
      expect(ds.uint16('x00280103')).toBe(0);
      expect(ds.string('x00280301')).toBe('NO');
      expect(ds.string('x20500020')).toBe('IDENTITY');
      expect(ds.floatString('x00281050')).toBeGreaterThan(0);
      expect(ds.floatString('x00281051')).toBeGreaterThan(0);
    });
  });

  it('stores the phantom pixels unchanged', () => {
    parsed.forEach(({ file, ds }, v) => {
      const el = ds.elements.x7fe00010!;
      const image = v === 0 ? phantom.views.CC : phantom.views.MLO;
      expect(el.length).toBe(image.data.length * 2);
      const stored = new Uint16Array(file.bytes.slice(el.dataOffset, el.dataOffset + el.length).buffer);
      expect(Buffer.from(stored.buffer).equals(Buffer.from(image.data.buffer))).toBe(true);
    });
  });

  it('carries no identity but the case key', () => {
    for (const { file, ds } of parsed) {
      expect(ds.string('x00100010')).toBe('MAMMO-3');
      expect(ds.string('x00100020')).toBe('MAMMO-3');
      expect(ds.string('x00120062')).toBe('YES');
      expect(ds.string('x00120063')).toBe('Synthetic phantom, no patient data');
      for (const tag of ['x00100030', 'x00100040', 'x00080020', 'x00080030', 'x00080050', 'x00080090']) {
        expect(ds.elements[tag]?.length, tag).toBe(0);
      }
      expect(new TextDecoder('latin1').decode(file.bytes).split('MAMMO-3').length - 1).toBe(2);
      for (const el of Object.values(ds.elements)) {
        if (['PN', 'DA', 'DT', 'TM', 'AS'].includes(el.vr ?? '') && el.tag !== 'x00100010') {
          expect(el.length, el.tag).toBe(0);
        }
      }
    }
  });

  it('is deterministic, and its UIDs never collide with a glioma case of the same key and seed', () => {
    const again = breastCaseDicom({ caseKey: 'MAMMO-3', seed: 3, phantom: small });
    again.files.forEach((f, i) =>
      expect(Buffer.from(f.bytes).equals(Buffer.from(result.files[i]!.bytes))).toBe(true),
    );
    const glioma = gliomaCaseDicom({ caseKey: 'MAMMO-3', seed: 3, phantom: { size: 16, slices: 2 } });
    expect(glioma.studyInstanceUid).not.toBe(result.studyInstanceUid);
  });

  it('writes full-size views by default', () => {
    const full = breastCaseDicom({ caseKey: 'FULL', seed: 1 });
    const ds = dicomParser.parseDicom(full.files[0]!.bytes);
    expect([ds.uint16('x00280010'), ds.uint16('x00280011')]).toEqual([800, 640]);
    expect(ds.string('x00280030')).toBe('0.3\\0.3');
  });
});
