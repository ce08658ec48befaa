// Failed authentication through HTTP: limited per source (429 + Retry-After), aggregated in the audit log (one row per
// source and target per window, with a count and the source address), never holding a presented key.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  manualTimer,
  serviceKey,
  serviceUser,
  startTestService,
  type TestService,
  type Wire,
} from '../support/harness.js';

const randomKey = () => randomBytes(32).toString('hex');

describe.each(backends())('failed authentication on %s', (backend) => {
  let t: TestService;
  let flush: () => void;
  beforeAll(async () => {
    const timer = manualTimer();
    flush = timer.tick;
    // A long cache TTL keeps "cached valid key" independent of how fast this machine runs the test.
    t = await startTestService(backend, {
      authFailureLimit: { maxFailures: 3, windowMs: 60_000 },
      cacheTtlMs: 3_600_000,
      failureAuditTimer: timer.timer,
    });
  });
  afterAll(async () => t?.close());

  const signIns = async (): Promise<Wire[]> =>
    (await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="auth.sign_in"')}&_limit=1000`))
      .results;

  it('answers 401 up to the limit, then 429 with Retry-After; a cached valid key still passes; the window ends', async () => {
    const fresh = (await serviceKey(t, await serviceUser(t, 'fresh-bot'), 'k')).key as string;
    expect((await t.call('GET', '/v2/current_user')).status).toBe(200);
    const tried = [];
    for (let i = 0; i < 5; i++) tried.push(await t.call('GET', '/v2/users', { key: randomKey() }));
    expect(tried.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
    expect(tried[3]?.code).toBe('too_many_requests');
    const raw = await fetch(`${t.url}/v2/users`, { headers: { authorization: `Token ${randomKey()}` } });
    expect([raw.status, raw.headers.get('retry-after')]).toEqual([429, '60']);
    expect((await t.call('GET', '/v2/users', { key: null })).status).toBe(429);
    // The admin key is cached and valid: it never meets the limiter. A valid key not yet cached waits like the rest.
    expect((await t.call('GET', '/v2/current_user')).status).toBe(200);
    expect((await t.call('GET', '/v2/current_user', { key: fresh })).status).toBe(429);
    t.clock.advance(30_000);
    const later = await fetch(`${t.url}/v2/users`, { headers: { authorization: `Token ${randomKey()}` } });
    expect([later.status, later.headers.get('retry-after')]).toEqual([429, '30']);
    t.clock.advance(30_000);
    expect((await t.call('GET', '/v2/current_user', { key: fresh })).status).toBe(200);
    expect((await t.call('GET', '/v2/users', { key: randomKey() })).status).toBe(401);
  });

  it('answers a limited source with a complete 429 (Retry-After, envelope, no-store) and closes the connection', async () => {
    t.clock.advance(60_000);
    for (let i = 0; i < 3; i++) await t.call('GET', '/v2/users', { key: randomKey() });
    const refused = () =>
      new Promise<{ status?: number; headers: Record<string, unknown>; body: string; closed: boolean }>((resolve) => {
        const headers = { authorization: `Token ${randomKey()}`, 'content-type': 'application/json' };
        const req = request(`${t.url}/v2/api_keys/verify`, { method: 'POST', headers, agent: false }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () =>
            req.socket?.once('close', () =>
              resolve({ status: res.statusCode, headers: res.headers, body, closed: true }),
            ),
          );
        });
        req.end(JSON.stringify({ key: randomKey() }));
      });
    for (const wait of ['60', '60']) {
      const r = await refused();
      expect(r.status).toBe(429);
      expect(r.headers).toMatchObject({
        'retry-after': wait,
        connection: 'close',
        'cache-control': 'no-store',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(r.body)),
      });
      expect(JSON.parse(r.body)).toEqual({
        error: [{ code: 'too_many_requests', message: expect.stringMatching(/try again in 60 s$/) as string }],
      });
      expect(r.closed).toBe(true);
    }
    t.clock.advance(45_000);
    expect((await refused()).headers['retry-after']).toBe('15');
    // A cached valid key from the same source still passes.
    expect((await t.call('GET', '/v2/current_user')).status).toBe(200);
  });

  it('aggregates a flood into a few rows with counts and the source, holding no part of any presented key', async () => {
    t.clock.advance(60_000);
    flush();
    const before = await signIns();
    const presented: string[] = [];
    for (let i = 0; i < 150; i++) {
      const key = randomKey();
      presented.push(key);
      const r = await t.call('GET', '/v2/users', { key });
      expect([401, 429]).toContain(r.status);
    }
    const after = await signIns();
    const added = after.filter((row) => !before.some((b) => b.id === row.id));
    expect(added.length).toBeLessThanOrEqual(2);
    expect(added.reduce((sum, row) => sum + (row.count as number), 0)).toBe(150);
    for (const row of added)
      expect(row).toMatchObject({
        actor: 'anonymous',
        actor_type: 'anonymous',
        source: '127.0.0.1',
        outcome: 'failure',
      });
    // The first 3 are checked (NOT_FOUND); the other 147 are refused unchecked while the source is limited.
    expect(
      added.map((row) => [row.target, row.count, String(row.detail).replace(/ from \S+ to \S+(?=: )/, '')]).sort(),
    ).toEqual([
      ['refused while rate-limited', 147, '147 failures: RATE_LIMITED 147'],
      ['unknown key', 3, '3 failures: NOT_FOUND 3'],
    ]);
    const log = (await t.call('GET', '/api/auditlog/v1/logs?format=jsonl&_limit=1000')).text;
    for (const key of presented) expect(log).not.toContain(key.slice(0, 16));
  });

  it('aggregates failed verifies per caller and key, and writes pending rows on each window', async () => {
    t.clock.advance(60_000);
    for (let i = 0; i < 7; i++)
      expect((await t.call('POST', '/v2/api_keys/verify', { body: { key: randomKey() } })).result.code).toBe(
        'NOT_FOUND',
      );
    flush();
    const rows = (
      await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="api_key.verify"')}`)
    ).results;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: 'admin@keyward.local',
      actor_type: 'interactive',
      count: 7,
      target: 'unknown key',
    });
    expect(rows[0]?.detail).toMatch(/^7 failures from .* to .*: NOT_FOUND 7$/);
  });
});

describe('the delay of a refusal', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService('pglite', {
      authFailureLimit: { maxFailures: 1, windowMs: 60_000 },
      refusalDelayMs: 300,
    });
  });
  afterAll(async () => t?.close());

  it('sends a locked-out source its 429 after the delay, while others (and cached valid keys) are answered meanwhile', async () => {
    expect((await t.call('GET', '/v2/current_user')).status).toBe(200);
    expect((await t.call('GET', '/v2/users', { key: randomKey() })).status).toBe(401);
    const order: string[] = [];
    const started = performance.now();
    const refused = t.call('GET', '/v2/users', { key: randomKey() }).then((r) => {
      order.push('refused');
      return [r.status, r.code, performance.now() - started];
    });
    const admin = t.call('GET', '/v2/current_user').then((r) => {
      order.push('admin');
      return r.status;
    });
    expect(await admin).toBe(200);
    const [status, code, waited] = await refused;
    expect([status, code]).toEqual([429, 'too_many_requests']);
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(order).toEqual(['admin', 'refused']);
  });
});
