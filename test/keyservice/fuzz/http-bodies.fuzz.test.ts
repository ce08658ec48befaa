// Fuzz: random JSON (and non-JSON) bodies to every endpoint that reads one. Zero 5xx, zero stacks, zero secret pieces.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectCleanLogs, expectSafeAnswer, RUNS, SEED, startFuzzWorld, type FuzzWorld } from './support/fuzz-world.js';

const FIELDS = [
  'name',
  'type',
  'email',
  'description',
  'group_ids',
  'user_id',
  'expires_at',
  'key',
  'state',
  'permissions',
  'roles',
  'account_alerts',
  'id',
  'created_at',
  'updated_at',
  '__proto__',
  'constructor',
  '',
];

describe('fuzz: request bodies', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await startFuzzWorld();
  });
  afterAll(async () => world?.t.close());

  it(`answers ${RUNS} random bodies safely`, async () => {
    const secret = fc
      .constantFrom(...world.secrets)
      .chain((s) => fc.constantFrom(s, s.slice(0, 40), `${s}x`, s.toUpperCase(), s.slice(32)));
    const scalar = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      secret,
      fc.constantFrom(
        '2026-01-01T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-01-01 00:00:00Z',
        '9999-12-31T23:59:59-01:00',
        '+275760-09-13T00:00:00Z',
        'enabled',
        'disabled',
        'service',
        'interactive',
        world.userId,
        world.keyId,
        'a\u0000b',
        '\u202e',
      ),
    );
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), scalar, { maxKeys: 3 }),
    );
    const body = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 })
          .map((o) => ({ raw: JSON.stringify(o) })),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ raw: JSON.stringify(v) })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => ({ raw: s })) },
      { weight: 1, arbitrary: secret.map((s) => ({ raw: `{"key": "${s}", ` })) },
    );
    const target = fc.constantFrom(
      ['POST', '/v2/users'],
      ['POST', '/v2/api_keys'],
      ['POST', '/v2/current_api_keys'],
      ['POST', '/v2/groups'],
      ['POST', '/v2/roles'],
      ['POST', '/v2/api_keys/verify'],
      ['PATCH', `/v2/api_keys/${world.keyId}`],
      ['PATCH', `/v2/users/${world.userId}`],
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
    );
    await fc.assert(
      fc.asyncProperty(target, body, contentType, async ([method, path], b, type) => {
        const r = await world.t.call(method, path, {
          raw: b.raw,
          headers: { 'content-type': type },
        });
        expectSafeAnswer(world, r, `${method} ${path} ${type} ${b.raw.slice(0, 80)}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expectCleanLogs(world);
  });
});
