import fs from 'node:fs';
import type { APIRequestContext } from '@playwright/test';

type Manifest = {
  node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
};

export type ServerAction = { id: string; name: string; file: string; pagePath: string };

/** Every server action of the production build, and a page that serves it. */
export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(
    fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8'),
  ) as Manifest;
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0] ?? '';
    const pagePath =
      worker
        .replace(/^app/, '')
        .replace(/\/\([^)]+\)/g, '')
        .replace(/\/page$/, '') || '/';
    return { id, name: entry.exportedName, file: entry.filename, pagePath };
  });
}

/** Calls a server action directly, the way a hand-crafted request would: (prevState, input), or (input) when single. */
export async function callAction(
  request: APIRequestContext,
  action: ServerAction,
  input: unknown,
  origin: string,
  options: { single?: boolean } = {},
) {
  const res = await request.post(action.pagePath, {
    headers: {
      'Next-Action': action.id,
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      Origin: origin,
    },
    data: JSON.stringify(options.single ? [input] : [null, input]),
    maxRedirects: 0,
  });
  return { status: res.status(), body: await res.text() };
}
