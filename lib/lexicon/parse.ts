import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { checkLexicon, type CheckIssue, type IssuePath } from './check';
import { FEATURE_TYPES, ZLexicon, type TLexicon } from './schema';

export type LexiconIssue = {
  file: string;
  line: number;
  col: number;
  /** Readable path, e.g. features.F5.options[3].code */
  path: string;
  message: string;
  severity: 'error' | 'warning';
};

export type ParseResult =
  | { ok: true; lexicon: TLexicon; warnings: LexiconIssue[] }
  | { ok: false; errors: LexiconIssue[]; warnings: LexiconIssue[] };

/** `lexicons/vasari.yaml:212:9 features.F5.options[3].code: duplicate code "none" (first at 198:9)` */
export function formatIssue(issue: LexiconIssue): string {
  const where = issue.path ? ` ${issue.path}:` : '';
  const prefix = issue.severity === 'warning' ? ' warning:' : '';
  return `${issue.file}:${issue.line}:${issue.col}${prefix}${where} ${issue.message}`;
}

/**
 * Parses and validates a lexicon file. Every problem is reported at once, each with its
 * line and column; a broken file never throws.
 */
export function parseLexicon(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntax: LexiconIssue[] = doc.errors.map((e) => ({
    file,
    ...at(e.pos[0]),
    path: '',
    message: e.message.split('\n')[0] ?? e.message,
    severity: 'error',
  }));
  if (syntax.length) return { ok: false, errors: syntax, warnings: [] };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // e.g. an alias to an anchor that is not set, or an alias bomb
    return {
      ok: false,
      errors: [{ file, line: 1, col: 1, path: '', message: (error as Error).message, severity: 'error' }],
      warnings: [],
    };
  }
  const locate = (path: IssuePath, pointAtKey = false) => at(offsetOf(doc, path, pointAtKey));
  const issue = (
    path: IssuePath,
    message: string,
    severity: 'error' | 'warning' = 'error',
    atKey = false,
  ): LexiconIssue => ({
    file,
    ...locate(path, atKey),
    path: displayPath(raw, path),
    message,
    severity,
  });

  const parsed = ZLexicon.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.flatMap((i) => zodIssues(i, issue)), warnings: [] };
  }
  const checked = checkLexicon(parsed.data);
  const toIssue = (c: CheckIssue) => {
    const first = c.firstAt ? locate(c.firstAt) : null;
    const message = first ? `${c.message} (first at ${first.line}:${first.col})` : c.message;
    return issue(c.path, message, c.severity);
  };
  const errors = checked.filter((c) => c.severity === 'error').map(toIssue);
  const warnings = checked.filter((c) => c.severity === 'warning').map(toIssue);
  return errors.length ? { ok: false, errors, warnings } : { ok: true, lexicon: parsed.data, warnings };
}

type MakeIssue = (p: IssuePath, m: string, severity?: 'error' | 'warning', atKey?: boolean) => LexiconIssue;

function zodIssues(i: z.core.$ZodIssue, issue: MakeIssue): LexiconIssue[] {
  const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (i.code === 'unrecognized_keys') {
    return i.keys.map((k) => issue([...path, k], `unknown key "${k}"`, 'error', true));
  }
  if (i.code === 'invalid_union' && path.some((p) => p === 'show_if' || p === 'require_if')) {
    return [
      issue(
        path,
        'a condition is {all: [...]}, {any: [...]}, {not: ...} or {feature, equals | in | answered}',
      ),
    ];
  }
  if (i.code === 'invalid_union' && i.discriminator && i.errors.length === 0) {
    const known =
      i.discriminator === 'type'
        ? FEATURE_TYPES.join(', ')
        : ('options' in i ? (i.options ?? []) : []).join(', ');
    const at = path[path.length - 1] === i.discriminator ? path : [...path, i.discriminator];
    return [issue(at, `unknown ${i.discriminator}; use one of ${known}`)];
  }
  if (i.code === 'invalid_union' && i.errors.length) {
    // Report the branch that got furthest: the one with the fewest problems.
    const best = [...i.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    return best.flatMap((sub) =>
      zodIssues({ ...sub, path: [...path, ...sub.path] } as z.core.$ZodIssue, issue),
    );
  }
  return [issue(path, i.message)];
}

/** The source offset of the node at `path`, or of its nearest ancestor that exists. */
function offsetOf(doc: Document, path: IssuePath, pointAtKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      offset = (valueNode && isNode(valueNode) ? valueNode.range?.[0] : keyNode?.range?.[0]) ?? offset;
      if (pointAtKey && key === path[path.length - 1]) offset = keyNode?.range?.[0] ?? offset;
      if (!valueNode || !isNode(valueNode)) {
        offset = keyNode?.range?.[0] ?? offset;
        break;
      }
      node = valueNode;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** sections[0].features[4].options[3].code → features.F5.options[3].code */
function displayPath(raw: unknown, path: IssuePath): string {
  const parts: string[] = [];
  let rest = path;
  if (
    path[0] === 'sections' &&
    typeof path[1] === 'number' &&
    path[2] === 'features' &&
    typeof path[3] === 'number'
  ) {
    const feature = (raw as { sections?: { features?: { id?: unknown }[] }[] })?.sections?.[path[1]]
      ?.features?.[path[3]];
    if (typeof feature?.id === 'string') {
      parts.push(`features.${feature.id}`);
      rest = path.slice(4);
    }
  } else if (path[0] === 'sections' && typeof path[1] === 'number') {
    const section = (raw as { sections?: { id?: unknown }[] })?.sections?.[path[1]];
    if (typeof section?.id === 'string') {
      parts.push(`sections.${section.id}`);
      rest = path.slice(2);
    }
  }
  for (const key of rest) {
    if (typeof key === 'number') parts.push(`[${key}]`);
    else parts.push(parts.length ? `.${key}` : key);
  }
  return parts.join('');
}
