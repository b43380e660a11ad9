/**
 * WADO-RS frames arrive as multipart/related. The upstream's part headers carry its own URLs
 * (Content-Location), so the proxy re-frames the parts with a boundary of its own and only
 * each part's Content-Type.
 */
export type Part = { contentType: string | null; body: Uint8Array };

const CRLF = new Uint8Array([13, 10]);

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function boundaryOf(contentType: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Splits a multipart body into its parts; null when it is not well formed. */
export function parseMultipart(body: Uint8Array, boundary: string): Part[] | null {
  const enc = new TextEncoder();
  const delimiter = enc.encode(`--${boundary}`);
  const parts: Part[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at < 0) return null;
  for (;;) {
    let start = at + delimiter.length;
    if (body[start] === 45 && body[start + 1] === 45) return parts; // closing --boundary--
    if (body[start] === 13 && body[start + 1] === 10) start += 2;
    const headerEnd = indexOf(body, new Uint8Array([13, 10, 13, 10]), start);
    if (headerEnd < 0) return null;
    const headers = new TextDecoder().decode(body.subarray(start, headerEnd));
    const next = indexOf(body, enc.encode(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return null;
    const type = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? null;
    parts.push({ contentType: type, body: body.subarray(headerEnd + 4, next) });
    at = next + 2;
  }
}

/** Writes parts as multipart/related with the given boundary and nothing but Content-Type. */
export function writeMultipart(parts: Part[], boundary: string): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    chunks.push(
      enc.encode(`--${boundary}\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}\r\n\r\n`),
    );
    chunks.push(p.body, CRLF);
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
