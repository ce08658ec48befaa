// `_filter` building: values are quoted so that no name can change the expression.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/keyservice/query/filter-parser.js';
import type { FilterOp } from '../../../src/drivers/csp/filter.js';
import {
  filterAnd,
  filterEq,
  filterNot,
  filterOr,
  filterTerm,
  quoteFilterValue,
} from '../../../src/drivers/csp/filter.js';

describe('filters', () => {
  it('quotes strings and escapes quotes, backslashes and control characters', () => {
    expect(quoteFilterValue('deploy#2')).toBe('"deploy#2"');
    expect(quoteFilterValue('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteFilterValue('x" or name!="')).toBe('"x\\" or name!=\\""');
    expect(quoteFilterValue('l1\nl2\t')).toBe('"l1\\nl2\\t"');
  });

  it('writes typed literals and every operator', () => {
    expect(filterEq('type', 'service')).toBe('type=="service"');
    expect(filterTerm('name', '~', '^ci-')).toBe('name~"^ci-"');
    expect(filterTerm('state', ':=', 'Enabled')).toBe('state:="Enabled"');
    expect(filterTerm('count', '!=', 3)).toBe('count!=3');
    expect(filterEq('account_alerts', true)).toBe('account_alerts==true');
    expect(filterEq('expires_at', null)).toBe('expires_at==null');
  });

  it('groups with parentheses and refuses what it cannot write safely', () => {
    expect(filterAnd(filterEq('a', 'x'))).toBe('a=="x"');
    expect(filterAnd(filterOr(filterEq('a', 'x'), filterEq('a', 'y')), filterNot(filterEq('b', 'z')))).toBe(
      '((a=="x") or (a=="y")) and (not (b=="z"))',
    );
    expect(() => filterEq('name or 1', 'x')).toThrow(RangeError);
    expect(() => filterEq('n', Number.NaN)).toThrow(RangeError);
    expect(() => filterAnd()).toThrow(RangeError);
  });
});

describe('against the key service parser', () => {
  it('every string value reads back exactly as written', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.constantFrom<FilterOp>('==', '!=', '~', ':='),
        (value, op) => {
          const node = parseFilter(filterAnd(filterTerm('name', op, value), filterEq('type', 'service')));
          expect(node).toMatchObject({
            kind: 'and',
            operands: [
              { kind: 'comparison', field: 'name', op, value },
              { field: 'type', value: 'service' },
            ],
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
