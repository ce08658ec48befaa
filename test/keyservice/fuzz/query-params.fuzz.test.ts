// Fuzz: random query strings on every list endpoint (list options, unknown and repeated parameters, raw bytes).
// Zero 5xx, zero stacks, zero secret pieces in any answer or log line.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectCleanLogs, expectSafeAnswer, RUNS, SEED, startFuzzWorld, type FuzzWorld } from './support/fuzz-world.js';

const LISTS = [
  '/v2/api_keys',
  '/v2/current_api_keys',
  '/v2/users',
  '/v2/groups',
  '/v2/roles',
  '/api/auditlog/v1/logs',
  '/v2/notifications',
];
const NAMES = [
  '_filter',
  '_limit',
  '_offset',
  '_order_by',
  '_fields',
  '_tfilter',
  'format',
  '_',
  'x',
  '_limit',
  '%zz',
  '',
];

describe('fuzz: query parameters', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await startFuzzWorld();
  });
  afterAll(async () => world?.t.close());

  it(`answers ${RUNS} random query strings safely`, async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.integer().map(String),
      fc.constantFrom(
        ...world.secrets,
        '99999999999999999999',
        '-1',
        '1e3',
        'name desc',
        'name,,id',
        'csv',
        'jsonl',
        'xml',
        "name == 'x'",
        "expires_at == '2026-13-01T00:00:00Z'",
        'name ~ "(?i)^fuzz"',
        'name ~ "\\1"',
        '%00',
        '\u0000',
      ),
    );
    const param = fc.tuple(fc.constantFrom(...NAMES), value);
    const query = fc.oneof(
      { weight: 4, arbitrary: fc.array(param, { maxLength: 4 }).map((ps) => new URLSearchParams(ps).toString()) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => s.replace(/[#\s]/g, '')) },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), query, async (path, q) => {
        const r = await world.t.call('GET', `${path}?${q}`);
        expectSafeAnswer(world, r, `GET ${path}?${q}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expectCleanLogs(world);
  });
});
