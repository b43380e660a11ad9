import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ZHangingProtocolFile, type HangingProtocol } from './hanging-protocol';

const FILE = path.resolve('lexicons', 'viewer', 'hanging-protocols.yaml');
let cached: HangingProtocol[] | null = null;

/** The declared hanging protocols (lexicons/viewer/hanging-protocols.yaml), validated once. */
export function hangingProtocols(): HangingProtocol[] {
  if (!cached) {
    const parsed = ZHangingProtocolFile.safeParse(parse(fs.readFileSync(FILE, 'utf8')));
    if (!parsed.success) throw new Error(`${FILE}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    cached = parsed.data.protocols;
  }
  return cached;
}
