import fs from 'node:fs';
import path from 'node:path';
import { gliomaCaseDicom } from '@/lib/dicom/phantom/glioma-dicom';
import { uidFrom } from '@/lib/dicom/uid';
import { EXPLICIT_LITTLE, HTJ2K_LOSSLESS, JPEG_LS_LOSSLESS, transcode } from './transcode';

/** The benchmark's MR series: one 512 × 512, 16-bit axial T1 post-contrast series per transfer syntax. */
export const SYNTAXES = [
  { id: 'raw', uid: EXPLICIT_LITTLE, label: 'raw (explicit VR little endian)' },
  { id: 'jpeg-ls', uid: JPEG_LS_LOSSLESS, label: 'JPEG-LS lossless' },
  { id: 'htj2k', uid: HTJ2K_LOSSLESS, label: 'HTJ2K lossless' },
] as const;
export type SyntaxId = (typeof SYNTAXES)[number]['id'];

export type BenchSeries = {
  syntax: SyntaxId;
  /** Two cases per syntax: A opens first (it warms that syntax's decoder), B is then opened warm. */
  copy: 'A' | 'B';
  caseKey: string;
  folder: string;
  files: number;
  bytes: number;
};

/**
 * Writes two folders per transfer syntax, each a case (PatientID `BENCH-<SYNTAX>-A` or `-B`) with the
 * same deterministic phantom series of `slices` slices, its identity and UIDs made per case.
 */
export async function writeBenchSeries(root: string, slices: number): Promise<BenchSeries[]> {
  const phantom = gliomaCaseDicom({ caseKey: 'BENCH', seed: 7, phantom: { size: 512, slices } });
  const series = phantom.files.filter((f) => f.seriesDescription === 'AX T1 POST');
  const out: BenchSeries[] = [];
  // Every A before every B: a case's "next read" (which the viewer prefetches) is then never its B.
  for (const copy of ['A', 'B'] as const) {
    for (const syntax of SYNTAXES) {
      const caseKey = `BENCH-${syntax.id.toUpperCase()}-${copy}`;
      const folder = path.join(root, `${syntax.id}-${copy}`);
      fs.mkdirSync(folder, { recursive: true });
      const study = uidFrom('annolex-bench', caseKey, 'study');
      const seriesUid = uidFrom('annolex-bench', caseKey, 'series');
      let bytes = 0;
      for (const f of series) {
        const encoded = await transcode(f.bytes, syntax.uid, {
          PatientID: caseKey,
          PatientName: caseKey,
          StudyInstanceUID: study,
          SeriesInstanceUID: seriesUid,
          SOPInstanceUID: uidFrom('annolex-bench', caseKey, String(f.instanceNumber)),
        });
        bytes += encoded.byteLength;
        fs.writeFileSync(path.join(folder, `${String(f.instanceNumber).padStart(4, '0')}.dcm`), encoded);
      }
      out.push({ syntax: syntax.id, copy, caseKey, folder, files: series.length, bytes });
    }
  }
  return out;
}
