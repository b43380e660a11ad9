import fs from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL, hangSeries, protocolFor, ZHangingProtocolFile } from './hanging-protocol';

const shipped = ZHangingProtocolFile.parse(
  parse(fs.readFileSync('lexicons/viewer/hanging-protocols.yaml', 'utf8')),
).protocols;
const vasari = protocolFor(shipped, 'vasari');
const mammo = protocolFor(shipped, 'birads-mammography');

const mr = (id: number, description: string) => ({ id, description, modality: 'MR', seriesNumber: id });

describe('hanging protocols', () => {
  it('ships valid protocols for VASARI and BI-RADS mammography, and a fallback for the rest', () => {
    expect(vasari.id).toBe('vasari-2x2');
    expect(mammo.id).toBe('birads-mammo-cc-mlo');
    expect(protocolFor(shipped, 'ti-rads')).toBe(DEFAULT_PROTOCOL);
    expect(protocolFor(shipped, null)).toBe(DEFAULT_PROTOCOL);
  });

  it('hangs T1 / T1C / T2 / FLAIR by description whatever order the series come in', () => {
    const series = [mr(4, 'AX FLAIR'), mr(2, 'AX T1 POST'), mr(3, 'AX T2'), mr(1, 'AX T1')];
    expect(hangSeries(vasari, series)).toEqual([1, 2, 3, 4]);
  });

  it('matches common scanner naming: T1W, T1+C, MPRAGE GD, T2 FLAIR', () => {
    const series = [mr(10, 'T2W_TSE'), mr(11, 'MPRAGE GD'), mr(12, 'T1W SE'), mr(13, 'T2 FLAIR AX')];
    expect(hangSeries(vasari, series)).toEqual([12, 11, 10, 13]);
  });

  it('falls back to the series not yet shown when a rule finds nothing, and leaves a viewport empty only when none remain', () => {
    expect(hangSeries(vasari, [mr(1, 'DWI'), mr(2, 'AX FLAIR')])).toEqual([1, null, null, 2]);
    expect(hangSeries(vasari, [mr(1, 'LOCALIZER'), mr(2, 'DWI'), mr(3, 'ADC'), mr(4, 'SWI')])).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('hangs a mammography pair by view position: CC left, MLO right', () => {
    const series = [
      { id: 7, description: 'L MLO', modality: 'MG', viewPosition: 'MLO', seriesNumber: 2 },
      { id: 8, description: 'L CC', modality: 'MG', viewPosition: 'CC', seriesNumber: 1 },
    ];
    expect(hangSeries(mammo, series)).toEqual([8, 7]);
  });
});
