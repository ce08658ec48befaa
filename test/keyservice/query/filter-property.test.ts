// Property tests: printed trees parse back to themselves, and no input makes the query layer throw anything but a 400.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import {
  type FilterNode,
  type FilterOp,
  compileFilter,
  parseFilter,
  parseListOptions,
  printFilter,
} from '../../../src/keyservice/query/index.js';
import { KEY_FIELDS } from './fields.js';
import { shape } from './helpers.js';

const KEYWORDS = ['and', 'or', 'not', 'true', 'false', 'null'];
const fieldName = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,12}$/)
  .filter((f) => !KEYWORDS.includes(f.toLowerCase()));
const value = fc.oneof(
  fc.string({ maxLength: 16, unit: 'binary' }),
  fc.string({ maxLength: 8, unit: fc.constantFrom("'", '"', '\\', 'n', 't', '\n', ' ', 'a') }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const comparison = fc
  .record({ field: fieldName, op: fc.constantFrom<FilterOp>('==', '!=', '~', ':='), value })
  .map((c): FilterNode => ({ kind: 'comparison', ...c, fieldPosition: 0, valuePosition: 0 }));
const { tree } = fc.letrec<{ tree: FilterNode }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ kind: fc.constant('not' as const), operand: tie('tree') }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      operands: fc.array(tie('tree'), { minLength: 2, maxLength: 4 }),
    }),
  ),
}));

/**
 * Asserts `fn` returns, or throws a user-caused bad_request KeywardError; a position, if any, lies in 1..maxPosition.
 */
function onlyBadRequest(fn: () => unknown, maxPosition = Number.MAX_SAFE_INTEGER): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeywardError);
    const { code, source, details, message } = err as KeywardError;
    expect({ code, source }).toEqual({ code: 'bad_request', source: 'user' });
    expect(message).not.toMatch(/\n|undefined|NaN|\[object/);
    if (details.position !== undefined) {
      expect(details.position).toBeGreaterThanOrEqual(1);
      expect(details.position).toBeLessThanOrEqual(maxPosition);
      expect(message).toContain(`at position ${String(details.position)}`);
    }
  }
}

const soup = fc
  .array(
    fc.constantFrom(
      '(',
      ')',
      ' ',
      'and',
      'OR',
      'not',
      '==',
      '!=',
      '~',
      ':=',
      '=',
      "'",
      '"',
      '\\',
      'name',
      'state',
      'expires_at',
      '1',
      '-',
      '.',
      'e9',
      'null',
      'true',
      "'enabled'",
      "'2026-01-01T00:00:00Z'",
      "'(a'",
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('filter properties', () => {
  it('parses any printed tree back to the same tree', () => {
    fc.assert(
      fc.property(tree, (node) => {
        const text = printFilter(node);
        fc.pre(text.length <= 4096);
        expect(shape(parseFilter(text))).toEqual(shape(node));
      }),
      { numRuns: 500 },
    );
  });

  it('throws only bad_request KeywardErrors on garbage', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), soup, fc.string({ maxLength: 5000 })),
        (text) => {
          onlyBadRequest(() => compileFilter(parseFilter(text), KEY_FIELDS), Math.min(text.length, 4096) + 1);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('throws only bad_request KeywardErrors on garbage list parameters', () => {
    const name = fc.constantFrom('_filter', '_limit', '_offset', '_order_by', '_fields', '_x', 'format');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 20 }))), { maxLength: 4 }),
        (pairs) => {
          const spec = { fields: KEY_FIELDS, defaultOrderBy: 'name', selectable: ['id', 'name'] };
          onlyBadRequest(() => parseListOptions(new URLSearchParams(pairs), spec));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
