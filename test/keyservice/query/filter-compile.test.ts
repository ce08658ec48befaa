// Unit tests of the filter compiler: the SQL shape, parameters (never interpolated), and type errors with positions.
import { describe, expect, it } from 'vitest';
import { compileFilter, parseFilter } from '../../../src/keyservice/query/index.js';
import { KEY_FIELDS } from './fields.js';
import { caught } from './helpers.js';

const RE2_HINT = "patterns follow RE2 (Go) syntax, e.g. '(?i)^deploy#[0-9]+$'";
const compile = (text: string, first = 1) => compileFilter(parseFilter(text), KEY_FIELDS, first);

describe('compileFilter', () => {
  it('compiles each operator to a two-valued expression with placeholders', () => {
    expect(compile("name == 'a'")).toEqual({ sql: 'coalesce((k.name)::text = $1::text, false)', params: ['a'] });
    expect(compile("name != 'a'")).toEqual({ sql: '((k.name)::text IS DISTINCT FROM $1::text)', params: ['a'] });
    expect(compile("name := 'A'")).toEqual({
      sql: 'coalesce(lower((k.name)::text) = lower($1::text), false)',
      params: ['A'],
    });
    expect(compile("name ~ '^a'")).toMatchObject({
      sql: 'coalesce((k.name)::text = ANY($1::text[]), false)',
      params: [null],
    });
    expect(compile('user_email == null')).toEqual({ sql: '(k.user_email) IS NULL', params: [] });
    expect(compile('user_email != null')).toEqual({ sql: '(k.user_email) IS NOT NULL', params: [] });
  });

  it('compiles the orderings to sargable comparisons that are never NULL', () => {
    expect(compile("id > 'k2'")).toEqual({
      sql: '((k.id)::text IS NOT NULL AND (k.id)::text > $1::text)',
      params: ['k2'],
    });
    expect(compile('uses <= 5')).toEqual({ sql: '((k.uses) IS NOT NULL AND (k.uses) <= $1::numeric)', params: [5] });
    expect(compile("expires_at >= '2026-01-01T01:00:00+01:00'")).toEqual({
      sql: '((k.expires_at) IS NOT NULL AND (k.expires_at) >= $1::timestamptz)',
      params: ['2026-01-01T00:00:00.000Z'],
    });
    expect(compile("user_id < 'identity/users/u2'").params).toEqual(['u2']);
  });

  it('numbers placeholders from firstParamIndex and joins with AND/OR/NOT', () => {
    expect(compile("not (name == 'a' or state == 'enabled') and uses == 3", 4)).toEqual({
      sql: '((NOT (coalesce((k.name)::text = $4::text, false) OR coalesce((k.state)::text = $5::text, false))) AND coalesce((k.uses) = $6::numeric, false))',
      params: ['a', 'enabled', 3],
    });
  });

  it('compiles code-built trees with no operands to constants', () => {
    expect(compileFilter({ kind: 'and', operands: [] }, KEY_FIELDS)).toEqual({ sql: 'TRUE', params: [] });
    expect(compileFilter({ kind: 'not', operand: { kind: 'or', operands: [] } }, KEY_FIELDS)).toEqual({
      sql: '(NOT FALSE)',
      params: [],
    });
  });

  it('never puts a value into the SQL text', () => {
    const { sql, params } = compile(`name == "x'; DROP TABLE k; --" or name ~ '\\'\\); DROP'`);
    expect(sql).not.toMatch(/DROP|'/);
    expect(params).toEqual(["x'; DROP TABLE k; --", null]);
  });

  it('casts time, number and boolean values and normalizes when the field asks', () => {
    expect(compile("expires_at == '2026-01-01T01:00:00.0000000+01:00'").params).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(compile("expires_at == '2026-01-01T00:00:00Z'").sql).toContain('$1::timestamptz');
    expect(compile('legacy == true')).toEqual({ sql: 'coalesce((k.legacy) = $1::boolean, false)', params: [true] });
    expect(compile("user_id == 'identity/users/u1'").params).toEqual(['u1']);
    expect(compile("state := 'ENABLED'").params).toEqual(['ENABLED']);
  });

  const errors: [string, string, number][] = [
    [
      "nope == 'x'",
      "_filter: unknown field 'nope' at position 1; filterable fields: expires_at, id, legacy, name, state, user_email, user_id, uses",
      1,
    ],
    [
      "constructor == 'x'",
      "_filter: unknown field 'constructor' at position 1; filterable fields: expires_at, id, legacy, name, state, user_email, user_id, uses",
      1,
    ],
    ["expires_at ~ 'soon'", "_filter: '~' needs a text field, and expires_at is a time field at position 1", 1],
    [
      "expires_at == 'soon'",
      "_filter: 'soon' is not a date-time for field expires_at at position 15; use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
      15,
    ],
    [
      "expires_at == '2026-02-30T00:00:00Z'",
      "_filter: '2026-02-30T00:00:00Z' is not a date-time for field expires_at at position 15; use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
      15,
    ],
    [
      "expires_at == '2026-01-01'",
      "_filter: '2026-01-01' is not a date-time for field expires_at at position 15; use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
      15,
    ],
    [
      "state == 'on'",
      "_filter: 'on' is not a valid state at position 10; expected one of enabled, disabled, expired",
      10,
    ],
    [
      "state == 'Enabled'",
      "_filter: 'Enabled' is not a valid state at position 10; expected one of enabled, disabled, expired",
      10,
    ],
    ['name == 5', '_filter: 5 is not a quoted string for field name at position 9', 9],
    ["uses == '5'", "_filter: '5' is not a number for field uses at position 9", 9],
    ['legacy == 1', '_filter: 1 is not true or false for field legacy at position 11', 11],
    ['uses := 5', "_filter: ':=' needs a text field, and uses is a number field at position 1; use ==", 1],
    ['name ~ null', "_filter: '~' cannot compare field name to null at position 8; use == null or != null", 8],
    [
      "state < 'enabled'",
      "_filter: '<' needs a string, number or time field, and state is a enum field at position 1",
      1,
    ],
    [
      'legacy >= true',
      "_filter: '>=' needs a string, number or time field, and legacy is a boolean field at position 1",
      1,
    ],
    ['uses > null', "_filter: '>' cannot compare field uses to null at position 8; use == null or != null", 8],
    ["uses > '5'", "_filter: '5' is not a number for field uses at position 8", 8],
    [
      "expires_at < '2026-13-01T00:00:00Z'",
      "_filter: '2026-13-01T00:00:00Z' is not a date-time for field expires_at at position 14; use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
      14,
    ],
    [
      "name > 'a\u0001'",
      '_filter: the value for field name contains control characters or broken Unicode at position 8',
      8,
    ],
    ['name ~ 5', "_filter: '~' needs a quoted regular expression for field name at position 8", 8],
    [
      "name ~ '(a'",
      `_filter: the regular expression for field name is not valid RE2 syntax: unbalanced parentheses at position 8; ${RE2_HINT}`,
      8,
    ],
    [
      "name ~ '^(a*)\\1'",
      `_filter: the regular expression for field name is not valid RE2 syntax: an escape RE2 does not have (back-references such as \\1 are not supported) at position 8; ${RE2_HINT}`,
      8,
    ],
    [
      "name ~ '(?<=a)b'",
      `_filter: the regular expression for field name is not valid RE2 syntax: a group syntax RE2 does not have (look-around is not supported) at position 8; ${RE2_HINT}`,
      8,
    ],
    [
      "name ~ 'a{1001}'",
      `_filter: the regular expression for field name is not valid RE2 syntax: a repeat count over 1000 at position 8; ${RE2_HINT}`,
      8,
    ],
    [
      "name == 'a\u0000b'",
      '_filter: the value for field name contains control characters or broken Unicode at position 9',
      9,
    ],
    [
      "expires_at == '0001-01-01T00:00:00+01:00'",
      "_filter: '0001-01-01T00:00:00+01:00' is not a date-time for field expires_at at position 15; use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
      15,
    ],
    [
      "expires_at == '2026-01-01 00:00:00Z'",
      "_filter: '2026-01-01 00:00:00Z' is not a date-time for field expires_at at position 15; use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
      15,
    ],
    [`name ~ '${'a'.repeat(257)}'`, '_filter: the regular expression is longer than 256 characters at position 8', 8],
  ];
  it.each(errors)('rejects %j', (text, message, position) => {
    const err = caught(() => compile(text));
    expect(err.code).toBe('bad_request');
    expect(err.message).toBe(message);
    expect(err.details).toMatchObject({ position });
  });
});
