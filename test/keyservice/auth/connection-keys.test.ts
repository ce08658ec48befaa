// Keys remembered per connection (auth/connection-keys.ts): on one keep-alive connection, a repeated key skips the
// hash but never an answer's truth: a disabled, deleted or expired key, a changed secret or a new connection all count.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  DAY,
  backends,
  serviceKey,
  serviceUser,
  startTestService,
  type TestService,
} from '../support/harness.js';

interface Answer {
  readonly status: number;
  readonly body: { result?: { code?: string; key_id?: string }; error?: { code: string }[] };
  readonly port: number;
}

/** POST over `agent` (one socket, kept alive); `port` is the client's local port, to tell connections apart. */
function post(agent: Agent, url: string, path: string, auth: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const headers = { authorization: `Token ${auth}`, 'content-type': 'application/json' };
    const req = request(`${url}${path}`, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'],
          port: req.socket?.localPort ?? 0,
        }),
      );
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe.each(backends())('keys remembered per connection on %s', (backend) => {
  let t: TestService;
  const agents: Agent[] = [];
  const connection = () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };
  beforeAll(async () => {
    t = await startTestService(backend, { cacheTtlMs: 3_600_000 });
  });
  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await t?.close();
  });

  const verify = (agent: Agent, key: string, auth = ADMIN_KEY) =>
    post(agent, t.url, '/v2/api_keys/verify', auth, { key });

  it('answers a repeated key from memory only while it is the same key and still valid', async () => {
    const bot = await serviceUser(t, 'memo-bot');
    const k = await serviceKey(t, bot, 'memo', new Date(t.clock.now().getTime() + DAY).toISOString());
    const key = k.key as string;
    const one = connection();
    const first = await verify(one, key);
    expect([first.status, first.body.result?.code]).toEqual([200, 'VALID']);
    expect((await verify(one, key)).body.result?.code).toBe('VALID');
    // Same key id, another secret: the hash decides, not the remembered key.
    const forged = key.slice(0, 32) + (key[32] === '0' ? '1' : '0') + key.slice(33);
    expect((await verify(one, forged)).body.result).toMatchObject({ code: 'NOT_FOUND', key_id: null });
    expect((await verify(one, key)).body.result?.code).toBe('VALID');
    // Disabling the key invalidates the caches: the next check on the same connection sees it.
    expect((await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'disabled' } })).status).toBe(200);
    const disabled = await verify(one, key);
    expect(disabled.body.result?.code).toBe('DISABLED');
    expect(disabled.port).toBe(first.port);
    expect((await t.call('PATCH', `/v2/api_keys/${k.id}`, { body: { state: 'enabled' } })).status).toBe(200);
    expect((await verify(one, key)).body.result?.code).toBe('VALID');
    // Expiry is read at check time, also for a remembered key.
    t.clock.advance(2 * DAY);
    expect((await verify(one, key)).body.result?.code).toBe('EXPIRED');
    expect((await verify(one, key)).port).toBe(first.port);
  });

  it('authenticates a repeated Authorization key from memory only while the key and its user stand', async () => {
    const bot = await serviceUser(t, 'memo-caller');
    const caller = (await serviceKey(t, bot, 'caller')).key as string;
    const target = (await serviceKey(t, bot, 'target')).key as string;
    const one = connection();
    // A service user without permissions authenticates (it is refused a verify by permission, not by identity).
    const first = await verify(one, target, caller);
    const again = await verify(one, target, caller);
    expect(again.status).toBe(first.status);
    expect(again.port).toBe(first.port);
    expect([200, 403]).toContain(first.status);
    // The caller's key deleted: the same header on the same connection is now refused as unauthenticated.
    const id = (await t.call('GET', `/v2/api_keys?_filter=${encodeURIComponent('name=="caller"')}`)).results[0]?.id;
    expect((await t.call('DELETE', `/v2/api_keys/${String(id)}`)).status).toBeLessThan(300);
    const gone = await verify(one, target, caller);
    expect([gone.status, gone.body.error?.[0]?.code, gone.port]).toEqual([401, 'unauthenticated', first.port]);
  });
});
