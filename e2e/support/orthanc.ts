import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway Orthanc with the DICOMweb plugin, for tests of the DICOMweb proxy. It runs
 * with its own configuration in a fresh folder, listens on loopback only and requires a
 * random password, so tests can prove the credentials are added on the server side.
 */

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const ORTHANC_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
export const ORTHANC_INSTALL_HINT = 'apt-get install orthanc orthanc-dicomweb';

export type OrthancOptions = {
  httpPort: number;
  binary?: string;
  plugin?: string;
  startTimeoutMs?: number;
  /** Fixed credentials (e.g. shared with an app server started beside it); random by default. */
  password?: string;
};

export type OrthancUpload = { ID: string; ParentStudy: string; ParentSeries: string; Status: string };

export type OrthancServer = {
  /** http://127.0.0.1:port */
  url: string;
  /** url + '/dicom-web' */
  dicomwebUrl: string;
  pid: number;
  username: string;
  password: string;
  stop(): Promise<void>;
  upload(bytes: Uint8Array): Promise<OrthancUpload>;
};

export function orthancAvailable(binary = ORTHANC_BINARY, plugin = ORTHANC_DICOMWEB_PLUGIN): boolean {
  try {
    fs.accessSync(binary, fs.constants.X_OK);
    fs.accessSync(plugin, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

const STDERR_TAIL = 4000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startOrthanc(options: OrthancOptions): Promise<OrthancServer> {
  const binary = options.binary ?? ORTHANC_BINARY;
  const plugin = options.plugin ?? ORTHANC_DICOMWEB_PLUGIN;
  if (!orthancAvailable(binary, plugin)) {
    throw new Error(
      `Orthanc or its DICOMweb plugin is not installed (${binary}, ${plugin}): ${ORTHANC_INSTALL_HINT}`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annolex-orthanc-'));
  const username = 'annolex';
  const password = options.password ?? randomBytes(18).toString('base64url');
  const config = {
    Name: 'annolex-test',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    TemporaryDirectory: path.join(dir, 'tmp'),
    HttpPort: options.httpPort,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    WebDavEnabled: false,
    OrthancExplorerEnabled: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [username]: password },
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
    StableAge: 1,
    ConcurrentJobs: 1,
    SaveJobs: false,
  };
  fs.mkdirSync(config.TemporaryDirectory);
  const configPath = path.join(dir, 'orthanc.json');
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });

  // stdout is unused (Orthanc logs to stderr); stderr is drained so a full pipe never blocks it.
  const child = spawn(binary, [configPath], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  let spawnError: Error | null = null;
  child.once('error', (e) => (spawnError = e));

  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  // If the test runner dies without afterAll, do not leave a server or its files behind.
  const onExit = () => {
    if (exited === null) child.kill('SIGKILL');
    removeDir();
  };
  process.once('exit', onExit);

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener('exit', onExit);
      if (exited === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        const graceful = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
        if (!graceful) {
          child.kill('SIGKILL');
          await exitPromise;
        }
      }
      removeDir();
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${options.httpPort}`;
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (spawnError !== null || exited !== null) {
      const why = spawnError ?? `exited with ${JSON.stringify(exited)}`;
      await stop();
      throw new Error(`Orthanc did not start (${String(why)}). Its stderr ended with:\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/system`, {
        headers: { authorization },
        signal: AbortSignal.timeout(1000),
      });
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `Orthanc did not answer GET /system on ${url} in time. Its stderr ended with:\n${stderr}`,
      );
    }
    await sleep(100);
  }

  const upload = async (bytes: Uint8Array): Promise<OrthancUpload> => {
    const res = await fetch(`${url}/instances`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/dicom' },
      // A copy typed on a plain ArrayBuffer, which is what fetch's body types accept.
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Orthanc refused the upload (${res.status}): ${text.slice(0, 500)}`);
    return JSON.parse(text) as OrthancUpload;
  };

  return { url, dicomwebUrl: `${url}/dicom-web`, pid: child.pid!, username, password, stop, upload };
}

type Dcmjs = {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
    DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown> };
  };
};

// dcmjs ships no type declarations; only the two calls used here are typed.
const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;

export const TINY_MR_ROWS = 16;
export const TINY_MR_COLUMNS = 16;
/** Bytes of one uncompressed 16×16 16-bit frame. */
export const TINY_MR_FRAME_BYTES = TINY_MR_ROWS * TINY_MR_COLUMNS * 2;

export type TinyMrOptions = { study: string; series: string; instance: string; instanceNumber: number };

/** A valid single-frame MR Part 10 file, explicit VR little endian, 16×16 unsigned 16-bit. */
export function tinyMrInstance({ study, series, instance, instanceNumber }: TinyMrOptions): Uint8Array {
  const pixels = new Uint16Array(TINY_MR_ROWS * TINY_MR_COLUMNS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + instanceNumber * 101) % 4096;
  const sopClass = '1.2.840.10008.5.1.4.1.1.4';
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: instance,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '2.25.1923847561029384756',
  };
  const dataset = {
    SOPClassUID: sopClass,
    SOPInstanceUID: instance,
    StudyInstanceUID: study,
    SeriesInstanceUID: series,
    Modality: 'MR',
    PatientName: 'Phantom^Tiny',
    PatientID: 'TINY-1',
    StudyDate: '20240101',
    SeriesNumber: '1',
    InstanceNumber: String(instanceNumber),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: TINY_MR_ROWS,
    Columns: TINY_MR_COLUMNS,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
