// The CSP client against a scripted local server: auth header, paging, and how each failure is mapped or retried.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { collectingSink } from '../../../src/kernel/events.js';
import { KeywardError } from '../../../src/kernel/errors.js';
import { CspClient } from '../../../src/drivers/csp/client.js';
import type { CspClientOptions } from '../../../src/drivers/csp/client.js';
import { filterAnd, filterEq } from '../../../src/drivers/csp/filter.js';
import type { FakeCsp } from '../fake-csp-server.js';
import { refusedUrl, startFakeCsp } from '../fake-csp-server.js';

const API_KEY = 'a'.repeat(64);
let fake: FakeCsp;
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakeCsp();
  sleeps = [];
});
afterEach(async () => {
  await fake.close();
});

function client(options: Partial<CspClientOptions> = {}): CspClient {
  return new CspClient({
    baseUrl: `${fake.url}/`,
    apiKey: API_KEY,
    credentialHint: 'KEYWARD_API_KEY',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

async function failure(p: Promise<unknown>): Promise<KeywardError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(KeywardError);
    const e = err as KeywardError;
    expect(`${e.message} ${JSON.stringify(e.details)}`).not.toContain(API_KEY);
    return e;
  }
  throw new Error('expected a failure');
}

describe('requests', () => {
  it('sends the token, asks for JSON and unwraps {result}', async () => {
    fake.expect('GET', '/v2/current_user', { status: 200, body: { result: { id: 'identity/users/u1' } } });
    await expect(client().get('/v2/current_user')).resolves.toEqual({ id: 'identity/users/u1' });
    fake.verify();
    expect(fake.requests[0]?.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(fake.requests[0]?.headers.accept).toBe('application/json');
  });

  it('sends JSON bodies and answers null / false on 404', async () => {
    fake
      .expect('PATCH', '/v2/api_keys/k1', {
        status: 404,
        body: { error: [{ message: 'no such key', code: 'not_found' }] },
      })
      .expect('DELETE', '/v2/api_keys/k1', { status: 404, body: { error: [{ message: 'no such key' }] } })
      .expect('GET', '/v2/api_keys/k1', { status: 404 });
    const c = client();
    await expect(c.update('/v2/api_keys/k1', { state: 'disabled' })).resolves.toBeNull();
    await expect(c.remove('/v2/api_keys/k1')).resolves.toBe(false);
    await expect(c.get('/v2/api_keys/k1')).resolves.toBeNull();
    fake.verify();
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(fake.requests[0]?.body).toEqual({ state: 'disabled' });
  });

  it('pages with _limit/_offset until a short page and counts the requests', async () => {
    const items = [1, 2, 3, 4, 5].map((n) => ({ id: `k${n}` }));
    fake
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: items.slice(0, 2) } })
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: items.slice(2, 4) } })
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: items.slice(4) } });
    const filter = filterAnd(filterEq('type', 'service'), filterEq('name', 'say "hi" & #2'));
    const c = client({ pageSize: 2 });
    const listed = await c.list('/v2/api_keys', { filter });
    fake.verify();
    expect(listed).toEqual({ items, requests: 3 });
    expect(c.requests).toBe(3);
    expect(fake.requests.map((r) => [r.query.get('_limit'), r.query.get('_offset')])).toEqual([
      ['2', '0'],
      ['2', '2'],
      ['2', '4'],
    ]);
    expect(fake.requests[0]?.query.get('_filter')).toBe('(type=="service") and (name=="say \\"hi\\" & #2")');
  });

  it('maps each page as it arrives, numbering items across pages', async () => {
    const items = [1, 2, 3].map((n) => ({ id: `k${n}` }));
    fake
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: items.slice(0, 2) } })
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: items.slice(2) } });
    const seenAtSecondPage: number[] = [];
    const listed = await client({ pageSize: 2 }).list('/v2/api_keys', {}, (raw, index) => {
      if (index === 2) seenAtSecondPage.push(fake.requests.length);
      return `${index}:${(raw as { id: string }).id}`;
    });
    fake.verify();
    expect(listed).toEqual({ items: ['0:k1', '1:k2', '2:k3'], requests: 2 });
    expect(seenAtSecondPage).toEqual([2]);
  });

  it('fetches one empty page after a full last page', async () => {
    fake
      .expect('GET', '/v2/groups', { status: 200, body: { results: [{ id: 'g1' }] } })
      .expect('GET', '/v2/groups', { status: 200, body: { results: [] } });
    await expect(client({ pageSize: 1 }).list('/v2/groups')).resolves.toEqual({ items: [{ id: 'g1' }], requests: 2 });
    fake.verify();
  });

  it('uses a page size of 1000 by default', async () => {
    fake.expect('GET', '/v2/users', { status: 200, body: { results: [] } });
    await client().list('/v2/users');
    expect(fake.requests[0]?.query.get('_limit')).toBe('1000');
  });

  it('refuses a page longer than asked for instead of paging forever', async () => {
    fake.expect('GET', '/v2/users', { status: 200, body: { results: [{ id: 1 }, { id: 2 }, { id: 3 }] } });
    const e = await failure(client({ pageSize: 2 }).list('/v2/users'));
    expect(e.message).toBe('GET /v2/users: unexpected response: 3 items for _limit=2');
  });

  it('treats a 404 on a list as an error, never as an empty list', async () => {
    fake.expect('GET', '/v2/users', { status: 404, raw: 'Not Found' });
    const e = await failure(client().list('/v2/users'));
    expect(e.code).toBe('driver.not-found');
    expect(e.message).toContain('GET /v2/users: 404');
  });
});

