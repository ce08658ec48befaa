// Unit tests of the `_filter` parser: precedence, grouping, literals, escapes, and every error with its position.
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/keyservice/query/index.js';
import { caught, shape } from './helpers.js';

const cmp = (field: string, value: unknown, op = '==') => ({ field, op, value });

describe('parseFilter', () => {
  it('parses a comparison with positions', () => {
    expect(parseFilter("name == 'ci'")).toEqual({
      kind: 'comparison',
      field: 'name',
      op: '==',
      value: 'ci',
      fieldPosition: 1,
      valuePosition: 9,
    });
  });

  it('parses every operator', () => {
    for (const op of ['==', '!=', '~', ':=', '<', '<=', '>', '>='])
      expect(shape(parseFilter(`a ${op} 'x'`))).toEqual(cmp('a', 'x', op));
    // Unspaced: `<=` is one operator, never `<` followed by `=`.
    expect(shape(parseFilter('a<=1 and b>"x"'))).toEqual({ and: [cmp('a', 1, '<='), cmp('b', 'x', '>')] });
    expect(shape(parseFilter("a=='x'"))).toEqual(cmp('a', 'x'));
  });

  it('gives not precedence over and, and over or', () => {
    expect(shape(parseFilter('not a == 1 and b == 2 or c == 3'))).toEqual({
      or: [{ and: [{ not: cmp('a', 1) }, cmp('b', 2)] }, cmp('c', 3)],
    });
    expect(shape(parseFilter('a == 1 or b == 2 and c == 3'))).toEqual({
      or: [cmp('a', 1), { and: [cmp('b', 2), cmp('c', 3)] }],
    });
  });

  it('flattens chains and honours parentheses', () => {
    expect(shape(parseFilter('a == 1 and b == 2 and c == 3'))).toEqual({
      and: [cmp('a', 1), cmp('b', 2), cmp('c', 3)],
    });
    expect(shape(parseFilter('(a == 1 or b == 2) and c == 3'))).toEqual({
      and: [{ or: [cmp('a', 1), cmp('b', 2)] }, cmp('c', 3)],
    });
    expect(shape(parseFilter('not (a == 1 or b == 2)'))).toEqual({ not: { or: [cmp('a', 1), cmp('b', 2)] } });
    expect(shape(parseFilter('((a == 1))'))).toEqual(cmp('a', 1));
  });

  it('reads keywords case-insensitively', () => {
    expect(shape(parseFilter('NOT a == TRUE AnD b == Null OR c == false'))).toEqual({
      or: [{ and: [{ not: cmp('a', true) }, cmp('b', null)] }, cmp('c', false)],
    });
  });

  it('reads literals: both quotes, escapes, numbers', () => {
    expect(shape(parseFilter(`a == "it's"`))).toEqual(cmp('a', "it's"));
    expect(shape(parseFilter(`a == 'say \\'hi\\' \\"x\\" \\\\ \\n\\t\\r'`))).toEqual(
      cmp('a', `say 'hi' "x" \\ \n\t\r`),
    );
    expect(shape(parseFilter(`a ~ '^k\\.[0-9]+\\d$'`))).toEqual(cmp('a', '^k\\.[0-9]+\\d$', '~'));
    expect(shape(parseFilter("a == ''"))).toEqual(cmp('a', ''));
    expect(shape(parseFilter('a == -12.5e3'))).toEqual(cmp('a', -12500));
    expect(shape(parseFilter('user.e_mail2 == 0'))).toEqual(cmp('user.e_mail2', 0));
  });

  const errors: [string, string, number][] = [
    ['state == ', "_filter: expected a value after '==' at position 10; the filter ended", 10],
    [
      'state == enabled',
      "_filter: expected a value after '==' at position 10; found 'enabled'; quote strings, e.g. 'enabled'",
      10,
    ],
    ["name == 'abc", '_filter: unterminated string starting at position 9', 9],
    ["name == 'abc\\'", '_filter: unterminated string starting at position 9', 9],
    ['(a == 1))', "_filter: unexpected ')' at position 9; expected and, or, or the end of the filter", 9],
    [')', "_filter: unexpected ')' at position 1; expected a field name", 1],
    ['(a == 1', "_filter: unexpected end of the filter at position 8; expected ')' to close the '(' at position 1", 8],
    ['a == 1 and', '_filter: unexpected end of the filter at position 11; expected a field name', 11],
    ["a 'x'", "_filter: unexpected string 'x' at position 3; expected ==, !=, ~, :=, <, <=, > or >= after 'a'", 3],
    ["a = 'x'", "_filter: unexpected character '=' at position 3", 3],
    ["a <> 'x'", "_filter: expected a value after '<' at position 4; found '>'", 4],
    ['a == 1 b == 2', "_filter: unexpected 'b' at position 8; expected and, or, or the end of the filter", 8],
    ['and == 1', "_filter: unexpected 'and' at position 1; expected a field name", 1],
    ['a == 12abc', "_filter: malformed number '12abc' at position 6", 6],
    ['a == 1e999', "_filter: number '1e999' is out of range at position 6", 6],
    ['a == (', "_filter: expected a value after '==' at position 6; found '('", 6],
    ['', '_filter: unexpected end of the filter at position 1; expected a field name', 1],
  ];
  it.each(errors)('rejects %j with a positioned message', (text, message, position) => {
    const err = caught(() => parseFilter(text));
    expect(err.code).toBe('bad_request');
    expect(err.source).toBe('user');
    expect(err.message).toBe(message);
    expect(err.details).toMatchObject({ position });
  });

  it('refuses hostile sizes with clear messages', () => {
    const long = `a == '${'x'.repeat(4100)}'`;
    expect(caught(() => parseFilter(long)).message).toBe(
      '_filter: the filter is longer than 4096 characters at position 4097',
    );
    expect(() => parseFilter(`${'('.repeat(32)}a == 1${')'.repeat(32)}`)).not.toThrow();
    expect(caught(() => parseFilter(`${'('.repeat(33)}a == 1${')'.repeat(33)}`)).message).toBe(
      '_filter: nesting is deeper than 32 levels of parentheses and not at position 33',
    );
    expect(caught(() => parseFilter(`${'not '.repeat(33)}a == 1`)).details).toMatchObject({ position: 129 });
    const many = (n: number) => Array.from({ length: n }, (_, i) => `a == ${i}`).join(' or ');
    expect(() => parseFilter(many(100))).not.toThrow();
    expect(caught(() => parseFilter(many(101))).message).toMatch(
      /^_filter: the filter has more than 100 comparisons at position \d+$/,
    );
  });
});
