// The secret-leak test: after a busy session (creates, verifies, errors with keys in odd places), no key appears
// in any server log line, any audit row or export, any table, or any later read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, backends, serviceKey, serviceUser, startTestService, type TestService } from './support/harness.js';

describe.each(backends())('secrets never leak on %s', (backend) => {
  let t: TestService;
  const secrets: string[] = [];
  const reads: string[] = [];
  beforeAll(async () => {
    t = await startTestService(backend);
    secrets.push(t.adminKey);
    const user = await serviceUser(t, 'leaky');
    for (let i = 0; i < 4; i++) secrets.push((await serviceKey(t, user, `k${i}`)).key as string);
    const own = await t.call('POST', '/v2/current_api_keys', { body: { name: 'mine', expires_at: at(9) } });
    secrets.push(own.result.key as string);
    const [a, b, c] = secrets.slice(1);
    for (const key of secrets) await t.call('POST', '/v2/api_keys/verify', { body: { key } });
    await t.call('POST', '/v2/api_keys/verify', { body: { key: `${a}x` } });
    await t.call('PATCH', `/v2/api_keys/${a?.slice(0, 32)}`, { body: { state: 'disabled' } });
    await t.call('POST', '/v2/api_keys/verify', { body: { key: a } });
    await t.call('GET', `/v2/api_keys/${b}`);
    await t.call('GET', `/v2/users/${b}`);
    await t.call('POST', '/v2/users', { body: { name: 'x', type: 'service', [c as string]: true } });
    await t.call('POST', '/v2/users', { raw: `{"name": "${c}", ` });
    await t.call('POST', '/v2/api_keys', { body: { name: 'n', user_id: c, expires_at: at(3) } });
    await t.call('GET', `/v2/api_keys?_filter=${encodeURIComponent(`name == "${b}"`)}`);
    await t.call('GET', '/v2/users', { key: `${b}0` });
    await t.call('GET', '/v2/users', { headers: { authorization: `Token ${c}` } });
    t.clock.set(at(10));
    await t.call('POST', '/v2/api_keys/verify', { body: { key: secrets[5] } });
    await t.call('GET', '/v2/users', { key: secrets[5] });
    t.clock.set(at(0));
    await t.service.flushLastUsed();
    for (const path of [
      '/v2/api_keys',
      '/v2/current_api_keys',
      '/v2/users',
      '/api/auditlog/v1/logs?_limit=1000',
      '/api/auditlog/v1/logs?format=csv&_limit=1000',
      '/api/auditlog/v1/logs?format=jsonl&_limit=1000',
    ]) {
      reads.push((await t.call('GET', path)).text);
    }
  });
  afterAll(async () => t?.close());

  it('created distinct keys and exercised the log', () => {
    expect(new Set(secrets).size).toBe(6);
    expect(t.logs.length).toBeGreaterThan(20);
    expect(reads.join('').length).toBeGreaterThan(1000);
  });

  it('no log line, audit row, later read or table row contains any key', async () => {
    const tables = [
      'users',
      'groups',
      'roles',
      'group_roles',
      'user_groups',
      'api_keys',
      'audit_log',
      'notifications',
      'schema_migrations',
    ];
    const dump: string[] = [];
    for (const table of tables) dump.push(JSON.stringify(await t.service.context.db.query(`SELECT * FROM ${table}`)));
    const haystacks = { logs: t.logs.join('\n'), reads: reads.join('\n'), tables: dump.join('\n') };
    for (const secret of secrets) {
      // The secret half alone must not appear either (the test admin key repeats its id, so skip that one).
      const secretHalf = secret.slice(32) === secret.slice(0, 32) ? secret : secret.slice(32);
      for (const [where, text] of Object.entries(haystacks)) {
        expect({ where, leaked: text.includes(secret) || text.includes(secretHalf) }).toEqual({ where, leaked: false });
      }
    }
  });
});
