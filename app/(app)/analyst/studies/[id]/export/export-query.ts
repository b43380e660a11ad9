import type { ExportFormat, ExportParams } from '@/lib/export/params';

/**
 * The query string of an export, as the export API reads it: the parameters that matter for
 * the chosen layout and format, in a fixed order, lists comma-separated. Parameters left out
 * take their defaults, so the URL stays short and says what was chosen.
 */
export function exportQuery(p: ExportParams): string {
  const q: [string, string][] = [['layout', p.layout]];
  if (p.layout === 'wide') {
    q.push(['per', p.per]);
    if (p.per === 'aggregate') q.push(['aggregate', p.aggregate]);
    q.push(['valueAs', p.valueAs], ['lesions', p.lesions]);
    if (p.lesions === 'index') q.push(['maxLesions', String(p.maxLesions)]);
  }
  q.push(['sessions', p.sessions.join(',')]);
  if (p.features.length) q.push(['features', p.features.join(',')]);
  q.push(['format', p.format]);
  if (p.format === 'imrmc') {
    if (p.scoreFeature) q.push(['scoreFeature', p.scoreFeature]);
    if (p.truthFeature) q.push(['truthFeature', p.truthFeature]);
  }
  if (p.format === 'cbioportal') q.push(['level', p.level]);
  // Commas and colons are allowed in a query and keep the URL readable in scripts.
  return q
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replaceAll('%2C', ',').replaceAll('%3A', ':')}`)
    .join('&');
}

export function exportPath(studyId: number, p: ExportParams): string {
  return `/api/v1/studies/${studyId}/export?${exportQuery(p)}`;
}

const EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  parquet: 'parquet',
  cbioportal: 'txt',
  imrmc: 'imrmc',
  zip: 'zip',
};

/** A file name for scripts that save the download: `<slug>-<layout>.<ext>`. */
export function scriptFileName(slug: string, p: ExportParams): string {
  const base = p.format === 'cbioportal' ? `data_clinical_${p.level}` : `${slug}-${p.layout}`;
  return `${base}.${EXTENSIONS[p.format]}`;
}

export type Snippets = { curl: string; r: string; python: string };

/**
 * Short, working examples for the current choices. Each sends the token in the Authorization
 * header (base R's `url()` cannot), read from the ANNOLEX_TOKEN environment variable so it
 * never sits in a script.
 */
export function snippets(url: string, file: string, p: ExportParams): Snippets {
  const curl = `curl -fSL -H "Authorization: Bearer $ANNOLEX_TOKEN" \\\n  -o ${file} \\\n  "${url}"`;

  const rDownload = [
    'library(httr2)',
    '',
    `request("${url}") |>`,
    '  req_auth_bearer_token(Sys.getenv("ANNOLEX_TOKEN")) |>',
    `  req_perform(path = "${file}")`,
  ];
  const rRead: Record<ExportFormat, string[]> = {
    csv: [`df <- read.csv("${file}", na.strings = "")`],
    tsv: [`df <- read.delim("${file}", na.strings = "")`],
    json: [`df <- jsonlite::fromJSON("${file}")$rows`],
    parquet: [`df <- arrow::read_parquet("${file}")`],
    cbioportal: [
      '# The first four lines are cBioPortal metadata (display names, descriptions, types, priorities).',
      `df <- read.delim("${file}", skip = 4, na.strings = "")`,
    ],
    imrmc: ['# Open the .imrmc file in iMRMC, or analyse it with the iMRMC R package.'],
    zip: [`unzip("${file}", exdir = "${file.replace(/\.zip$/, '')}")`],
  };

  const header = '{"Authorization": f"Bearer {os.environ[\'ANNOLEX_TOKEN\']}"}';
  const urlLine = `url = "${url}"`;
  const pandas = (call: string) => ['import os', '', 'import pandas as pd', '', urlLine, call];
  const download = [
    'import os',
    'import shutil',
    'import urllib.request',
    '',
    urlLine,
    `req = urllib.request.Request(url, headers=${header})`,
    `with urllib.request.urlopen(req) as r, open("${file}", "wb") as f:`,
    '    shutil.copyfileobj(r, f)',
  ];
  const python: Record<ExportFormat, string[]> = {
    csv: pandas(`df = pd.read_csv(url, storage_options=${header})`),
    tsv: pandas(`df = pd.read_csv(url, sep="\\t", storage_options=${header})`),
    parquet: pandas(`df = pd.read_parquet(url, storage_options=${header})`),
    cbioportal: pandas(`df = pd.read_csv(url, sep="\\t", skiprows=4, storage_options=${header})`),
    json: [
      'import json',
      'import os',
      'import urllib.request',
      '',
      'import pandas as pd',
      '',
      urlLine,
      `req = urllib.request.Request(url, headers=${header})`,
      'with urllib.request.urlopen(req) as r:',
      '    doc = json.load(r)',
      'df = pd.DataFrame(doc["rows"], columns=[c["id"] for c in doc["columns"]])',
    ],
    imrmc: download,
    zip: [...download, `shutil.unpack_archive("${file}", "${file.replace(/\.zip$/, '')}")`],
  };

  return {
    curl,
    r: [...rDownload, ...rRead[p.format]].join('\n'),
    python: python[p.format].join('\n'),
  };
}
