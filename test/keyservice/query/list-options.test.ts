// Unit tests of parseListOptions: defaults, bounds, order-by and fields checks, and refusing unknown `_` parameters.
import { describe, expect, it } from 'vitest';
import { parseListOptions } from '../../../src/keyservice/query/index.js';
import { KEY_FIELDS } from './fields.js';
import { caught } from './helpers.js';

const spec = { fields: KEY_FIELDS, defaultOrderBy: 'expires_at desc', selectable: ['id', 'name', 'state'] };
const parse = (query: string, extra: object = {}) =>
  parseListOptions(new URLSearchParams(query), { ...spec, ...extra });
const message = (query: string) => caught(() => parse(query)).message;

describe('parseListOptions', () => {
  it('applies defaults', () => {
    expect(parse('')).toEqual({ where: null, limit: 100, offset: 0, orderBy: '(k.expires_at) DESC', fields: null });
    expect(parse('_filter=&_limit=&_order_by=%20&_fields=')).toEqual(parse(''));
    expect(parse('format=csv&name=x').limit).toBe(100);
  });

  it('reads limit, offset, filter and fields', () => {
    const o = parse("_limit=101&_offset=202&_filter=state=='enabled'&_fields=name, id,name");
    expect(o).toMatchObject({ limit: 101, offset: 202, fields: ['name', 'id'] });
    expect(o.where).toEqual({ sql: 'coalesce((k.state)::text = $1::text, false)', params: ['enabled'] });
    expect(parse("_filter=name=='a'", { firstParamIndex: 3 }).where?.sql).toContain('$3::text');
    expect(parse('_limit=1000&_offset=10000000')).toMatchObject({ limit: 1000, offset: 10_000_000 });
  });

  it('builds ORDER BY from field SQL only, with the tiebreaker last', () => {
    expect(parse('_order_by=name ASC,state desc , uses').orderBy).toBe('(k.name) ASC, (k.state) DESC, (k.uses) ASC');
    expect(parse('_order_by=name', { tiebreaker: 'k.id ASC' }).orderBy).toBe('(k.name) ASC, k.id ASC');
    expect(parse('', { tiebreaker: 'k.id ASC' }).orderBy).toBe('(k.expires_at) DESC, k.id ASC');
  });

  it.each([
    ['_limit=0', "_limit must be a whole number from 1 to 1000, got '0'"],
    ['_limit=-1', "_limit must be a whole number from 1 to 1000, got '-1'"],
    ['_limit=1001', "_limit must be a whole number from 1 to 1000, got '1001'"],
    ['_limit=99999999999999999999', "_limit must be a whole number from 1 to 1000, got '[hex]'"],
    ['_limit=1.5', "_limit must be a whole number from 1 to 1000, got '1.5'"],
    ['_limit=1e2', "_limit must be a whole number from 1 to 1000, got '1e2'"],
    ['_limit=ten', "_limit must be a whole number from 1 to 1000, got 'ten'"],
    ['_offset=-1', "_offset must be a whole number from 0 to 10000000, got '-1'"],
    ['_offset=10000001', "_offset must be a whole number from 0 to 10000000, got '10000001'"],
    ['_limit=1&_limit=2', '_limit was given more than once'],
    [
      '_order_by=secret',
      "_order_by cannot sort by 'secret'; sortable fields: expires_at, id, legacy, name, state, user_email, user_id, uses",
    ],
    [
      '_order_by=name;DROP TABLE k',
      "_order_by cannot sort by 'name;DROP'; sortable fields: expires_at, id, legacy, name, state, user_email, user_id, uses",
    ],
    [
      '_order_by=name,',
      "_order_by cannot sort by ''; sortable fields: expires_at, id, legacy, name, state, user_email, user_id, uses",
    ],
    ['_order_by=name sideways', "_order_by expects 'field', 'field asc' or 'field desc', got 'name sideways'"],
    ['_order_by=name asc nulls', "_order_by expects 'field', 'field asc' or 'field desc', got 'name asc nulls'"],
    ['_order_by=name,name desc', '_order_by names name more than once'],
    [
      '_order_by=__proto__',
      "_order_by cannot sort by '__proto__'; sortable fields: expires_at, id, legacy, name, state, user_email, user_id, uses",
    ],
    ['_fields=id,key', "_fields has unknown field 'key'; fields: id, name, state"],
    ['_tfilter=x', "'_tfilter' is not a supported parameter; supported: _filter, _limit, _offset, _order_by, _fields"],
    ["_filter=name == 'a", '_filter: unterminated string starting at position 9'],
  ])('rejects %s', (query, expected) => {
    expect(message(query)).toBe(expected);
    expect(caught(() => parse(query)).code).toBe('bad_request');
  });
});
