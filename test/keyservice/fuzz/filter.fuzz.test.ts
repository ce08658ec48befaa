// Fuzz: random `_filter` strings, pathological regular expressions included, against names built to make a
// backtracking engine explode. Each answer comes within a bound while a second client's verify keeps answering.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanLogs, expectSafeAnswer, RUNS, SEED, startFuzzWorld, type FuzzWorld } from './support/fuzz-world.js';

/** Generous: a hang fails the test; speed is measured in bench/, not here. */
const ANSWER_BOUND_MS = 20_000;

const PATHOLOGICAL = [
  '^(a*)(a*)(a*)\\1\\2\\3a!',
  '^(a*)(a*)(a*)a!',
  '(a*)*b',
  '(a|a)*b',
  '(a|aa)+$',
  '(x+x+)+y',
  '((a{10}){10}){10}',
  '(?i)(a|A)*b',
  '(.*a){20}',
  '^(\\w+\\s?)*$',
  '(?s).*.*.*.*=.*',
  '(a+)+b',
  '(?:a?){30}a{30}',
  '\\pL*\\p{Greek}',
  '[[:alpha:]]*!',
];
const TOKENS = [
  'name',
  'state',
  'type',
  'user_name',
  'expires_at',
  'id',
  '==',
  '!=',
  '~',
  ':=',
  'and',
  'or',
  'not',
  '(',
  ')',
  "'enabled'",
  "'2026-01-01T00:00:00Z'",
  "'2026-02-30T00:00:00Z'",
  'null',
  'true',
  '5',
  "'a\\u0000'",
  '"',
  "'",
  '\\',
];

describe('fuzz: _filter', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await startFuzzWorld();
    // Names a backtracking engine chokes on (any caller can name its own key so).
    for (const n of [30, 100, 250])
      await world.t.call('POST', '/v2/api_keys', {
        body: { name: 'a'.repeat(n), user_id: world.userId, expires_at: '2026-01-20T00:00:00Z' },
      });
  });
  afterAll(async () => world?.t.close());

  const verify = async (): Promise<string> => {
    const r = await fetch(`${world.t.url}/v2/api_keys/verify`, {
      method: 'POST',
      headers: { authorization: `Token ${world.t.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: world.verifierKey }),
      signal: AbortSignal.timeout(ANSWER_BOUND_MS),
    });
    return ((await r.json()) as { result: { code: string } }).result.code;
  };

  it(`answers ${RUNS} random filters safely, within a bound, while verify keeps answering`, async () => {
    const regex = fc.oneof(
      fc.constantFrom(...PATHOLOGICAL),
      fc.string({ maxLength: 30 }),
      fc.stringMatching(/^[a()*+?|\\1-3{},.^$[\]]{0,20}$/),
    );
    const quoted = regex.map((p) => `"${p.replace(/"/g, '\\"')}"`);
    const structured = fc
      .tuple(
        fc.constantFrom('name', 'user_name', 'state', 'id', 'user_email'),
        quoted,
        fc.constantFrom('', ' and state != "disabled"', ' or not name == "x"'),
      )
      .map(([field, q, tail]) => `${field}~${q}${tail}`);
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((ts) => ts.join(' '));
    const filter = fc.oneof(
      { weight: 3, arbitrary: structured },
      { weight: 2, arbitrary: soup },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    );
    await fc.assert(
      fc.asyncProperty(
        filter,
        fc.constantFrom('/v2/api_keys', '/v2/users', '/api/auditlog/v1/logs'),
        async (f, path) => {
          const [r, code] = await Promise.all([
            world.t.call('GET', `${path}?_filter=${encodeURIComponent(f)}`),
            verify(),
          ]);
          expectSafeAnswer(world, r, `GET ${path} _filter=${f}`);
          expect(code).toBe('VALID');
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expectCleanLogs(world);
  });

  it('matches pathological patterns over 10,000 keys correctly while verify keeps answering', async () => {
    const db = world.t.service.context.db;
    const [{ id: owner } = { id: '' }] = await db.query<{ id: string }>(
      "SELECT id::text AS id FROM users WHERE name = 'fuzz-owner'",
    );
    // In slices: PGlite runs a statement on this thread, and one long one would outlast idle keep-alive sockets.
    for (let from = 1; from <= 10_000; from += 500) {
      await db.query(
        `INSERT INTO api_keys (id, hash, name, user_id, type, state, expires_at, created_at, updated_at, created_by, updated_by)
         SELECT md5('bulk' || i), md5('hash' || i), repeat('a', 1 + i % 200) || CASE WHEN i % 1000 = 0 THEN 'b' ELSE '' END,
           $1::uuid, 'service', 'enabled', NULL, now(), now(), 'test', 'test' FROM generate_series($2::int, $2::int + 499) AS i`,
        [owner, from],
      );
    }
    const count = async (filter: string): Promise<number> => {
      let total = 0;
      for (let offset = 0; ; offset += 1000) {
        const r = await world.t.call(
          'GET',
          `/v2/api_keys?_limit=1000&_offset=${offset}&_fields=id&_filter=${encodeURIComponent(filter)}`,
        );
        expectSafeAnswer(world, r, filter);
        total += r.results.length;
        if (r.results.length < 1000) return total;
      }
    };
    const started = performance.now();
    const [bulkB, codeB] = await Promise.all([count('name~"^(a+)+b$"'), verify()]);
    const [plainA, codeA] = await Promise.all([count('name~"(?i)^(A|a)*$" and user_name == "fuzz-owner"'), verify()]);
    const bad = await world.t.call(
      'GET',
      `/v2/api_keys?_filter=${encodeURIComponent('name~"^(a*)(a*)(a*)\\1\\2\\3a!"')}`,
    );
    const codes = [codeB, codeA, await verify()];
    console.log(
      `three filters over 10,000+ keys with verify alongside: ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(bulkB).toBe(10);
    // 10,000 bulk names minus the 10 that end in b, plus the three all-a names made before the fuzz run.
    expect(plainA).toBe(9993);
    expect([bad.status, bad.code]).toEqual([400, 'bad_request']);
    expect(codes).toEqual(['VALID', 'VALID', 'VALID']);
  });
});
