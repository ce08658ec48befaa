// The route table: exact paths from a map, captures by pattern, and the same answer as trying routes in order.
// Never a 200 for an unknown route; a shadowed exact route stays shadowed.
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { ok, route, RouteTable, type Handler } from '../../../src/keyservice/http/router.js';

const named =
  (name: string): Handler =>
  () =>
    ok({ name });

function answerOf(table: RouteTable, method: string, path: string): unknown {
  const found = table.find(method, path);
  return { reply: found.handler({} as never), params: found.params };
}

function errorOf(table: RouteTable, method: string, path: string): { code: string; message: string } {
  try {
    table.find(method, path);
  } catch (err) {
    if (err instanceof KeywardError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error(`${method} ${path} was routed`);
}

describe('RouteTable', () => {
  const table = new RouteTable([
    route('POST', '/v2/api_keys/verify', named('verify')),
    route('GET', '/v2/api_keys', named('list')),
    route('GET', '/v2/api_keys/:id', named('get')),
    // Listed after a pattern that matches it: an ordered scan never reaches it, so neither does the map.
    route('GET', '/v2/api_keys/shadowed', named('never')),
    route('POST', '/v2/api_keys', named('create')),
  ]);

  it('finds exact paths by method', () => {
    expect(answerOf(table, 'POST', '/v2/api_keys/verify')).toEqual({ reply: ok({ name: 'verify' }), params: [] });
    expect(table.find('GET', '/v2/api_keys/abc').template).toBe('/v2/api_keys/:id');
    expect(answerOf(table, 'GET', '/v2/api_keys')).toEqual({ reply: ok({ name: 'list' }), params: [] });
    expect(answerOf(table, 'POST', '/v2/api_keys')).toEqual({ reply: ok({ name: 'create' }), params: [] });
  });

  it('captures the rest of the path, percent-decoded, slashes included', () => {
    expect(answerOf(table, 'GET', '/v2/api_keys/identity%2Fapikeys/abc')).toEqual({
      reply: ok({ name: 'get' }),
      params: ['identity/apikeys/abc'],
    });
  });

  it('answers like an ordered scan: an earlier pattern wins over a later exact path', () => {
    expect(answerOf(table, 'GET', '/v2/api_keys/shadowed')).toEqual({
      reply: ok({ name: 'get' }),
      params: ['shadowed'],
    });
    // verify is listed first, so the GET pattern does not matter for POST.
    expect(answerOf(table, 'GET', '/v2/api_keys/verify')).toEqual({ reply: ok({ name: 'get' }), params: ['verify'] });
  });

  it('refuses unknown routes and methods with not_found, and bad percent-encoding with bad_request', () => {
    expect(errorOf(table, 'DELETE', '/v2/api_keys/verify').code).toBe('not_found');
    expect(errorOf(table, 'POST', '/v2/nothing')).toEqual({
      code: 'not_found',
      message: 'no route for POST at this path; see docs/api.md for the routes of the key service',
    });
    expect(errorOf(table, 'GET', `/v2/${'ab'.repeat(32)}`).message).not.toContain('abab');
    expect(errorOf(table, 'GET', '/v2/api_keys/%E0%A4%A').code).toBe('bad_request');
  });
});
