// The portal's list parameters against the key service's own filter parser: quoting and search patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter, type FilterComparison, type FilterJunction } from '../../../../src/keyservice/query/index.js';
import {
  allOf,
  anyOf,
  containsPattern,
  listParams,
  MAX_SEARCH_LENGTH,
  quote,
  searchFilter,
} from '../../../../src/portal/web/api/query.js';

describe('portal list parameters', () => {
  it('quotes any text so the service reads back exactly that text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const node = parseFilter(`name == ${quote(text)}`) as FilterComparison;
        expect(node.value).toBe(text);
      }),
    );
  });

  it('a search pattern finds the text in any letter case, literally, and fits the service regex limit', () => {
    const anyCase = (s: string, flips: boolean[]) =>
      [...s].map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toUpperCase() : c.toLowerCase())).join('');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: MAX_SEARCH_LENGTH }),
        fc.array(fc.boolean()),
        fc.string(),
        (text, flips, around) => {
          const pattern = containsPattern(text);
          expect(pattern.length).toBeLessThanOrEqual(256);
          const re = new RegExp(pattern);
          const variant = anyCase(text, flips);
          if (variant.toLowerCase() === text.toLowerCase() && variant.length === text.length)
            expect(re.test(`${around}${variant}${around}`)).toBe(true);
        },
      ),
    );
    expect(new RegExp(containsPattern('a.b')).test('aXb')).toBe(false);
    expect(new RegExp(containsPattern('(x)*')).test('pre(X)*post')).toBe(true);
  });

  it('builds one filter the service parses: search over fields, any-of values, joined with and', () => {
    const filter = allOf([
      searchFilter(" it's ", ['name', 'user_name']),
      anyOf('state', ['enabled', 'disabled']),
      anyOf('type', []),
    ]);
    const node = parseFilter(filter) as FilterJunction;
    expect(node.kind).toBe('and');
    const [search, states] = node.operands as [FilterJunction, FilterJunction];
    expect(search.operands.map((o) => (o as FilterComparison).field)).toEqual(['name', 'user_name']);
    expect(states.operands.map((o) => (o as FilterComparison).value)).toEqual(['enabled', 'disabled']);
    expect(searchFilter('   ', ['name'])).toBe('');
  });

  it('writes _filter, _order_by, _limit and _offset (no offset on the first page)', () => {
    const params = new URLSearchParams(
      listParams({
        filter: "state == 'enabled'",
        orderBy: [
          { field: 'name', desc: false },
          { field: 'created_at', desc: true },
        ],
        limit: 26,
        offset: 0,
      }),
    );
    expect(Object.fromEntries(params)).toEqual({
      _filter: "state == 'enabled'",
      _order_by: 'name asc,created_at desc',
      _limit: '26',
    });
    expect(new URLSearchParams(listParams({ limit: 26, offset: 50 })).get('_offset')).toBe('50');
  });
});
