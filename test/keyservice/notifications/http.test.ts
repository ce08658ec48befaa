// Expiry notices through the running key service: keys and users made over HTTP, the scheduler driven with the
// server's fake clock, notices read back with GET /v2/notifications, mails caught by a real SMTP server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { generateKey, hashKey, keyIdOf } from '../../../src/keyservice/domain/key-material.js';
import { notificationSettingsFromEnv } from '../../../src/keyservice/notifications/config.js';
import { insertKey } from '../../../src/keyservice/repository/keys-repo.js';
import { startKeyService } from '../../../src/keyservice/server.js';
import {
  ADMIN_KEY,
  at,
  backends,
  DAY,
  serviceKey,
  serviceUser,
  startTestService,
  T0,
  type TestService,
} from '../support/harness.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

describe.each(backends())('expiry notices through the key service on %s', (backend) => {
  let t: TestService;
  let sink: SmtpSink;
  let hooks: WebhookReceiver;

  beforeEach(async () => {
    sink = await startSmtpSink();
    hooks = await startWebhookReceiver();
    const settings = notificationSettingsFromEnv({
      KEYWARD_SMTP_URL: sink.url,
      KEYWARD_SMTP_FROM: 'alerts@keyward.test',
      KEYWARD_WEBHOOK_URL: hooks.url,
    });
    t = await startTestService(backend, { notifications: { ...settings, autoStart: false } });
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
    await hooks.close();
  });

  /** An interactive user with a key of its own (made in storage: nobody may create another user's interactive key). */
  async function person(name: string, groupIds: string[]): Promise<{ id: string; key: string }> {
    const created = await t.call('POST', '/v2/users', {
      body: { name, type: 'interactive', email: `${name}@example.com`, group_ids: groupIds },
    });
    expect(created.status, created.error).toBe(201);
    const key = generateKey();
    const id = created.result.id.replace('identity/users/', '');
    await insertKey(t.service.context.db, {
      id: keyIdOf(key),
      hash: hashKey(key),
      name: `${name}-session`,
      userId: id,
      type: 'interactive',
      expiresAt: null,
      at: new Date(T0),
      by: 'test',
    });
    return { id, key };
  }

  async function group(name: string, accountAlerts: boolean): Promise<string> {
    const created = await t.call('POST', '/v2/groups', { body: { name, account_alerts: accountAlerts } });
    expect(created.status, created.error).toBe(201);
    return created.result.id;
  }

  it('notifies the owner of an interactive key and alert subscribers of a service key, in-app, by mail and webhook', async () => {
    const ops = await group('Ops', true);
    const readers = await group('Readers', false);
    const bob = await person('bob', [ops]);
    const carol = await person('carol', [readers]);
    const own = await t.call('POST', '/v2/current_api_keys', { body: { name: 'admin-script', expires_at: at(5) } });
    expect(own.status, own.error).toBe(201);
    const deployer = await serviceUser(t, 'payments-deployer');
    const deploy = await serviceKey(t, deployer, 'deploy#1', at(10));
    await serviceKey(t, deployer, 'deploy#2', at(40));

    const scheduler = t.service.notifications;
    if (scheduler === undefined) throw new Error('the service was started with notifications');
    // Administrators subscribe to account alerts from bootstrap, so the admin hears of the service key too.
    expect(await scheduler.runOnce()).toMatchObject({ day: '2026-01-01', created: 3, delivered: 6, failed: 0 });
    t.clock.advance(DAY);
    expect(await scheduler.runOnce()).toMatchObject({ day: '2026-01-02', created: 3, delivered: 6, failed: 0 });
    t.clock.advance(DAY / 2);
    expect(await scheduler.runOnce()).toMatchObject({ created: 0, delivered: 0 });

    const adminNotices = await t.call('GET', '/v2/notifications');
    expect(adminNotices.status).toBe(200);
    expect(
      adminNotices.results.map((n) => `${String(n.day)} ${String(n.key_name)} ${String(n.days_left)}`).sort(),
    ).toEqual([
      '2026-01-01 admin-script 5',
      '2026-01-01 deploy#1 10',
      '2026-01-02 admin-script 4',
      '2026-01-02 deploy#1 9',
    ]);
    expect(adminNotices.results.map((n) => n.day)).toEqual(['2026-01-02', '2026-01-02', '2026-01-01', '2026-01-01']);
    const bobNotices = await t.call('GET', '/v2/notifications?_fields=key_id,key_type,message', { key: bob.key });
    expect(bobNotices.results).toEqual([
      { key_id: deploy.id, key_type: 'service', message: 'Your service API key "deploy#1" expires in 9 days' },
      { key_id: deploy.id, key_type: 'service', message: 'Your service API key "deploy#1" expires in 10 days' },
    ]);
    expect((await t.call('GET', '/v2/notifications', { key: carol.key })).results).toEqual([]);
    const bad = await t.call('GET', '/v2/notifications?_filter=day==', { key: bob.key });
    expect([bad.status, bad.code]).toEqual([400, 'bad_request']);
    expect(bad.error).toMatch(/^_filter: .* at position/);

    expect(sink.mails.map((m) => `${m.to.join(',')} ${m.subject}`).sort()).toEqual([
      'admin@keyward.local [keyward] Your service API key "deploy#1" expires in 10 days',
      'admin@keyward.local [keyward] Your service API key "deploy#1" expires in 9 days',
      'admin@keyward.local [keyward] Your user API key "admin-script" expires in 4 days',
      'admin@keyward.local [keyward] Your user API key "admin-script" expires in 5 days',
      'bob@example.com [keyward] Your service API key "deploy#1" expires in 10 days',
      'bob@example.com [keyward] Your service API key "deploy#1" expires in 9 days',
    ]);
    expect(sink.mails.every((m) => m.from === 'alerts@keyward.test')).toBe(true);
    expect(hooks.hooks).toHaveLength(6);

    // No secret in anything the notices produced or the server logged.
    const outputs = [
      ...sink.mails.map((m) => m.raw),
      ...hooks.hooks.map((h) => h.raw),
      adminNotices.text,
      bobNotices.text,
      t.logs.join('\n'),
    ];
    for (const secret of [own.result.key, deploy.key, bob.key, ADMIN_KEY]) {
      expect(typeof secret).toBe('string');
      for (const output of outputs) expect(output).not.toContain(String(secret).slice(32));
    }
    expect(
      t.logs.some((l) =>
        l.startsWith('notifications info: expiry notices for 2026-01-02: 3 created, 6 delivered, 0 failed'),
      ),
    ).toBe(true);
  });
});

