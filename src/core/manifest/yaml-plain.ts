// A fast reader for the plain YAML most manifests are: one document of block mappings and sequences with plain or
// simply quoted one-line scalars. Anything else (anchors, tags, block scalars, escapes, numbers other than decimal
// integers, multi-line scalars, duplicate keys, ...) returns undefined; the full parser (yaml-documents.ts) reads it.
import {
  INDICATOR_START,
  NotPlain,
  notPlain,
  plainFlowScalar,
  plainString,
  resolvePlain,
} from './yaml-plain-scalars.js';

/** A node's source offsets, as the full parser's node ranges give them: where it starts, and where a scalar ends. */
export type PlainNode =
  | { readonly kind: 'scalar'; readonly start: number; readonly end: number }
  | { readonly kind: 'seq'; readonly start: number; readonly items: readonly PlainNode[] }
  | { readonly kind: 'map'; readonly start: number; readonly entries: ReadonlyMap<string, PlainEntry> };

interface PlainEntry {
  readonly keyStart: number;
  readonly node: PlainNode;
}

export interface PlainDocument {
  readonly value: unknown;
  readonly root: PlainNode;
}

interface Line {
  readonly indent: number;
  /** The line from its first non-space character. */
  readonly text: string;
  /** Offset of `text` in the source. */
  readonly offset: number;
}

/** Characters the full parser treats specially anywhere: tabs, CR, controls, line separators, BOM, non-characters. */
function hasUnusualCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 0x0a : c >= 0x7f && isUnusualAbove7e(c)) return true;
  }
  return false;
}

function isUnusualAbove7e(c: number): boolean {
  return c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff;
}

/** The document's value and source offsets, or undefined when the text is not in the plain subset. */
export function parsePlainYaml(text: string): PlainDocument | undefined {
  if (hasUnusualCharacter(text)) return undefined;
  try {
    const lines = contentLines(text);
    const first = lines[0];
    if (first === undefined) return undefined;
    const reader = new Reader(lines);
    const { value, node } = reader.block(first.indent);
    if (reader.at < lines.length) return undefined;
    return { value, root: node };
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

/** Non-blank, non-comment lines; a leading `---` is dropped, any other document marker or directive is refused. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    const body = text.slice(start + indent, end).trimEnd();
    if (body !== '' && !body.startsWith('#')) {
      if (indent === 0 && (body.startsWith('---') || body.startsWith('...') || body.startsWith('%'))) {
        if (body !== '---' || lines.length > 0) notPlain();
      } else {
        lines.push({ indent, text: body, offset: start + indent });
      }
    }
    start = end + 1;
  }
  return lines;
}

interface Read {
  readonly value: unknown;
  readonly node: PlainNode;
}

class Reader {
  at = 0;
  readonly #lines: readonly Line[];

  constructor(lines: readonly Line[]) {
    this.#lines = lines;
  }

  /** The block collection starting at the current line, whose indentation is `indent`. */
  block(indent: number): Read {
    const line = this.#lines[this.at] ?? notPlain();
    if (line.indent !== indent) notPlain();
    if (isDash(line.text)) return this.#seq(indent);
    this.at++;
    return this.#map(line);
  }

  #seq(indent: number): Read {
    const values: unknown[] = [];
    const items: PlainNode[] = [];
    const start = this.#lines[this.at]?.offset ?? 0;
    for (let line = this.#lines[this.at]; line?.indent === indent && isDash(line.text); line = this.#lines[this.at]) {
      this.at++;
      let skip = 1;
      while (line.text.charCodeAt(skip) === 32) skip++;
      const rest = line.text.slice(skip);
      let read: Read;
      if (rest === '' || rest.startsWith('#')) {
        read = this.#nested(indent, false);
      } else if (isDash(rest)) {
        return notPlain();
      } else if (keyEnd(rest) >= 0) {
        read = this.#map({ indent: indent + skip, text: rest, offset: line.offset + skip });
      } else {
        read = scalarOrFlow(rest, line.offset + skip);
        this.#noContinuation(indent);
      }
      values.push(read.value);
      items.push(read.node);
    }
    return { value: values, node: { kind: 'seq', start, items } };
  }

  /** A block mapping whose first entry is `first` (already consumed); later entries are lines at its indentation. */
  #map(first: Line): Read {
    const value: Record<string, unknown> = {};
    const entries = new Map<string, PlainEntry>();
    for (let line: Line | undefined = first; line !== undefined;) {
      const colon = keyEnd(line.text);
      if (colon < 0) notPlain();
      const key = plainString(line.text.slice(0, colon));
      if (key === '__proto__' || key === '<<' || entries.has(key)) notPlain();
      let rest = line.text.slice(colon + 1).trimStart();
      if (rest.startsWith('#')) rest = '';
      let read: Read;
      if (rest === '') {
        read = this.#nested(first.indent, true);
      } else {
        read = scalarOrFlow(rest, line.offset + line.text.length - line.text.slice(colon + 1).trimStart().length);
        this.#noContinuation(first.indent);
      }
      value[key] = read.value;
      entries.set(key, { keyStart: line.offset, node: read.node });
      const next = this.#lines[this.at];
      if (next === undefined || next.indent < first.indent) break;
      if (next.indent > first.indent || isDash(next.text)) notPlain();
      this.at++;
      line = next;
    }
    return { value, node: { kind: 'map', start: first.offset, entries } };
  }

  /** The block under `key:` or `-`: deeper lines, or (for a key) a sequence at the key's own indentation. */
  #nested(indent: number, underKey: boolean): Read {
    const next = this.#lines[this.at];
    if (next !== undefined && next.indent > indent) return this.block(next.indent);
    if (underKey && next?.indent === indent && isDash(next.text)) return this.#seq(indent);
    // An empty value is null in YAML; where the full parser places it is not worth imitating.
    return notPlain();
  }

  /** A scalar ends its line: a deeper line after it would continue it (multi-line scalar), which is not read here. */
  #noContinuation(indent: number): void {
    const next = this.#lines[this.at];
    if (next !== undefined && next.indent > indent) notPlain();
  }
}

