// The HTTP edge under hostile clients: Node's own refusals in the envelope, 415, HEAD /healthz, no echo of paths,
// client aborts logged as aborts, connection floods bounded per source while /healthz keeps answering.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/keyservice/storage/database.js';
import { openPgliteDatabase } from '../../../src/keyservice/storage/pglite-database.js';
import { at, serviceUser, startTestService, type TestService } from '../support/harness.js';

/** Sends raw bytes and collects the answer until the server closes (or `until` matches). */
function rawExchange(port: number, bytes: string, until?: RegExp, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (until?.test(text)) socket.destroy();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const bodyOf = (answer: string): unknown => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
const KEYLIKE = 'c0ffee'.repeat(10) + 'abcd';

describe('HTTP hardening', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService('pglite', {
      connectionLimits: { perSource: 8, headersTimeoutMs: 400, requestTimeoutMs: 800 },
    });
  });
  afterAll(async () => t?.close());

  it('answers HEAD /healthz like GET, without a body', async () => {
    const head = await fetch(`${t.url}/healthz`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect((await t.call('GET', '/healthz', { key: null })).json).toEqual({ status: 'ok' });
  });

  it('marks every answer, the one-time key of a create above all, as not for caches', async () => {
    const user = await serviceUser(t, 'cache-user');
    const response = await fetch(`${t.url}/v2/api_keys`, {
      method: 'POST',
      headers: { authorization: `Token ${t.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'k', user_id: user, expires_at: at(5) }),
    });
    expect([response.status, response.headers.get('cache-control')]).toEqual([201, 'no-store']);
  });

  it('refuses a body that is not JSON with 415, and accepts JSON with a charset', async () => {
    const form = await t.call('POST', '/v2/groups', { raw: '{"name":"g"}', headers: { 'content-type': 'text/plain' } });
    expect([form.status, form.code]).toEqual([415, 'unsupported_media_type']);
    const json = await t.call('POST', '/v2/groups', {
      raw: '{"name":"g1"}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(json.status).toBe(201);
  });

  it('answers what Node refuses (malformed request, huge headers) in the JSON envelope', async () => {
    const malformed = await rawExchange(t.service.port, 'GARBAGE\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(malformed)).toEqual({ error: [{ message: 'malformed HTTP request', code: 'bad_request' }] });
    const huge = await rawExchange(
      t.service.port,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(huge)).toMatchObject({ error: [{ code: 'headers_too_large' }] });
  });

  it('never repeats a requested path, in answers or in log lines', async () => {
    const pathWithKey = `/v2/things/${KEYLIKE}`;
    const anonymous = await t.call('GET', pathWithKey, { key: null });
    const known = await t.call('GET', pathWithKey);
    const wrongId = await t.call('GET', `/v2/api_keys/${KEYLIKE}`);
    expect([anonymous.status, known.status, wrongId.status]).toEqual([401, 404, 400]);
    for (const text of [anonymous.text, known.text, wrongId.text, t.logs.join('\n')]) {
      expect(text).not.toMatch(/c0ffeec0ffee/);
    }
    expect(t.logs).toContain(t.logs.find((l) => /^GET \/v2\/api_keys\/:id 400 /.test(l)));
  });

  it('logs a client that leaves mid-body as a client abort, not an internal error', async () => {
    const before = t.logs.length;
    const socket = connect({ port: t.service.port, host: '127.0.0.1' });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /v2/groups HTTP/1.1\r\nHost: x\r\nAuthorization: Token ${t.adminKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await expect.poll(() => t.logs.slice(before).join('\n')).toMatch(/POST \/v2\/groups client closed the connection/);
    expect(t.logs.slice(before).join('\n')).not.toMatch(/internal error/);
  });

  it('answers a request whose headers never finish with 408 in the envelope', async () => {
    const answer = await rawExchange(t.service.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(answer)).toMatchObject({ error: [{ code: 'request_timeout' }] });
  });

  it('bounds connections per source: a flood gets 503s while /healthz from elsewhere answers', async () => {
    const flood: Socket[] = [];
    const refused: Promise<string>[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const s = connect({ port: t.service.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
        await new Promise((resolve) => s.once('connect', resolve));
        s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
        s.on('error', () => undefined);
        flood.push(s);
      }
      for (let i = 0; i < 4; i++)
        refused.push(rawExchange(t.service.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', undefined, '127.0.0.2'));
      for (const answer of await Promise.all(refused)) {
        expect(answer).toMatch(/^HTTP\/1\.1 503 /);
        expect(bodyOf(answer)).toMatchObject({ error: [{ code: 'too_many_connections' }] });
      }
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect(t.logs.some((l) => /^refusing connections: 8 open from 127\.0\.0\.2 \(limit 8\)/.test(l))).toBe(true);
    } finally {
      for (const s of flood) s.destroy();
    }
  });
});

describe('/healthz and storage', () => {
  it('answers 503 naming storage when storage no longer answers', async () => {
    const db = await openPgliteDatabase('memory://');
    let broken = false;
    const flaky: Database = {
      ...db,
      query: (sql, params) => (broken ? Promise.reject(new Error('storage gone')) : db.query(sql, params)),
      transaction: (fn) => db.transaction(fn),
    };
    const t = await startTestService('pglite', { database: flaky });
    try {
      expect((await t.call('GET', '/healthz', { key: null })).status).toBe(200);
      broken = true;
      const sick = await t.call('GET', '/healthz', { key: null });
      expect([sick.status, sick.code, sick.error]).toEqual([503, 'unavailable', 'storage (PGlite) is not answering']);
      broken = false;
      expect((await t.call('GET', '/healthz', { key: null })).status).toBe(200);
    } finally {
      await t.close();
      await db.close();
    }
  });
});
