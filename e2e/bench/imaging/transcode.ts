import { createRequire } from 'node:module';
import path from 'node:path';
// @ts-expect-error -- dcmjs ships no type declarations.
import dcmjsUntyped from 'dcmjs';

/**
 * Re-encodes native 16-bit single-frame DICOM files losslessly as JPEG-LS or HTJ2K, with the
 * encoders the viewer's own decoders ship (CharLS and OpenJPH, compiled to WebAssembly), so the
 * benchmark's compressed series need nothing from outside the project.
 */
export const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';
export const HTJ2K_LOSSLESS = '1.2.840.10008.1.2.4.201';

type Encoder = {
  getDecodedBuffer(frame: object): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete?(): void;
};
type Codec = { new (): Encoder };
type DicomData = {
  DicomMessage: { readFile(buffer: ArrayBuffer): { meta: object; dict: object } };
  DicomMetaDictionary: {
    naturalizeDataset(dict: object): Record<string, unknown>;
    denaturalizeDataset(dataset: Record<string, unknown>): object;
  };
  DicomDict: new (meta: object) => { dict: object; write(): ArrayBuffer };
};
const { DicomMessage, DicomMetaDictionary, DicomDict } = (dcmjsUntyped as { data: DicomData }).data;

const require = createRequire(import.meta.url);
/** The codec packages do not export their encoder builds; the benchmarks run from the repository root. */
const codecFile = (pkg: string, file: string) => path.resolve('node_modules', pkg, 'dist', file);

let encoders: Promise<Record<string, Codec>> | null = null;
function loadEncoders(): Promise<Record<string, Codec>> {
  encoders ??= (async () => {
    const charls = await (
      require(codecFile('@cornerstonejs/codec-charls', 'charlswasm.js')) as () => Promise<
        Record<string, Codec>
      >
    )();
    const openjph = await (
      require(codecFile('@cornerstonejs/codec-openjph', 'openjphjs.js')) as () => Promise<
        Record<string, Codec>
      >
    )();
    return { [JPEG_LS_LOSSLESS]: charls.JpegLSEncoder!, [HTJ2K_LOSSLESS]: openjph.HTJ2KEncoder! };
  })();
  return encoders;
}

export const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';

/**
 * One native Part 10 file (16-bit, one frame), with the given attributes replaced (identity and
 * UIDs, so one phantom serves as several cases), re-encoded in `syntax` losslessly, or kept native.
 */
export async function transcode(
  bytes: Uint8Array,
  syntax: string,
  replace: Record<string, string> = {},
): Promise<Uint8Array> {
  const copy = bytes.slice().buffer;
  const file = DicomMessage.readFile(copy);
  const meta = DicomMetaDictionary.naturalizeDataset(file.meta);
  const dataset = DicomMetaDictionary.naturalizeDataset(file.dict);
  Object.assign(dataset, replace);
  if (replace.SOPInstanceUID) meta.MediaStorageSOPInstanceUID = replace.SOPInstanceUID;
  if (syntax === EXPLICIT_LITTLE) {
    const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
    return new Uint8Array(dict.write());
  }
  const Codec = (await loadEncoders())[syntax];
  if (!Codec) throw new Error(`No encoder for ${syntax}`);
  const width = Number(dataset.Columns);
  const height = Number(dataset.Rows);
  const pixels = dataset.PixelData as ArrayBuffer[] | ArrayBuffer;
  const frame = new Uint8Array(Array.isArray(pixels) ? pixels[0]! : pixels);
  const encoder = new Codec();
  try {
    encoder
      .getDecodedBuffer({
        width,
        height,
        bitsPerSample: Number(dataset.BitsAllocated),
        componentCount: 1,
        isSigned: Number(dataset.PixelRepresentation) === 1,
        isUsingColorTransform: false,
      })
      .set(frame.subarray(0, width * height * 2));
    encoder.encode();
    const encoded = encoder.getEncodedBuffer().slice();
    // Fragments have even length (PS3.5 A.4).
    const even = encoded.length % 2 ? new Uint8Array([...encoded, 0]) : encoded;
    dataset.PixelData = [even.buffer];
    dataset._vrMap = { ...(dataset._vrMap as object), PixelData: 'OB' };
    meta.TransferSyntaxUID = syntax;
    const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
    return new Uint8Array(dict.write());
  } finally {
    encoder.delete?.();
  }
}
