// Delivery bookkeeping over a real database: a failed e-mail or webhook is retried on the next run, a delivered
// one never again; yesterday's undelivered notice is superseded by today's; nothing secret leaves the server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { collectingSink } from '../../../src/kernel/events.js';
import { createEmailSender } from '../../../src/keyservice/notifications/email-sender.js';
import {
  createNotificationScheduler,
  type NotificationScheduler,
} from '../../../src/keyservice/notifications/scheduler.js';
import { createSqlNotificationStore } from '../../../src/keyservice/notifications/sql-store.js';
import { createWebhookSender } from '../../../src/keyservice/notifications/webhook-sender.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';
import { worldFactories, type World } from './support/world.js';

const HOUR = 3_600_000;

describe.each(worldFactories())('expiry notice delivery on %s', (_name, openWorld) => {
  let world: World;
  let sink: SmtpSink;
  let hooks: WebhookReceiver;
  let scheduler: NotificationScheduler;
  let events: ReturnType<typeof collectingSink>;
  let clock: FakeClock;

  beforeEach(async () => {
    world = await openWorld();
    sink = await startSmtpSink();
    hooks = await startWebhookReceiver();
    events = collectingSink();
    clock = new FakeClock('2026-03-05T08:00:00Z');
    scheduler = createNotificationScheduler({
      store: createSqlNotificationStore(world.db),
      clock,
      senders: [
        createEmailSender({ url: sink.url, from: 'keyward@localhost' }),
        createWebhookSender({ url: hooks.url, timeoutMs: 2000 }),
      ],
      events: events.sink,
      maxAttempts: 3,
    });
    const alice = await world.addUser('alice', 'interactive');
    await world.addKey('alice-laptop', alice, 'interactive', new Date('2026-03-10T12:00:00Z'));
  });
  afterEach(async () => {
    await scheduler.stop();
    await sink.close();
    await hooks.close();
    await world.close();
  });

  async function deliveryRows(): Promise<Record<string, unknown>[]> {
    return world.db.query('SELECT channel, status, attempts, last_error FROM notification_deliveries ORDER BY channel');
  }

  it('retries a refused e-mail and a failed webhook on the next run, and re-sends neither once delivered', async () => {
    sink.refuse = true;
    hooks.answers.push(503);
    expect(await scheduler.runOnce()).toMatchObject({ created: 1, delivered: 0, failed: 2 });
    expect(sink.mails).toHaveLength(0);
    expect(await deliveryRows()).toEqual([
      { channel: 'email', status: 'failed', attempts: 1, last_error: expect.stringMatching(/mailbox busy/) as unknown },
      { channel: 'webhook', status: 'failed', attempts: 1, last_error: expect.stringMatching(/HTTP 503$/) as unknown },
    ]);
    const warnings = events.events.filter((e) => e.code === 'notifications.delivery.failed');
    expect(warnings.map((e) => e.data?.channel).sort()).toEqual(['email', 'webhook']);
    expect(warnings.every((e) => e.level === 'warn' && e.message.includes('will retry next run'))).toBe(true);

    // The same run time again does not hammer the channel: each owed delivery gets one try per run.
    expect(await scheduler.runOnce()).toMatchObject({ created: 0, delivered: 0, failed: 0 });

    sink.refuse = false;
    clock.advance(HOUR);
    expect(await scheduler.runOnce()).toMatchObject({ created: 0, delivered: 2, failed: 0 });
    expect(sink.mails).toHaveLength(1);
    expect(hooks.hooks).toHaveLength(2);
    expect(await deliveryRows()).toEqual([
      { channel: 'email', status: 'delivered', attempts: 2, last_error: null },
      { channel: 'webhook', status: 'delivered', attempts: 2, last_error: null },
    ]);

    clock.advance(HOUR);
    expect(await scheduler.runOnce()).toMatchObject({ delivered: 0, failed: 0 });
    expect(sink.mails).toHaveLength(1);
    expect(hooks.hooks).toHaveLength(2);
  });

  it('gives up after the configured attempts and says so', async () => {
    hooks.answers.push(500, 500, 500, 500);
    for (let run = 0; run < 4; run += 1) {
      await scheduler.runOnce();
      clock.advance(HOUR);
    }
    expect(hooks.hooks).toHaveLength(3);
    expect(events.events.filter((e) => e.code === 'notifications.delivery.gave_up')).toHaveLength(1);
    expect(sink.mails).toHaveLength(1);
  });

  it("does not send yesterday's undelivered notice once today's exists", async () => {
    sink.refuse = true;
    await scheduler.runOnce();
    sink.refuse = false;
    clock.advance(24 * HOUR);
    expect(await scheduler.runOnce()).toMatchObject({ day: '2026-03-06', created: 1, delivered: 2 });
    expect(sink.mails.map((m) => m.subject)).toEqual(['[keyward] Your user API key "alice-laptop" expires in 5 days']);
  });

  it('stops delivering a notice whose key was deleted before delivery', async () => {
    sink.refuse = true;
    hooks.answers.push(500);
    const [keyId] = (await world.db.query<{ id: string }>('SELECT id FROM api_keys')).map((r) => r.id);
    await scheduler.runOnce();
    await world.removeKey(String(keyId));
    sink.refuse = false;
    clock.advance(HOUR);
    expect(await scheduler.runOnce()).toMatchObject({ due: 0, delivered: 0, failed: 0 });
    expect(sink.mails).toHaveLength(0);
  });

  it('never lets a secret out: mails, webhooks, events and stored rows hold key IDs only', async () => {
    const bob = await world.addUser('bob', 'interactive');
    const robot = await world.addUser('robot', 'service');
    await world.addGroup('Ops', true, [bob]);
    await world.addKey('deploy#1', robot, 'service', new Date('2026-03-12T00:00:00Z'));
    hooks.answers.push(500);
    await scheduler.runOnce();
    clock.advance(HOUR);
    await scheduler.runOnce();
    expect(sink.mails).toHaveLength(2);
    const stored = JSON.stringify(
      await world.db.query(
        'SELECT n.*, d.* FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id',
      ),
    );
    const outputs = [
      ...sink.mails.map((m) => m.raw),
      ...hooks.hooks.map((h) => h.raw),
      JSON.stringify(events.events),
      stored,
    ];
    expect(world.secrets).toHaveLength(2);
    for (const key of world.secrets) {
      const secretPart = key.slice(32);
      for (const output of outputs) expect(output).not.toContain(secretPart);
      expect(outputs.some((o) => o.includes(key.slice(0, 32)))).toBe(true);
    }
  });
});
