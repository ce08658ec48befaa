// The audit log: every create, update, state change, delete, verify failure, denial and bootstrap, with actor,
// action, target, outcome and time; readable and exportable (JSON lines, CSV) by account admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  at,
  backends,
  serviceKey,
  serviceUser,
  startTestService,
  type TestService,
  type Wire,
} from './support/harness.js';

describe.each(backends())('audit log on %s', (backend) => {
  let t: TestService;
  let entries: Wire[];
  let user: string;
  let key: Wire;
  let other: Wire;
  beforeAll(async () => {
    t = await startTestService(backend);
    user = await serviceUser(t, 'audited');
    t.clock.set(at(1));
    key = await serviceKey(t, user, 'k', at(20));
    other = await serviceKey(t, user, 'other', at(20));
    await t.call('PATCH', `/v2/api_keys/${key.id}`, { body: { state: 'disabled' } });
    await t.call('PATCH', `/v2/api_keys/${key.id}`, { body: { state: 'enabled' } });
    await t.call('POST', '/v2/api_keys/verify', { body: { key: 'f'.repeat(64) } });
    await t.call('POST', '/v2/groups', { key: other.key as string, body: { name: 'nope' } });
    await t.call('GET', '/v2/users', { key: '1'.repeat(64) });
    await t.call('DELETE', `/v2/api_keys/${key.id}`);
    entries = (await t.call('GET', '/api/auditlog/v1/logs?_order_by=time asc,id asc&_limit=1000')).results;
  });
  afterAll(async () => t?.close());

  it('records bootstrap, creates, state changes, deletes, verify failures, denials and failed sign-ins', () => {
    const summary = entries.map((e) => [e.action, e.outcome, e.actor]);
    expect(summary).toEqual([
      ['bootstrap', 'success', 'system'],
      // A new database prints a one-time set-password link for admin (docs/portal-api.md).
      ['auth.password_link', 'success', 'system'],
      ['user.create', 'success', 'admin@keyward.local'],
      ['api_key.create', 'success', 'admin@keyward.local'],
      ['api_key.create', 'success', 'admin@keyward.local'],
      ['api_key.disable', 'success', 'admin@keyward.local'],
      ['api_key.enable', 'success', 'admin@keyward.local'],
      ['group.create', 'denied', 'audited'],
      ['api_key.delete', 'success', 'admin@keyward.local'],
      // Failures are aggregated (one row per actor, source and target per window), written at the latest when read.
      ['api_key.verify', 'failure', 'admin@keyward.local'],
      ['auth.sign_in', 'failure', 'anonymous'],
    ]);
    expect(entries[3]).toMatchObject({
      target: key.id,
      time: at(1),
      actor_id: expect.stringMatching(/^identity\/users\//),
    });
    expect(entries[3]).toMatchObject({ actor_type: 'interactive', count: 1, source: null });
    expect(entries[9]).toMatchObject({ detail: 'NOT_FOUND', count: 1, time: at(1) });
    expect(entries[10]).toMatchObject({ detail: 'NOT_FOUND', count: 1, actor_type: 'anonymous', source: '127.0.0.1' });
    expect(entries[8]?.detail).toBe(`deleted key "k" of user "audited" (${user})`);
  });

  it('filters the log', async () => {
    const r = await t.call(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent(`target=="${key.id}"`)}&_order_by=time asc,id asc`,
    );
    expect(r.results.map((e) => e.action)).toEqual([
      'api_key.create',
      'api_key.disable',
      'api_key.enable',
      'api_key.delete',
    ]);
  });

  it('exports JSON lines and CSV', async () => {
    const jsonl = await t.call('GET', '/api/auditlog/v1/logs?format=jsonl&_order_by=time asc,id asc');
    const lines = jsonl.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Wire);
    expect(lines.map((e) => e.action)).toEqual(entries.map((e) => e.action));
    const csv = await t.call('GET', '/api/auditlog/v1/logs?format=csv&_order_by=time asc,id asc');
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('id,time,actor,actor_id,actor_type,action,target,outcome,detail,source,count');
    expect(rows).toHaveLength(entries.length + 1);
    expect(rows[1]).toContain(',system,,system,bootstrap,');
  });

  it('is for account admins only', async () => {
    for (const format of ['json', 'jsonl', 'csv']) {
      const r = await t.call('GET', `/api/auditlog/v1/logs?format=${format}`, { key: other.key as string });
      expect([r.status, r.code]).toEqual([403, 'forbidden']);
    }
  });
});
