// Seed 003 through the portal's session: under the Constellix policy every view of a key's details is audited
// (deletions always are); an administrator removes and grants a user's API access (disable / enable its key)
// without any answer ever holding the secret. Under Infoblox a details view is not audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, startTestService, type TestService } from '../support/harness.js';
import { PortalClient, setPassword } from './support/portal-client.js';

const PASSWORD = 'correct horse battery staple';

async function signedIn(t: TestService, name: string): Promise<PortalClient> {
  const admin = new PortalClient(t);
  if (name === 'admin') await setPassword(t, t.service.adminPasswordLink?.url.reveal() ?? '', PASSWORD);
  else {
    const id = (
      await t.call('POST', '/v2/users', { body: { name, type: 'interactive', email: `${name}@example.com` } })
    ).result.id;
    await setPassword(
      t,
      String((await t.call('POST', '/auth/v1/password_links', { body: { user_id: id } })).result.url),
      PASSWORD,
    );
  }
  expect((await admin.signIn(name, PASSWORD)).status).toBe(200);
  return admin;
}

describe('key details views and API access under the Constellix policy', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService('pglite', { policy: 'constellix' });
  });
  afterAll(() => t.close());

  it('audits each details view and deletion; the admin disables and re-enables without seeing the secret', async () => {
    const admin = await signedIn(t, 'admin');
    const grace = await signedIn(t, 'grace');
    const created = await grace.send('POST', '/v2/current_api_keys', {
      body: { name: 'rollover-1', expires_at: null },
    });
    const secret = String(created.json.result?.key);
    const id = String(created.json.result?.id);
    expect((await admin.send('GET', `/v2/api_keys/${id}`)).json.result).toMatchObject({
      name: 'rollover-1',
      user_name: 'grace',
    });
    await grace.send('GET', `/v2/api_keys/${id}`);
    for (const state of ['disabled', 'enabled']) {
      const r = await admin.send('PATCH', `/v2/api_keys/${id}`, { body: { state } });
      expect(r.json.result?.state).toBe(state);
      expect(r.text).not.toContain(secret);
    }
    expect((await t.call('GET', '/v2/current_user', { key: secret })).result.name).toBe('grace');
    expect((await admin.send('DELETE', `/v2/api_keys/${id}`)).status).toBe(200);
    const log = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent(`target=="${id}"`)}&_order_by=id asc&format=jsonl`,
    );
    const entries = log.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(entries.map((e) => `${e.actor} ${e.action}`)).toEqual([
      'grace@example.com api_key.create',
      'admin@keyward.local api_key.view',
      'grace@example.com api_key.view',
      'admin@keyward.local api_key.disable',
      'admin@keyward.local api_key.enable',
      'admin@keyward.local api_key.delete',
    ]);
    expect(log.text).not.toContain(secret);
  });
});

describe('key details views under the Infoblox policy', () => {
  it('are not audited (lists and views are reads there)', async () => {
    const t = await startTestService('pglite');
    try {
      const own = await t.call('POST', '/v2/current_api_keys', { body: { name: 'script', expires_at: at(30) } });
      expect((await t.call('GET', `/v2/api_keys/${own.result.id}`)).status).toBe(200);
      const log = await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent('action=="api_key.view"')}`);
      expect(log.results).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
