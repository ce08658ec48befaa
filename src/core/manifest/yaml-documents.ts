// Parses manifest text into YAML documents with source positions, refusing hostile structure with clear problems:
// syntax errors, unresolved tags, non-string keys, alias bombs, deep nesting. Never throws for any input text.
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, visit, type Document, type Node } from 'yaml';
import { findExcessiveNesting, MAX_NESTING } from './nesting.js';
import { pointer, pointerSegments, type ManifestProblem } from './problems.js';
import { badIndentation, duplicateKey, type Located } from './yaml-locate.js';
import { parsePlainYaml } from './yaml-plain.js';
import { plainOffset } from './yaml-plain-offset.js';

/** Aliases one document may expand; more is treated as a "billion laughs" resource attack. */
const MAX_ALIAS_COUNT = 100;

/**
 * Documents one file may hold; parsing stops there (a file of 100,000 tiny documents is an attack, not an inventory).
 */
export const MAX_DOCUMENTS_PER_FILE = 500;

interface Position {
  readonly line: number;
  readonly column: number;
}

/** One parsed, structurally sound document: its plain value and a way back from a JSON pointer to the source. */
export interface ManifestDocument {
  readonly file: string;
  /** 0-based index of the document in its file. */
  readonly index: number;
  readonly value: unknown;
  /**
   * Where `path` is in the source: the value's start, or (key) the property name's start, or (needle) that text inside
   * it.
   */
  position(path: string, options?: { readonly key?: boolean; readonly needle?: string }): Position;
}

export interface ParsedFile {
  readonly documents: ManifestDocument[];
  readonly problems: ManifestProblem[];
}

export function parseManifestText(text: string, file: string): ParsedFile {
  const problems: ManifestProblem[] = [];
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    problems.push({ file, line: tooDeep.line, column: tooDeep.column, path: '', message: nestingMessage() });
    return { documents: [], problems };
  }
  return parsePlainDocument(text, file) ?? parseDocuments(text, file);
}

/**
 * The plain YAML most manifests are (yaml-plain.ts), read without building the parser's document tree: about ten
 * times faster, with the same value and the same positions. Undefined for anything else, which parseDocuments reads.
 */
function parsePlainDocument(text: string, file: string): ParsedFile | undefined {
  const plain = parsePlainYaml(text);
  if (plain === undefined) return undefined;
  let lineStarts: number[] | undefined;
  const position: ManifestDocument['position'] = (path, options = {}) => {
    lineStarts ??= startsOfLines(text);
    return linePosition(lineStarts, plainOffset(text, plain.root, pointerSegments(path), options));
  };
  const deep = findDeepPath(plain.value);
  if (deep !== undefined) {
    return { documents: [], problems: [{ file, ...position(deep), path: deep, message: nestingMessage() }] };
  }
  return { documents: [{ file, index: 0, value: plain.value, position }], problems: [] };
}

function startsOfLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of `offset`, as the parser's LineCounter gives them. */
function linePosition(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/** The full parser alone, for any text (also the reference the plain reader is tested against). */
export function parseDocuments(text: string, file: string): ParsedFile {
  const problems: ManifestProblem[] = [];
  const lineCounter = new LineCounter();
  const documents: ManifestDocument[] = [];
  // The streaming parser and composer (what parseAllDocuments does inside) so that a flood of documents stops early.
  const composer = new Composer({ prettyErrors: false, logLevel: 'silent', uniqueKeys: true });
  let index = -1;
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    index++;
    if (index >= MAX_DOCUMENTS_PER_FILE) {
      const { line, col } = lineCounter.linePos(doc.range[0]);
      problems.push({
        file,
        line,
        column: col,
        path: '',
        message: `file holds more than ${MAX_DOCUMENTS_PER_FILE} YAML documents; split it`,
      });
      break;
    }
    const at = (offset: number): Position => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    };
    const fail = (offset: number, message: string, path = ''): void => {
      problems.push({ file, ...at(offset), path, message });
    };
    const issues = [...doc.errors, ...doc.warnings];
    const said = new Set<string>();
    for (const issue of issues) {
      const located = locateIssue(doc, text, lineCounter, issue);
      const message = yamlMessage(issue.code, issue.message);
      const problem = located ? { file, ...located } : { file, ...at(issue.pos[0]), path: '', message };
      const id = `${problem.line}:${problem.column}:${problem.message}`;
      if (!said.has(id)) problems.push(problem);
      said.add(id);
    }
    if (issues.length > 0 || isEmpty(doc)) continue;
    if (!keysArePlain(doc, fail)) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const offset = firstAliasOffset(doc) ?? doc.contents?.range[0] ?? 0;
      fail(
        offset,
        err instanceof ReferenceError
          ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); YAML alias bombs are refused`
          : err instanceof RangeError
            ? nestingMessage()
            : 'cannot be converted to data',
      );
      continue;
    }
    const position: ManifestDocument['position'] = (path, options = {}) => at(locateOffset(doc, text, path, options));
    const deep = findDeepPath(value);
    if (deep !== undefined) {
      problems.push({ file, ...position(deep), path: deep, message: nestingMessage() });
      continue;
    }
    documents.push({ file, index, value, position });
  }
  return { documents, problems };
}

/** A document with nothing in it (`---` followed by comments only) is skipped, not an error. */
function isEmpty(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && doc.contents.source === '');
}

function nestingMessage(): string {
  return `nesting is deeper than ${MAX_NESTING} levels; manifests are shallow, this is not one`;
}

/** Indentation mistakes the parser reports at the line before the wrong one (true) or at the wrong one (false). */
const INDENTATION: Readonly<Record<string, boolean>> = {
  BLOCK_AS_IMPLICIT_KEY: true,
  MULTILINE_IMPLICIT_KEY: true,
  BAD_INDENT: false,
};

interface Issue {
  readonly code: string;
  readonly message: string;
  readonly pos: readonly [number, number];
}

function locateIssue(doc: Document, text: string, lines: LineCounter, issue: Issue): Located | undefined {
  const offset = issue.pos[0];
  if (issue.code === 'DUPLICATE_KEY') return duplicateKey(doc, offset, lines);
  const missingDash = issue.code === 'MISSING_CHAR' && /sequence item without/i.test(issue.message);
  const nextLine = missingDash ? false : INDENTATION[issue.code];
  return nextLine === undefined ? undefined : badIndentation(text, lines.linePos(offset).line, nextLine);
}

function yamlMessage(code: string, message: string): string {
  if (/call stack/i.test(message)) return nestingMessage();
  if (code === 'TAG_RESOLVE_FAILED') return `${message}; manifests use plain YAML without custom tags`;
  if (code === 'DUPLICATE_KEY') return 'duplicate key in this mapping (YAML keys must be unique)';
  // The parser quotes the offending token ("Unexpected scalar token in YAML stream: \"<token>\""): a misplaced
  // secret would be printed back, so the token is dropped; line and column still say where it is.
  const withoutToken = message.replace(/:\s*"(?:[^"\\]|\\.)*"\s*$/s, '');
  return `YAML syntax error: ${withoutToken.replace(/\s+/g, ' ').slice(0, 200)}`;
}

/** Mapping keys must be scalars: a collection as a key has no JSON form. */
function keysArePlain(doc: Document, fail: (offset: number, message: string) => void): boolean {
  let plain = true;
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key)) {
        plain = false;
        const range = (pair.key as Node).range;
        fail(range?.[0] ?? 0, 'mapping keys must be plain strings, not collections');
      }
    },
  });
  return plain;
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** The pointer of the first value nested deeper than MAX_NESTING, found without recursion. */
function findDeepPath(root: unknown): string | undefined {
  // Most values are shallow: measure the depth first, building no pointers, and only then look for where.
  if (depthWithin(root, MAX_NESTING)) return undefined;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) return path;
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value);
    for (const [segment, child] of entries)
      stack.push({ value: child, path: pointer(path, segment), depth: depth + 1 });
  }
  return undefined;
}

/** True when no value inside `root` is nested `limit` levels deep or more (the test findDeepPath makes). */
function depthWithin(root: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { value, depth } = top;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return false;
    for (const child of Array.isArray(value) ? value : Object.values(value))
      stack.push({ value: child, depth: depth + 1 });
  }
  return true;
}

function locateOffset(doc: Document, text: string, path: string, options: { key?: boolean; needle?: string }): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  const segments = pointerSegments(path);
  for (const [i, segment] of segments.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (pair === undefined) break;
      if (i === segments.length - 1 && options.key === true) return rangeStart(pair.key) ?? offset;
      next = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    const start = rangeStart(next);
    if (start === undefined) break;
    node = next;
    offset = start;
  }
  if (options.needle !== undefined && isScalar(node) && node.range) {
    const found = text.slice(node.range[0], node.range[1]).indexOf(options.needle);
    if (found >= 0) return node.range[0] + found;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}
