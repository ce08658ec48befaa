// The bad-input corpus: every malformed request gets a clear 400 (or 401/404/413) in the error envelope and changes
// nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/keyservice/storage/database.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import {
  at,
  backends,
  serviceKey,
  serviceUser,
  startTestService,
  type CallOptions,
  type TestService,
} from './support/harness.js';

interface BadCase {
  readonly what: string;
  readonly method: string;
  readonly path: string | ((ids: Ids) => string);
  readonly options?: CallOptions | ((ids: Ids) => CallOptions);
  readonly status: number;
  readonly message: RegExp;
}

interface Ids {
  readonly user: string;
  readonly key: string;
}

const long = 'x'.repeat(257);
const cases: BadCase[] = [
  {
    what: 'malformed JSON',
    method: 'POST',
    path: '/v2/users',
    options: { raw: '{"name": "a",' },
    status: 400,
    message: /malformed JSON/,
  },
  { what: 'empty body', method: 'POST', path: '/v2/users', options: { raw: '' }, status: 400, message: /empty body/ },
  {
    what: 'a JSON array body',
    method: 'POST',
    path: '/v2/users',
    options: { body: [1] },
    status: 400,
    message: /expected a JSON object/,
  },
  {
    what: 'wrong type for name',
    method: 'POST',
    path: '/v2/users',
    options: { body: { name: 5, type: 'service' } },
    status: 400,
    message: /body\.name: expected a string, got a number/,
  },
  {
    what: 'wrong enum value',
    method: 'POST',
    path: '/v2/users',
    options: { body: { name: 'u', type: 'robot' } },
    status: 400,
    message: /body\.type: must be one of interactive, service/,
  },
  {
    what: 'unknown field',
    method: 'POST',
    path: '/v2/users',
    options: { body: { name: 'u', type: 'service', admin: true } },
    status: 400,
    message: /unknown field 'admin'/,
  },
  {
    what: 'name over 256 characters',
    method: 'POST',
    path: '/v2/users',
    options: { body: { name: long, type: 'service' } },
    status: 400,
    message: /longer than 256/,
  },
  {
    what: 'control characters in a name',
    method: 'POST',
    path: '/v2/users',
    options: { body: { name: 'a\u0007b', type: 'service' } },
    status: 400,
    message: /control characters/,
  },
  {
    what: 'newline in a name',
    method: 'POST',
    path: '/v2/groups',
    options: { body: { name: 'a\nb' } },
    status: 400,
    message: /body\.name: contains control characters/,
  },
  {
    what: 'empty name',
    method: 'POST',
    path: '/v2/groups',
    options: { body: { name: '' } },
    status: 400,
    message: /must not be empty/,
  },
  {
    what: 'bad id in a path',
    method: 'GET',
    path: '/v2/users/not-a-uuid',
    status: 400,
    message: /path id: .* is not a valid user id/,
  },
  {
    what: 'bad key id in a path',
    method: 'GET',
    path: '/v2/api_keys/xyz',
    status: 400,
    message: /not a valid apikey id/,
  },
  {
    what: 'bad id in a body',
    method: 'POST',
    path: '/v2/api_keys',
    options: { body: { name: 'k', user_id: 'nope', expires_at: at(5) } },
    status: 400,
    message: /body\.user_id: .* not a valid user id/,
  },
  {
    what: 'bad id in a list',
    method: 'POST',
    path: '/v2/users',
    options: { body: { name: 'u2', type: 'service', group_ids: ['x'] } },
    status: 400,
    message: /body\.group_ids\[0\]/,
  },
  {
    what: 'bad date',
    method: 'POST',
    path: '/v2/api_keys',
    options: (ids) => ({ body: { name: 'k', user_id: ids.user, expires_at: 'next tuesday' } }),
    status: 400,
    message: /body\.expires_at: expected an RFC 3339 date-time/,
  },
  {
    what: 'impossible date',
    method: 'POST',
    path: '/v2/api_keys',
    options: (ids) => ({ body: { name: 'k', user_id: ids.user, expires_at: '2026-02-30T00:00:00Z' } }),
    status: 400,
    message: /body\.expires_at/,
  },
  {
    what: 'date without offset',
    method: 'POST',
    path: '/v2/api_keys',
    options: (ids) => ({ body: { name: 'k', user_id: ids.user, expires_at: '2026-03-01T00:00:00' } }),
    status: 400,
    message: /body\.expires_at/,
  },
  {
    what: 'bad state',
    method: 'PATCH',
    path: (ids) => `/v2/api_keys/${ids.key}`,
    options: { body: { state: 'paused' } },
    status: 400,
    message: /body\.state: must be one of enabled, disabled/,
  },
  {
    what: 'bad filter',
    method: 'GET',
    path: `/v2/api_keys?_filter=${encodeURIComponent('name == "a" and')}`,
    status: 400,
    message: /_filter: .*position/,
  },
  {
    what: 'filter on an unknown field',
    method: 'GET',
    path: `/v2/api_keys?_filter=${encodeURIComponent('colour == "red"')}`,
    status: 400,
    message: /unknown field 'colour'/,
  },
  {
    what: 'negative _limit',
    method: 'GET',
    path: '/v2/api_keys?_limit=-1',
    status: 400,
    message: /_limit must be a whole number from 1 to 1000/,
  },
  { what: 'huge _limit', method: 'GET', path: '/v2/api_keys?_limit=100000', status: 400, message: /_limit/ },
  { what: 'bad _offset', method: 'GET', path: '/v2/users?_offset=x', status: 400, message: /_offset/ },
  { what: 'bad _order_by', method: 'GET', path: '/v2/users?_order_by=password', status: 400, message: /_order_by/ },
  { what: 'bad _fields', method: 'GET', path: '/v2/groups?_fields=secret', status: 400, message: /_fields/ },
  {
    what: 'bad audit format',
    method: 'GET',
    path: '/api/auditlog/v1/logs?format=xml',
    status: 400,
    message: /format must be json, jsonl or csv/,
  },
  {
    what: 'unknown permission',
    method: 'POST',
    path: '/v2/roles',
    options: { body: { name: 'r', permissions: ['root'] } },
    status: 400,
    message: /unknown permission "root"/,
  },
  {
    what: 'verify without a key',
    method: 'POST',
    path: '/v2/api_keys/verify',
    options: { body: {} },
    status: 400,
    message: /body\.key: is required/,
  },
  {
    what: 'unknown route',
    method: 'GET',
    path: '/v2/nothing',
    status: 404,
    message: /^no route for GET at this path;/,
  },
  { what: 'unknown method', method: 'PUT', path: '/v2/users', status: 404, message: /no route for PUT/ },
  {
    what: 'unknown route without credentials',
    method: 'GET',
    path: '/v2/nothing',
    options: { key: null },
    status: 401,
    message: /missing credentials/,
  },
  {
    what: 'a body that is not JSON',
    method: 'POST',
    path: '/v2/users',
    options: { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    status: 415,
    message: /Content-Type must be application\/json/,
  },
  {
    what: 'date with a space for T',
    method: 'POST',
    path: '/v2/api_keys',
    options: (ids) => ({ body: { name: 'k', user_id: ids.user, expires_at: '2026-03-01 00:00:00Z' } }),
    status: 400,
    message: /body\.expires_at/,
  },
  {
    what: 'date with an hour offset only',
    method: 'POST',
    path: '/v2/api_keys',
    options: (ids) => ({ body: { name: 'k', user_id: ids.user, expires_at: '2026-03-01T00:00:00+01' } }),
    status: 400,
    message: /body\.expires_at/,
  },
  {
    what: 'date past year 9999 in UTC',
    method: 'POST',
    path: '/v2/api_keys',
    options: (ids) => ({ body: { name: 'k', user_id: ids.user, expires_at: '9999-12-31T23:59:59-01:00' } }),
    status: 400,
    message: /body\.expires_at/,
  },
  {
    what: 'NUL in a filter value',
    method: 'GET',
    path: `/v2/api_keys?_filter=${encodeURIComponent("name == 'a\u0000b'")}`,
    status: 400,
    message: /_filter: the value for field name contains control characters/,
  },
  {
    what: 'malformed time in a filter',
    method: 'GET',
    path: `/v2/api_keys?_filter=${encodeURIComponent("expires_at == '2026-13-01T00:00:00Z'")}`,
    status: 400,
    message: /_filter: .* is not a date-time for field expires_at/,
  },
  {
    what: 'back-reference in a filter',
    method: 'GET',
    path: `/v2/api_keys?_filter=${encodeURIComponent('name~"^(a*)(a*)(a*)\\1\\2\\3a!"')}`,
    status: 400,
    message: /_filter: the regular expression for field name is not valid RE2 syntax: .*back-references/,
  },
  {
    what: 'missing credentials',
    method: 'GET',
    path: '/v2/users',
    options: { key: null },
    status: 401,
    message: /missing credentials/,
  },
  {
    what: 'wrong scheme',
    method: 'GET',
    path: '/v2/users',
    options: { key: null, headers: { authorization: 'Bearer abc' } },
    status: 401,
    message: /missing credentials/,
  },
  {
    what: 'unknown key',
    method: 'GET',
    path: '/v2/users',
    options: { key: 'e'.repeat(64) },
    status: 401,
    message: /not valid/,
  },
  {
    what: 'body over 1 MiB',
    method: 'POST',
    path: '/v2/users',
    options: { raw: `{"name":"${'a'.repeat(1024 * 1024)}"}` },
    status: 413,
    message: /larger than 1048576 bytes/,
  },
];

describe.each(backends())('bad input on %s', (backend) => {
  let t: TestService;
  let ids: Ids;
  beforeAll(async () => {
    t = await startTestService(backend);
    const user = await serviceUser(t, 'bad-input-user');
    ids = { user, key: (await serviceKey(t, user, 'k')).id };
  });
  afterAll(async () => t?.close());

  const snapshot = async () => {
    const parts = await Promise.all(
      ['/v2/users', '/v2/groups', '/v2/roles', '/v2/api_keys'].map(async (p) => (await t.call('GET', p)).results),
    );
    return JSON.stringify(parts.map((list) => list.map(({ last_used_at: _l, ...rest }) => rest)));
  };

  for (const c of cases) {
    it(`${c.what} → ${c.status}`, async () => {
      const before = await snapshot();
      const path = typeof c.path === 'function' ? c.path(ids) : c.path;
      const options = typeof c.options === 'function' ? c.options(ids) : c.options;
      const r = await t.call(c.method, path, options);
      expect({ status: r.status, error: r.error }).toMatchObject({
        status: c.status,
        error: expect.stringMatching(c.message),
      });
      expect(Object.keys(r.json as object)).toEqual(['error']);
      expect(r.text).not.toMatch(/\bat \S+:\d+:\d+|node_modules|\.ts:\d+/);
      expect(await snapshot()).toBe(before);
    });
  }

  it('answers an internal error with a generic 500, never its message or stack', async () => {
    const db = await openPgliteDatabase('memory://');
    const failing: Database = {
      ...db,
      query: (sql, params) =>
        sql.includes('FROM groups g')
          ? Promise.reject(new Error('boom in /srv/secret/file.ts:12:3'))
          : db.query(sql, params),
      transaction: (fn) => db.transaction(fn),
    };
    const broken = await startTestService('pglite', { database: failing });
    try {
      const r = await broken.call('GET', '/v2/groups');
      expect([r.status, r.code, r.error]).toEqual([500, 'internal', 'internal error; the server log has details']);
      expect(r.text).not.toContain('boom');
      expect(broken.logs.some((line) => line.includes('internal error on GET /v2/groups: boom'))).toBe(true);
    } finally {
      await broken.close();
      await db.close();
    }
  });
});
