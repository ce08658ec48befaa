// Splits `_filter` text into tokens that remember their 1-based position, for the recursive-descent parser.
// Never evaluates anything; every malformed lexeme becomes a positioned bad_request error.

import type { FilterOp } from './filter-ast.js';
import { excerpt, filterError } from './filter-error.js';

export type FilterToken =
  | { readonly type: 'word'; readonly text: string; readonly position: number }
  | { readonly type: 'string'; readonly value: string; readonly position: number }
  | { readonly type: 'number'; readonly value: number; readonly text: string; readonly position: number }
  | { readonly type: 'op'; readonly text: FilterOp; readonly position: number }
  | { readonly type: '(' | ')' | 'end'; readonly position: number };

const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![A-Za-z0-9_.])/y;
// Two-character operators first, so `<=` is never read as `<` then `=`.
const OPS: readonly FilterOp[] = ['==', '!=', ':=', '<=', '>=', '<', '>', '~'];
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** Tokenizes the whole text; the last token is always `end` at position length + 1. */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const position = i + 1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, position });
      i += 1;
    } else if (c === "'" || c === '"') {
      const { value, next } = readString(text, i);
      tokens.push({ type: 'string', value, position });
      i = next;
    } else if (/[-0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) throw filterError(`malformed number ${excerpt(text.slice(i, i + 20))}`, position);
      const value = Number(m[0]);
      if (!Number.isFinite(value)) throw filterError(`number ${excerpt(m[0])} is out of range`, position);
      tokens.push({ type: 'number', value, text: m[0], position });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i;
      const word = (WORD.exec(text) as RegExpExecArray)[0];
      tokens.push({ type: 'word', text: word, position });
      i += word.length;
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw filterError(`unexpected character ${excerpt(c)}`, position);
      tokens.push({ type: 'op', text: op, position });
      i += op.length;
    }
  }
  tokens.push({ type: 'end', position: text.length + 1 });
  return tokens;
}

/**
 * Reads a quoted string starting at `start` (the quote). `\n \t \r \\ \' \"` are escapes; any other
 * backslash pair is kept as written, so regular expressions like 'a\.b' mean what they look like.
 */
function readString(text: string, start: number): { value: string; next: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === quote) return { value, next: i + 1 };
    if (c === '\\') {
      if (i + 1 >= text.length) break;
      const e = text[i + 1] as string;
      value += SIMPLE_ESCAPES[e] ?? `\\${e}`;
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  throw filterError('unterminated string starting', start + 1);
}
