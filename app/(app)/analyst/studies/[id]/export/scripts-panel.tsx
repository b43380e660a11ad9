'use client';

import Link from 'next/link';
import { useSyncExternalStore } from 'react';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import type { ExportParams } from '@/lib/export/params';
import { CopyButton } from '../../../tokens/copy-button';
import { exportPath, scriptFileName, snippets } from './export-query';

const noSubscription = () => () => {};

/**
 * "Use it from R or Python": the full URL of the current choices and short curl, R and pandas
 * examples that send a personal API token. The URL starts with the address the page was opened
 * at (the configured base URL while rendering on the server).
 */
export function ScriptsPanel({
  studyId,
  slug,
  params,
  baseUrl,
}: {
  studyId: number;
  slug: string;
  /** The current choices, or null while some need attention. */
  params: ExportParams | null;
  baseUrl: string;
}) {
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => baseUrl,
  );
  const url = params ? `${origin}${exportPath(studyId, params)}` : null;
  const code = params && url ? snippets(url, scriptFileName(slug, params), params) : null;
  return (
    <section aria-labelledby="export-scripts-title" className="flex flex-col gap-4">
      <h2 id="export-scripts-title" className="text-lg font-semibold">
        Use it from R or Python
      </h2>
      <p className="text-sm text-muted-foreground">
        Scripts download the same export through the API with a personal token sent in the Authorization
        header. Create one on the{' '}
        <Link href="/analyst/tokens" className="text-primary underline underline-offset-4">
          API tokens
        </Link>{' '}
        page and keep it in the <code className="font-mono">ANNOLEX_TOKEN</code> environment variable (for R,
        in <code className="font-mono">~/.Renviron</code>), never in the script itself.
      </p>
      {url && code ? (
        <>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="export-url">URL for these choices</Label>
            <div className="flex flex-wrap items-center gap-2">
              <Input
                id="export-url"
                readOnly
                value={url}
                className="min-w-0 flex-1 font-mono text-xs"
                data-testid="export-url"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton text={url} label="Copy URL" selectId="export-url" />
            </div>
          </div>
          <Snippet id="export-curl" title="curl" text={code.curl} copyLabel="Copy curl command" />
          <Snippet
            id="export-r"
            title="R (httr2)"
            text={code.r}
            copyLabel="Copy R code"
            note="Base R's url() cannot send the token, so the file is downloaded with httr2 first."
          />
          <Snippet
            id="export-python"
            title="Python (pandas)"
            text={code.python}
            copyLabel="Copy Python code"
            note="pandas sends storage_options as HTTP headers for http(s) URLs."
          />
        </>
      ) : (
        <p className="text-sm text-muted-foreground">
          Some choices need attention; the URL and examples appear once they are fixed.
        </p>
      )}
    </section>
  );
}

function Snippet({
  id,
  title,
  text,
  copyLabel,
  note,
}: {
  id: string;
  title: string;
  text: string;
  copyLabel: string;
  note?: string;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          {title}
        </h3>
        <CopyButton text={text} label={copyLabel} selectId={id} />
      </div>
      {note ? <p className="text-xs text-muted-foreground">{note}</p> : null}
      <pre
        id={id}
        role="region"
        data-testid={id}
        aria-labelledby={`${id}-title`}
        tabIndex={0}
        className="overflow-x-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed"
      >
        <code>{text}</code>
      </pre>
    </div>
  );
}
