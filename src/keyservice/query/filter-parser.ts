// Recursive-descent parser for the Infoblox CSP `_filter` language: or > and > not > parentheses > comparison.
// Never builds SQL and never recurses or loops without bounds: length, depth and comparison count are capped.

import type { FilterComparison, FilterNode, FilterOp, FilterValue } from './filter-ast.js';
import { FILTER_LIMITS } from './filter-ast.js';
import { excerpt, filterError } from './filter-error.js';
import { type FilterToken, tokenizeFilter } from './filter-tokenizer.js';

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

/** Parses `_filter` text into a FilterNode; throws KeywardError bad_request naming a 1-based position. */
export function parseFilter(text: string): FilterNode {
  if (text.length > FILTER_LIMITS.maxLength) {
    throw filterError(`the filter is longer than ${FILTER_LIMITS.maxLength} characters`, FILTER_LIMITS.maxLength + 1);
  }
  const parser = new Parser(tokenizeFilter(text));
  const node = parser.expression(0);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;
  private comparisons = 0;

  constructor(private readonly tokens: readonly FilterToken[]) {}

  expression(depth: number): FilterNode {
    return this.junction('or', depth);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.type !== 'end') throw unexpected(t, 'expected and, or, or the end of the filter');
  }

  private junction(kind: 'and' | 'or', depth: number): FilterNode {
    const next = (): FilterNode => (kind === 'or' ? this.junction('and', depth) : this.unary(depth));
    const operands = [next()];
    while (this.isKeyword(this.peek(), kind)) {
      this.index += 1;
      operands.push(next());
    }
    return operands.length === 1 ? (operands[0] as FilterNode) : { kind, operands };
  }

  private unary(depth: number): FilterNode {
    const t = this.peek();
    if (this.isKeyword(t, 'not') || t.type === '(') {
      if (depth >= FILTER_LIMITS.maxDepth) {
        throw filterError(`nesting is deeper than ${FILTER_LIMITS.maxDepth} levels of parentheses and not`, t.position);
      }
      this.index += 1;
      if (t.type !== '(') return { kind: 'not', operand: this.unary(depth + 1) };
      const inner = this.expression(depth + 1);
      const close = this.peek();
      if (close.type !== ')') throw unexpected(close, `expected ')' to close the '(' at position ${t.position}`);
      this.index += 1;
      return inner;
    }
    return this.comparison();
  }

  private comparison(): FilterComparison {
    const fieldToken = this.peek();
    if (fieldToken.type !== 'word' || KEYWORDS.has(fieldToken.text.toLowerCase())) {
      throw unexpected(fieldToken, 'expected a field name');
    }
    this.index += 1;
    const opToken = this.peek();
    if (opToken.type !== 'op')
      throw unexpected(opToken, `expected ==, !=, ~, :=, <, <=, > or >= after ${excerpt(fieldToken.text)}`);
    this.index += 1;
    const valueToken = this.peek();
    const value = literal(valueToken, opToken.text);
    this.index += 1;
    this.comparisons += 1;
    if (this.comparisons > FILTER_LIMITS.maxComparisons) {
      throw filterError(`the filter has more than ${FILTER_LIMITS.maxComparisons} comparisons`, fieldToken.position);
    }
    const op: FilterOp = opToken.text;
    return {
      kind: 'comparison',
      field: fieldToken.text,
      op,
      value,
      fieldPosition: fieldToken.position,
      valuePosition: valueToken.position,
    };
  }

  private peek(): FilterToken {
    return this.tokens[this.index] as FilterToken;
  }

  private isKeyword(t: FilterToken, keyword: string): boolean {
    return t.type === 'word' && t.text.toLowerCase() === keyword;
  }
}

function literal(t: FilterToken, op: string): FilterValue {
  if (t.type === 'string' || t.type === 'number') return t.value;
  if (t.type === 'word') {
    const word = t.text.toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw filterError(
      `expected a value after '${op}'`,
      t.position,
      `found ${excerpt(t.text)}; quote strings, e.g. '${t.text.slice(0, 40)}'`,
    );
  }
  throw filterError(
    `expected a value after '${op}'`,
    t.position,
    t.type === 'end' ? 'the filter ended' : `found ${describe(t)}`,
  );
}

function unexpected(t: FilterToken, expectation: string): Error {
  if (t.type === 'end') return filterError('unexpected end of the filter', t.position, expectation);
  return filterError(`unexpected ${describe(t)}`, t.position, expectation);
}

function describe(t: FilterToken): string {
  switch (t.type) {
    case 'word':
      return excerpt(t.text);
    case 'string':
      return `string ${excerpt(t.value)}`;
    case 'number':
      return `number ${t.text}`;
    case 'op':
      return `'${t.text}'`;
    case 'end':
      return 'end of the filter';
    default:
      return `'${t.type}'`;
  }
}
