// Model test: random well-typed filters select, in real SQL, exactly the rows a plain TypeScript evaluator selects.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FilterNode,
  type FilterOp,
  type FilterValue,
  bindFilter,
  compileFilter,
  printFilter,
} from '../../../src/keyservice/query/index.js';
import { type TestDatabase, databaseFactories } from './databases.js';
import { KEY_FIELDS } from './fields.js';
import { KEY_ROWS, type KeyRow, createKeyTable } from './key-rows.js';

type Column = keyof KeyRow;
const TEXT_POOL = [
  'k1',
  'deploy#1',
  'DEPLOY#1',
  'Backup',
  "it's",
  'u1',
  'identity/users/u1',
  'u3',
  'ops@example.com',
  'OPS@EXAMPLE.COM',
  'x',
  '',
];
const REGEX_POOL = ['^deploy', '#[0-9]$', 'ACK', 'ack', '.', '^$', 'xample\\.com$', "'", 'abled$', '^(u1|u2)$'];
const TIME_POOL = [
  '2026-01-01T00:00:00.000Z',
  '2026-01-01T01:00:00+01:00',
  '2025-06-30T12:00:00.000Z',
  '2025-06-30T14:00:00.0000000+02:00',
  '2030-01-01T00:00:00Z',
];

const comparison = (field: Column, op: FilterOp, value: FilterValue): FilterNode => ({
  kind: 'comparison',
  field,
  op,
  value,
  fieldPosition: 0,
  valuePosition: 0,
});
const textField = fc.constantFrom<Column>('id', 'name', 'user_id', 'user_email');
const eqOp = fc.constantFrom<FilterOp>('==', '!=');
const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
  fc
    .tuple(textField, fc.constantFrom<FilterOp>('==', '!=', ':='), fc.constantFrom(...TEXT_POOL))
    .map(([f, o, v]) => comparison(f, o, v)),
  fc
    .tuple(fc.constantFrom<Column>('id', 'name', 'state', 'user_id', 'user_email'), fc.constantFrom(...REGEX_POOL))
    .map(([f, v]) => comparison(f, '~', v)),
  fc
    .tuple(fc.constantFrom<Column>('user_email', 'expires_at', 'uses', 'legacy'), eqOp)
    .map(([f, o]) => comparison(f, o, null)),
  fc.tuple(eqOp, fc.constantFrom('enabled', 'disabled', 'expired')).map(([o, v]) => comparison('state', o, v)),
  fc.constantFrom('ENABLED', 'Disabled', 'expired').map((v) => comparison('state', ':=', v)),
  fc.tuple(eqOp, fc.constantFrom(...TIME_POOL)).map(([o, v]) => comparison('expires_at', o, v)),
  fc.tuple(eqOp, fc.constantFrom(0, 5, 12, 7)).map(([o, v]) => comparison('uses', o, v)),
  fc.tuple(eqOp, fc.boolean()).map(([o, v]) => comparison('legacy', o, v)),
);
const { tree } = fc.letrec<{ tree: FilterNode }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('not' as const), operand: tie('tree') }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      operands: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }),
    }),
  ),
}));

/** The meaning of a filter, written the obvious way: the reference the SQL must agree with. */
function matches(node: FilterNode, row: KeyRow): boolean {
  if (node.kind === 'not') return !matches(node.operand, row);
  if (node.kind !== 'comparison') {
    return node.kind === 'and'
      ? node.operands.every((o) => matches(o, row))
      : node.operands.some((o) => matches(o, row));
  }
  const actual = row[node.field as Column];
  const { op, value } = node;
  if (value === null) return op === '==' ? actual === null : actual !== null;
  if (actual === null) return op === '!=';
  if (op === '~') return new RegExp(value as string).test(String(actual));
  const wanted = node.field === 'user_id' ? (value as string).replace(/^identity\/users\//, '') : value;
  if (op === ':=') return String(actual).toLowerCase() === String(wanted).toLowerCase();
  const equal =
    node.field === 'expires_at' ? Date.parse(String(actual)) === Date.parse(String(wanted)) : actual === wanted;
  return op === '==' ? equal : !equal;
}

describe.each(databaseFactories(process.env))('filter model on %s', (_name, open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open();
    await createKeyTable(db);
  });
  afterAll(async () => db.close());

  it('selects exactly the rows the reference evaluator selects', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (node) => {
        const where = compileFilter(node, KEY_FIELDS, 2);
        const params = await bindFilter(db, '(SELECT * FROM k WHERE $1::int = 1) k', [1], where);
        const rows = await db.query(`SELECT k.id FROM k WHERE $1::int = 1 AND ${where.sql} ORDER BY k.id`, [
          1,
          ...params,
        ]);
        const expected = KEY_ROWS.filter((r) => matches(node, r)).map((r) => r.id);
        expect(
          rows.map((r) => r.id),
          printFilter(node),
        ).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