describe('expiry notices across a restart of the key service (PGlite data directory)', () => {
  it('a restarted server on the same data adds no second notice for the day and sends nothing again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-notices-'));
    const sink = await startSmtpSink();
    const clock = new FakeClock('2026-01-01T09:00:00Z');
    const start = () =>
      startKeyService({
        dataDir: join(dir, 'data'),
        clock,
        bootstrapKey: ADMIN_KEY,
        notifications: { ...notificationSettingsFromEnv({ KEYWARD_SMTP_URL: sink.url }), autoStart: false },
      });
    try {
      const first = await start();
      const created = await fetch(`${first.url}/v2/current_api_keys`, {
        method: 'POST',
        headers: { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'admin-script', expires_at: '2026-01-08T00:00:00Z' }),
      });
      expect(created.status).toBe(201);
      expect(await first.notifications?.runOnce()).toMatchObject({ created: 1, delivered: 1 });
      await first.close();

      clock.advance(3_600_000);
      const second = await start();
      expect(await second.notifications?.runOnce()).toMatchObject({ due: 1, created: 0, delivered: 0 });
      const listed = (await (
        await fetch(`${second.url}/v2/notifications`, { headers: { authorization: `Token ${ADMIN_KEY}` } })
      ).json()) as { results: unknown[] };
      expect(listed.results).toHaveLength(1);
      await second.close();
      expect(sink.mails).toHaveLength(1);
    } finally {
      await sink.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