function isDash(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Index of the `:` ending a block mapping key on this line, or -1 when the line is no `key: ...`. */
function keyEnd(text: string): number {
  if (INDICATOR_START.test(text)) return -1;
  const spaced = text.indexOf(': ');
  const colon = spaced >= 0 ? spaced : text.endsWith(':') ? text.length - 1 : -1;
  if (colon < 0) return -1;
  // A comment or a quote before the colon is beyond this reader (the key may not be what it seems).
  if (text.lastIndexOf('#', colon) >= 0) notPlain();
  return colon;
}

/** A one-line value: a quoted or plain scalar, or a flow collection of plain scalars. */
function scalarOrFlow(text: string, offset: number): Read {
  const first = text[0];
  if (first === '[' || first === '{') return flow(text, offset);
  if (first === '"' || first === "'") return quoted(text, offset);
  const cut = text.indexOf(' #');
  const source = (cut >= 0 ? text.slice(0, cut) : text).trimEnd();
  if (INDICATOR_START.test(source) || source.includes(': ') || source.endsWith(':')) notPlain();
  return { value: resolvePlain(source), node: { kind: 'scalar', start: offset, end: offset + source.length } };
}

/** '...' (with '' for a quote) or "..." without escapes, alone on the line but for a comment. */
function quoted(text: string, offset: number): Read {
  const quote = text[0] as string;
  let end = 1;
  let value = '';
  for (;;) {
    const close = text.indexOf(quote, end);
    if (close < 0) return notPlain();
    value += text.slice(end, close);
    if (quote === "'" && text[close + 1] === "'") {
      value += "'";
      end = close + 2;
      continue;
    }
    end = close + 1;
    break;
  }
  if (quote === '"' && value.includes('\\')) notPlain();
  const after = text.slice(end);
  if (after !== '' && !/^ +(?:#.*)?$/.test(after)) notPlain();
  return { value, node: { kind: 'scalar', start: offset, end: offset + end } };
}

/** `[a, b]`, `{ k: v }`, `[]` or `{}` of plain scalars on one line; nothing nested, no quotes, no empty entries. */
function flow(text: string, offset: number): Read {
  const close = text[0] === '[' ? ']' : '}';
  const end = text.indexOf(close);
  if (end < 0) notPlain();
  const after = text.slice(end + 1);
  if (after !== '' && !/^ +(?:#.*)?$/.test(after)) notPlain();
  const inner = text.slice(1, end);
  if (/[[\]{}"'#&*!|>%@`]/.test(inner)) notPlain();
  const parts: Array<{ source: string; at: number }> = [];
  if (inner.trim() !== '') {
    let at = 1;
    for (const raw of inner.split(',')) {
      const lead = raw.length - raw.trimStart().length;
      const source = raw.trim();
      if (source === '') notPlain();
      parts.push({ source, at: offset + at + lead });
      at += raw.length + 1;
    }
  }
  if (close === ']') {
    const values = parts.map((p) => plainFlowScalar(p.source));
    const items: PlainNode[] = parts.map((p) => ({ kind: 'scalar', start: p.at, end: p.at + p.source.length }));
    return { value: values, node: { kind: 'seq', start: offset, items } };
  }
  const value: Record<string, unknown> = {};
  const entries = new Map<string, PlainEntry>();
  for (const part of parts) {
    const colon = part.source.indexOf(': ');
    if (colon < 0) notPlain();
    const key = plainString(part.source.slice(0, colon));
    const rest = part.source.slice(colon + 1);
    const source = rest.trimStart();
    if (key === '__proto__' || key === '<<' || entries.has(key)) notPlain();
    const start = part.at + colon + 1 + (rest.length - source.length);
    value[key] = plainFlowScalar(source);
    entries.set(key, { keyStart: part.at, node: { kind: 'scalar', start, end: start + source.length } });
  }
  return { value, node: { kind: 'map', start: offset, entries } };
}