describe('refusals', () => {
  it('stops at once on 401, naming the call and the variable but never the key', async () => {
    fake.expect('GET', '/v2/users', {
      status: 401,
      body: { error: [{ message: `unknown key ${API_KEY}`, code: 'unauthenticated' }] },
    });
    const e = await failure(client().list('/v2/users', { filter: filterEq('name', 'x') }));
    fake.verify();
    expect(e.code).toBe('driver.unauthenticated');
    expect(e.source).toBe('user');
    expect(e.message).toMatch(/^GET \/v2\/users: 401 .*KEYWARD_API_KEY/);
    expect(e.message).toContain('[redacted]');
    expect(e.message).not.toContain('_filter');
    expect(sleeps).toEqual([]);
  });

  it('stops at once on 403 and passes on the server message naming the permission', async () => {
    fake.expect('POST', '/v2/api_keys', {
      status: 403,
      body: {
        error: [{ message: 'missing permission service_api_key.create (Service API Keys Create)', code: 'forbidden' }],
      },
    });
    const e = await failure(client().create('/v2/api_keys', { name: 'deploy' }));
    fake.verify();
    expect(e.code).toBe('driver.forbidden');
    expect(e.source).toBe('user');
    expect(e.message).toBe(
      'POST /v2/api_keys: 403 permission denied: missing permission service_api_key.create (Service API Keys Create)',
    );
  });

  it('maps 400 and 409 to user errors with the server message and does not retry them', async () => {
    fake
      .expect('POST', '/v2/users', {
        status: 409,
        body: { error: [{ message: 'a user named ci already exists', code: 'conflict' }] },
      })
      .expect('POST', '/v2/users', { status: 400, body: { error: [{ message: 'name: too long\u0000' }] } });
    const c = client();
    const conflict = await failure(c.create('/v2/users', { name: 'ci' }));
    expect([conflict.code, conflict.source, conflict.message]).toEqual([
      'driver.conflict',
      'user',
      'POST /v2/users: 409 refused: a user named ci already exists',
    ]);
    const bad = await failure(c.create('/v2/users', { name: 'x' }));
    expect([bad.code, bad.message]).toEqual(['driver.bad-request', 'POST /v2/users: 400 refused: name: too long']);
    fake.verify();
    expect(sleeps).toEqual([]);
  });

  it('never quotes a 2xx body that is not JSON (it may hold a secret)', async () => {
    fake.expect('POST', '/v2/api_keys', { status: 201, raw: '{"result":{"key":"s3cr3t-value"' });
    const e = await failure(client().create('/v2/api_keys', { name: 'deploy' }));
    expect(e.code).toBe('driver.bad-response');
    expect(e.message).not.toContain('s3cr3t');
    expect(e.cause).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('waits the seconds Retry-After asks for, then retries', async () => {
    fake
      .expect('GET', '/v2/users', { status: 429, headers: { 'retry-after': '7' } })
      .expect('GET', '/v2/users', { status: 200, body: { results: [] } });
    const { sink, events } = collectingSink();
    const c = client({ sink });
    await expect(c.list('/v2/users')).resolves.toEqual({ items: [], requests: 2 });
    fake.verify();
    expect(sleeps).toEqual([7000]);
    expect(
      events.map((e) => (e.code === 'driver.request.retry' ? [e.code, e.data.path, e.data.delayMs] : [e.code])),
    ).toEqual([['driver.request.retry', '/v2/users', 7000]]);
    expect(JSON.stringify(events)).not.toContain(API_KEY);
  });

  it('waits until an HTTP-date Retry-After, measured on the injected clock', async () => {
    const clock = new FakeClock('2026-03-01T10:00:00Z');
    fake
      .expect('POST', '/v2/api_keys', { status: 429, headers: { 'retry-after': 'Sun, 01 Mar 2026 10:00:30 GMT' } })
      .expect('POST', '/v2/api_keys', { status: 201, body: { result: { id: 'k' } } });
    await expect(client({ clock }).create('/v2/api_keys', { name: 'n' })).resolves.toEqual({ id: 'k' });
    fake.verify();
    expect(sleeps).toEqual([30_000]);
  });

  it('falls back to backoff without Retry-After and gives up after the attempt budget', async () => {
    for (let i = 0; i < 3; i += 1) fake.expect('GET', '/v2/groups', { status: 429 });
    const e = await failure(client({ retry: { attempts: 3, baseDelayMs: 100 } }).list('/v2/groups'));
    fake.verify();
    expect(e.code).toBe('driver.rate-limited');
    expect(e.message).toBe('GET /v2/groups: 429 rate limited; still limited after 3 attempts');
    expect(sleeps).toEqual([75, 150]);
  });

  it('refuses to wait longer than allowed', async () => {
    fake.expect('GET', '/v2/groups', { status: 429, headers: { 'retry-after': '3600' } });
    const e = await failure(client({ retry: { maxRetryAfterMs: 60_000 } }).list('/v2/groups'));
    expect(e.message).toContain('asked to wait 3600 s, more than the 60 s allowed');
    expect(sleeps).toEqual([]);
  });
});

describe('outages', () => {
  it('retries 5xx with jittered exponential backoff, then succeeds', async () => {
    fake
      .expect('GET', '/v2/api_keys', { status: 500, body: { error: [{ message: 'db down' }] } })
      .expect('GET', '/v2/api_keys', { status: 502, raw: '<html>bad gateway</html>' })
      .expect('GET', '/v2/api_keys', { status: 200, body: { results: [{ id: 'k1' }] } });
    let r = 0;
    const randoms = [0, 1];
    const c = client({ random: () => randoms[r++] ?? 0, retry: { baseDelayMs: 1000 } });
    await expect(c.list('/v2/api_keys')).resolves.toEqual({ items: [{ id: 'k1' }], requests: 3 });
    fake.verify();
    expect(sleeps).toEqual([500, 2000]);
  });

  it('fails the call after the budget with a message naming it, never reading as absent', async () => {
    for (let i = 0; i < 4; i += 1) fake.expect('DELETE', '/v2/api_keys/k1', { status: 503 });
    const e = await failure(
      client({ retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 20 } }).remove('/v2/api_keys/k1'),
    );
    fake.verify();
    expect(e.code).toBe('driver.unavailable');
    expect(e.source).toBe('system');
    expect(e.message).toBe('DELETE /v2/api_keys/k1: key service unavailable (503); gave up after 4 attempts');
    expect(sleeps).toEqual([8, 15, 15]);
  });

  it('does not retry a create after a 500, and says its outcome is unknown', async () => {
    fake.expect('POST', '/v2/api_keys', { status: 500 });
    const e = await failure(client().create('/v2/api_keys', { name: 'n' }));
    fake.verify();
    expect(e.details.outcomeUnknown).toBe(true);
    expect(e.message).toContain(
      'POST /v2/api_keys: key service unavailable (500); not retried; the call may have taken effect',
    );
    expect(sleeps).toEqual([]);
  });

  it('retries a create after a 503, which says it was not carried out, honouring its Retry-After', async () => {
    fake
      .expect('POST', '/v2/users', { status: 503, headers: { 'retry-after': '3' } })
      .expect('POST', '/v2/users', { status: 201, body: { result: { id: 'u' } } });
    await expect(client().create('/v2/users', { name: 'n' })).resolves.toEqual({ id: 'u' });
    fake.verify();
    expect(sleeps).toEqual([3000]);
  });

  it('retries reads after a dropped connection, but not creates', async () => {
    fake
      .expect('GET', '/v2/users', { destroy: true })
      .expect('GET', '/v2/users', { status: 200, body: { results: [] } })
      .expect('POST', '/v2/users', { destroy: true });
    const c = client();
    await expect(c.list('/v2/users')).resolves.toEqual({ items: [], requests: 2 });
    const e = await failure(c.create('/v2/users', { name: 'n' }));
    fake.verify();
    expect(e.code).toBe('driver.unavailable');
    expect(e.details.outcomeUnknown).toBe(true);
    expect(sleeps).toHaveLength(1);
  });

  it('times a silent service out: reads are retried, creates are not', async () => {
    fake
      .expect('GET', '/v2/users', { hang: true })
      .expect('GET', '/v2/users', { status: 200, body: { results: [] } })
      .expect('POST', '/v2/users', { hang: true });
    const c = client({ timeoutMs: 50 });
    await expect(c.list('/v2/users')).resolves.toEqual({ items: [], requests: 2 });
    const e = await failure(c.create('/v2/users', { name: 'n' }));
    fake.verify();
    expect(e.message).toBe(
      'POST /v2/users: key service unavailable (timed out); not retried; the call may have taken effect: plan again to see the service as it is',
    );
  });

  it('retries a refused connection (nothing was sent), creates included, then fails naming the call', async () => {
    const c = new CspClient({
      baseUrl: await refusedUrl(),
      apiKey: API_KEY,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      retry: { attempts: 3, baseDelayMs: 100 },
    });
    const e = await failure(c.create('/v2/api_keys', { name: 'n' }));
    expect(e.code).toBe('driver.unavailable');
    expect(e.message).toMatch(
      /^POST \/v2\/api_keys: key service unavailable \(ECONNREFUSED at http:\/\/127\.0\.0\.1:\d+\); gave up after 3 attempts$/,
    );
    expect(e.details.outcomeUnknown).toBe(false);
    expect(sleeps).toEqual([50, 100]);
    expect(c.requests).toBe(3);
  });
  it('fails at once, naming the URL, when the host name does not resolve (DNS ENOTFOUND is not transient)', async () => {
    const dnsFailure = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    let calls = 0;
    const c = new CspClient({
      baseUrl: 'http://keyward.invalid',
      apiKey: API_KEY,
      fetch: async () => {
        calls += 1;
        throw dnsFailure;
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      retry: { attempts: 5 },
    });
    const e = await failure(c.list('/v2/users'));
    expect(e.code).toBe('driver.unavailable');
    expect(e.message).toBe(
      'GET /v2/users: key service unavailable (ENOTFOUND (the host name does not resolve) at http://keyward.invalid); not retried',
    );
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('still retries a temporary DNS failure (EAI_AGAIN)', async () => {
    const dnsBusy = Object.assign(new TypeError('fetch failed'), { cause: { code: 'EAI_AGAIN' } });
    let calls = 0;
    const c = new CspClient({
      baseUrl: 'http://keyward.invalid',
      apiKey: API_KEY,
      fetch: async () => {
        calls += 1;
        throw dnsBusy;
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      retry: { attempts: 2, baseDelayMs: 100 },
    });
    await failure(c.list('/v2/users'));
    expect(calls).toBe(2);
  });
});

describe('abandoning a client (DriverOptions.signal)', () => {
  it('ends a retry wait at once and sends nothing more once the signal aborts', async () => {
    for (let i = 0; i < 5; i += 1) fake.expect('GET', '/v2/api_keys', { status: 503 });
    const abandon = new AbortController();
    // The real wait (no injected sleep): five attempts would take seconds of backoff.
    const c = new CspClient({ baseUrl: fake.url, apiKey: API_KEY, signal: abandon.signal, random: () => 0.5 });
    const listing = c.list('/v2/api_keys');
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    abandon.abort();
    await expect(listing).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends no request at all when the signal has already aborted', async () => {
    const abandon = new AbortController();
    abandon.abort();
    const c = new CspClient({ baseUrl: fake.url, apiKey: API_KEY, signal: abandon.signal });
    await expect(c.list('/v2/api_keys')).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(0);
  });
});
