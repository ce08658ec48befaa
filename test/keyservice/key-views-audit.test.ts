// Constellix auditing through HTTP: every view of keys (one key, lists, current keys) and every delete is in the
// audit log with who (actor id, type, name), what (action, key id) and whose (key name and owner); infoblox logs no
// views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, serviceUser, startTestService, type TestService, type Wire } from './support/harness.js';

describe.each(backends())('key views and deletes in the audit log on %s', (backend) => {
  let t: TestService;
  let owner: string;
  let key: Wire;
  const log = async (action: string): Promise<Wire[]> =>
    (await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent(`action=="${action}"`)}&_order_by=id asc`))
      .results;
  beforeAll(async () => {
    t = await startTestService(backend, { policy: 'constellix' });
    owner = await serviceUser(t, 'payments-bot');
    key = (await t.call('POST', '/v2/api_keys', { body: { name: 'deploy', user_id: owner, expires_at: null } })).result;
  });
  afterAll(async () => t?.close());

  it('audits viewing one key: who, what and whose', async () => {
    expect((await t.call('GET', `/v2/api_keys/${key.id}`)).status).toBe(200);
    const [row] = await log('api_key.view');
    expect(row).toMatchObject({
      actor: 'admin@keyward.local',
      actor_type: 'interactive',
      target: key.id,
      outcome: 'success',
    });
    expect(row?.actor_id).toMatch(/^identity\/users\//);
    expect(row?.detail).toBe(`viewed key "deploy" of user "payments-bot" (${owner}) (GET /v2/api_keys/<id>)`);
  });

  it('audits a list with one row per key shown, and the current keys', async () => {
    const listed = (await t.call('GET', '/v2/api_keys')).results;
    const rows = await log('api_key.list');
    expect(rows.map((r) => r.target).sort()).toEqual(listed.map((k) => k.id).sort());
    expect(rows.find((r) => r.target === key.id)?.detail).toContain('key "deploy" of user "payments-bot"');
    const mine = (await t.call('GET', '/v2/current_api_keys')).results;
    expect((await log('current_api_key.list')).map((r) => r.target)).toEqual(mine.map((k) => k.id));
    await t.call('GET', `/v2/api_keys?_filter=${encodeURIComponent('name=="nothing"')}`);
    expect((await log('api_key.list')).at(-1)).toMatchObject({
      target: 'api_keys',
      detail: 'viewed no keys (GET /v2/api_keys)',
    });
  });

  it('audits a delete with the key name and its owner', async () => {
    expect((await t.call('DELETE', `/v2/api_keys/${key.id}`)).status).toBe(200);
    const [row] = await log('api_key.delete');
    expect(row).toMatchObject({
      target: key.id,
      detail: `deleted key "deploy" of user "payments-bot" (${owner})`,
      actor_type: 'interactive',
    });
  });

  it('under infoblox, views are not audited (deletes still name key and owner)', async () => {
    const other = await startTestService(backend);
    try {
      const user = await serviceUser(other, 'quiet-bot');
      const k = (
        await other.call('POST', '/v2/api_keys', {
          body: { name: 'q', user_id: user, expires_at: '2026-02-01T00:00:00Z' },
        })
      ).result;
      await other.call('GET', `/v2/api_keys/${k.id}`);
      await other.call('GET', '/v2/api_keys');
      await other.call('DELETE', `/v2/api_keys/${k.id}`);
      const actions = (await other.call('GET', '/api/auditlog/v1/logs?_limit=1000')).results.map((r) => r.action);
      expect(actions.filter((a) => String(a).includes('view') || String(a).includes('list'))).toEqual([]);
      expect(actions).toContain('api_key.delete');
    } finally {
      await other.close();
    }
  });
});
