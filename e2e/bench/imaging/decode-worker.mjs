// One decode worker of B2's floor: parses a fetched DICOM Part 10 file and decodes its frame
// with the same WebAssembly codec builds the viewer's decode workers load (CharLS for JPEG-LS,
// OpenJPH for HTJ2K); a native frame is copied out as the viewer does. Answers each
// { id, bytes } message with { id, samples } once the pixels are decoded.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { DicomMessage } = require('dcmjs').data;
// The codec packages do not export these builds; the benchmarks run from the repository root.
const codec = (pkg, file) => require(path.resolve('node_modules', pkg, 'dist', file));
const charls = await codec('@cornerstonejs/codec-charls', 'charlswasm_decode.js')();
const openjph = await codec('@cornerstonejs/codec-openjph', 'openjphjs.js')();
const jpegLs = new charls.JpegLSDecoder();
const htj2k = new openjph.HTJ2KDecoder();

const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
const HTJ2K = new Set(['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203']);

function decodeWith(decoder, frame, run) {
  decoder.getEncodedBuffer(frame.length).set(frame);
  run();
  return decoder.getDecodedBuffer().slice();
}

parentPort.on('message', ({ id, bytes }) => {
  const file = DicomMessage.readFile(bytes);
  const syntax = String(file.meta['00020010'].Value[0]).replace(/\0/g, '').trim();
  const frame = new Uint8Array(file.dict['7FE00010'].Value[0]);
  let pixels;
  if (JPEG_LS.has(syntax)) pixels = decodeWith(jpegLs, frame, () => jpegLs.decode());
  else if (HTJ2K.has(syntax)) pixels = decodeWith(htj2k, frame, () => htj2k.decodeSubResolution(0));
  else pixels = frame.slice();
  parentPort.postMessage({ id, samples: pixels.length / 2 });
});
parentPort.postMessage('ready');
