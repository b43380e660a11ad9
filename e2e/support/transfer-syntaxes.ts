import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gliomaCaseDicom } from '@/lib/dicom/phantom/glioma-dicom';

/**
 * Transfer-syntax fixtures, made at test time from one phantom FLAIR slice with Debian's
 * dcmtk and gdcm (never committed): each syntax becomes its own case `TS-<key>`.
 */
export const SYNTAXES = [
  { key: 'JPEGBASE', uid: '1.2.840.10008.1.2.4.50', tool: ['dcmcjpeg', '+eb'] },
  { key: 'JPEGEXT', uid: '1.2.840.10008.1.2.4.51', tool: ['dcmcjpeg', '+ee'] },
  { key: 'JPEGLL14', uid: '1.2.840.10008.1.2.4.57', tool: ['dcmcjpeg', '+el'] },
  { key: 'JPEGLLSV1', uid: '1.2.840.10008.1.2.4.70', tool: ['dcmcjpeg', '+e1'] },
  { key: 'JPEGLS', uid: '1.2.840.10008.1.2.4.80', tool: ['dcmcjpls'] },
  { key: 'J2K', uid: '1.2.840.10008.1.2.4.90', tool: ['gdcmconv', '--j2k'] },
  { key: 'RLE', uid: '1.2.840.10008.1.2.5', tool: ['dcmcrle'] },
  { key: 'BIGENDIAN', uid: '1.2.840.10008.1.2.2', tool: ['dcmconv', '+tb'] },
  { key: 'IMPLICIT', uid: '1.2.840.10008.1.2', tool: ['dcmconv', '+ti'] },
  { key: 'DEFLATED', uid: '1.2.840.10008.1.2.1.99', tool: ['dcmconv', '+td'] },
] as const;

const PHANTOM = { size: 128, slices: 8, pixelMm: 1.875, sliceMm: 6 };

/** Writes one converted file per syntax into `dir` and checks each declares its syntax. */
export function makeTransferSyntaxFixtures(dir: string): void {
  for (const s of SYNTAXES) {
    const { files } = gliomaCaseDicom({ caseKey: `TS-${s.key}`, seed: 7, phantom: PHANTOM });
    const slice = files.filter((f) => f.seriesDescription === 'AX FLAIR')[PHANTOM.slices / 2]!;
    const source = path.join(dir, `${s.key}.source`);
    fs.writeFileSync(source, slice.bytes);
    const target = path.join(dir, `${s.key}.dcm`);
    const [tool, ...args] = s.tool;
    execFileSync(tool, [...args, source, target], { stdio: 'pipe' });
    fs.rmSync(source);
    const dump = execFileSync('dcmdump', ['+P', 'TransferSyntaxUID', '-Un', target], { encoding: 'utf8' });
    if (!dump.includes(`=${s.uid}`) && !dump.includes(s.uid))
      throw new Error(`${tool} did not produce ${s.uid}: ${dump.trim()}`);
  }
}
