// Request bodies however they arrive: with the headers, after a 100-continue, chunked, pipelined; limits and bad JSON.
// Never a wrong verify answer because of how the body was split; 413 beyond 1 MiB with or without a length.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  backends,
  serviceKey,
  serviceUser,
  startTestService,
  type TestService,
} from '../support/harness.js';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** POST with node:http, so the test decides how the body is sent (in parts, chunked, after 100-continue). */
function post(url: string, path: string, parts: readonly string[], headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    const send = () => {
      for (const part of parts) req.write(part);
      req.end();
    };
    if (headers.expect === '100-continue') {
      req.on('continue', send);
      req.flushHeaders();
    } else send();
  });
}

/**
 * Writes `raw` (several requests) in one write on one connection; resolves with everything read until `count` answers.
 */
function pipelined(url: string, raw: string, count: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length === count && /\}$/.test(text)) {
        socket.end();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

describe.each(backends())('request bodies on %s', (backend) => {
  let t: TestService;
  let key: string;
  let keyId: string;
  beforeAll(async () => {
    t = await startTestService(backend);
    const created = await serviceKey(t, await serviceUser(t, 'body-checks'), 'body');
    [key, keyId] = [created.key as string, created.id];
  });
  afterAll(async () => t?.close());

  const verify = (parts: readonly string[], headers: Record<string, string> = {}) =>
    post(t.url, '/v2/api_keys/verify', parts, headers);
  const codeOf = (a: Answer) => (JSON.parse(a.body) as { result: { code: string; key_id: string } }).result;

  it('verifies a body that arrives after the request (100-continue) or in chunked parts', async () => {
    const body = JSON.stringify({ key });
    const expected = { code: 'VALID', key_id: keyId };
    expect(
      codeOf(await verify([body], { expect: '100-continue', 'content-length': String(body.length) })),
    ).toMatchObject(expected);
    expect(
      codeOf(await verify([body.slice(0, 10), body.slice(10, 40), body.slice(40)], { 'transfer-encoding': 'chunked' })),
    ).toMatchObject(expected);
    expect(
      codeOf(
        await verify([body.slice(0, 20), body.slice(20)], { expect: '100-continue', 'transfer-encoding': 'chunked' }),
      ),
    ).toMatchObject(expected);
  });

  it('answers pipelined verify requests in order, each with its own body', async () => {
    const one = (k: string) => {
      const body = JSON.stringify({ key: k });
      return `POST /v2/api_keys/verify HTTP/1.1\r\nhost: x\r\nauthorization: Token ${ADMIN_KEY}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
    };
    const text = await pipelined(t.url, one(key) + one('f'.repeat(64)) + one(key), 3);
    expect([...text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1])).toEqual(['VALID', 'NOT_FOUND', 'VALID']);
  });

  it('refuses bad bodies with 400 and bodies over 1 MiB with 413, declared or chunked', async () => {
    const malformed = await verify(['{"key": '], {});
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('malformed JSON');
    const unknown = await verify([JSON.stringify({ key, extra: 1 })]);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('unknown field');
    const empty = await verify([''], { 'content-length': '0' });
    expect(empty.status).toBe(400);
    const half = 'a'.repeat(600 * 1024);
    const chunked = await verify([`{"key":"${half}`, `${half}"}`], { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toContain('larger than 1048576 bytes');
    // The connection's server is still answering after a refused body.
    expect(codeOf(await verify([JSON.stringify({ key })])).code).toBe('VALID');
  });

  it('never echoes the presented key in an error', async () => {
    const refused = await verify([`{"key": "${key}", "other": "${key}"`]);
    expect(refused.status).toBe(400);
    expect(refused.body).not.toContain(key.slice(32));
  });
});
