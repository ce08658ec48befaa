// The expiry-notice scheduler over a real database: a fake clock walks 20 days and every notice, mail and
// webhook is counted — one per key, recipient and day from 14 days before expiry until expiry, none after.
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

/** `2026-03-01` .. `2026-03-05` inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 24 * HOUR))
    out.push(d.toISOString().slice(0, 10));
  return out;
}

interface Cast {
  alice: string;
  bob: string;
  dave: string;
  eve: string;
  userKey: string;
  serviceKey: string;
}

/**
 * Alice owns an interactive key; a service user owns a service key watched by groups with and without account alerts.
 */
async function cast(world: World): Promise<Cast> {
  const alice = await world.addUser('alice', 'interactive');
  const bob = await world.addUser('bob', 'interactive');
  const carol = await world.addUser('carol', 'interactive');
  const dave = await world.addUser('dave', 'interactive');
  const eve = await world.addUser('eve', 'interactive', null);
  const deployer = await world.addUser('payments-deployer', 'service');
  const robot = await world.addUser('robot', 'service');
  await world.addGroup('Ops', true, [bob, dave, eve, robot]);
  await world.addGroup('Security', true, [dave]);
  await world.addGroup('Readers', false, [carol, alice]);
  const userKey = await world.addKey('alice-laptop', alice, 'interactive', new Date('2026-03-17T12:00:00Z'));
  const serviceKey = await world.addKey('deploy#1', deployer, 'service', new Date('2026-03-10T06:00:00Z'));
  await world.setKeyState(
    await world.addKey('deploy#0', deployer, 'service', new Date('2026-03-12T00:00:00Z')),
    'disabled',
  );
  await world.addKey('forever', deployer, 'service', null);
  await world.addKey('old', alice, 'interactive', new Date('2026-02-27T00:00:00Z'));
  await world.addKey('far', alice, 'interactive', new Date('2026-06-01T00:00:00Z'));
  return { alice, bob, dave, eve, userKey, serviceKey };
}

async function noticeDays(world: World): Promise<Map<string, string[]>> {
  const rows = await world.db.query(
    `SELECT n.key_id || '/' || n.user_id::text AS pair, n.day::text AS day FROM notifications n ORDER BY pair, n.day`,
  );
  const out = new Map<string, string[]>();
  for (const row of rows) out.set(String(row.pair), [...(out.get(String(row.pair)) ?? []), String(row.day)]);
  return out;
}

describe.each(worldFactories())('expiry notice scheduler on %s', (_name, openWorld) => {
  let world: World;
  let sink: SmtpSink;
  let hooks: WebhookReceiver;
  let people: Cast;
  const schedulers: NotificationScheduler[] = [];

  function scheduler(clock: FakeClock, sinkEvents = collectingSink()): NotificationScheduler {
    const s = createNotificationScheduler({
      store: createSqlNotificationStore(world.db),
      clock,
      senders: [
        createEmailSender({ url: sink.url, from: 'keyward@localhost' }),
        createWebhookSender({ url: hooks.url }),
      ],
      events: sinkEvents.sink,
    });
    schedulers.push(s);
    return s;
  }

  beforeEach(async () => {
    world = await openWorld();
    sink = await startSmtpSink();
    hooks = await startWebhookReceiver();
    people = await cast(world);
  });
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    await sink.close();
    await hooks.close();
    await world.close();
  });

  it('walks 20 days every 3 hours: one notice per key, recipient and day until expiry, none after', async () => {
    const clock = new FakeClock('2026-03-01T00:30:00Z');
    const s = scheduler(clock);
    for (let run = 0; run < 20 * 8; run += 1) {
      await s.runOnce(clock.now());
      clock.advance(3 * HOUR);
    }
    const userDays = days('2026-03-03', '2026-03-17');
    const serviceDays = days('2026-03-01', '2026-03-10');
    expect(Object.fromEntries(await noticeDays(world))).toEqual({
      [`${people.userKey}/${people.alice}`]: userDays,
      [`${people.serviceKey}/${people.bob}`]: serviceDays,
      [`${people.serviceKey}/${people.dave}`]: serviceDays,
      [`${people.serviceKey}/${people.eve}`]: serviceDays,
    });

    // E-mail to everyone with an address (eve has none), once per notice; the webhook hears of every notice.
    const mailsTo = (address: string) => sink.mails.filter((m) => m.to.includes(address));
    expect(mailsTo('alice@example.com')).toHaveLength(userDays.length);
    expect(mailsTo('bob@example.com')).toHaveLength(serviceDays.length);
    expect(mailsTo('dave@example.com')).toHaveLength(serviceDays.length);
    expect(sink.mails).toHaveLength(userDays.length + 2 * serviceDays.length);
    expect(sink.mails.every((m) => m.to.length === 1 && m.from === 'keyward@localhost')).toBe(true);
    expect(hooks.hooks).toHaveLength(userDays.length + 3 * serviceDays.length);

    const aliceSubjects = mailsTo('alice@example.com').map((m) => m.subject);
    expect(aliceSubjects[0]).toBe('[keyward] Your user API key "alice-laptop" expires in 14 days');
    expect(aliceSubjects.at(-1)).toBe('[keyward] Your user API key "alice-laptop" expires in 1 day');
    const bobMail = mailsTo('bob@example.com')[0];
    expect(bobMail?.subject).toBe('[keyward] Your service API key "deploy#1" expires in 10 days');
    expect(bobMail?.text).toContain(`Key ID: ${people.serviceKey}`);
    expect(bobMail?.text).toContain('Service user: payments-deployer');
  });

  it('a restarted scheduler and a second instance running at the same time add no notice and send nothing twice', async () => {
    const clock = new FakeClock('2026-03-05T08:00:00Z');
    const first = await scheduler(clock).runOnce();
    expect(first).toMatchObject({ day: '2026-03-05', due: 4, created: 4, delivered: 7, failed: 0 });

    const [a, b] = await Promise.all([scheduler(clock).runOnce(), scheduler(clock).runOnce()]);
    expect(a.created + b.created).toBe(0);
    clock.advance(HOUR);
    const later = await scheduler(clock).runOnce();
    expect(later).toMatchObject({ due: 4, created: 0, delivered: 0 });
    expect(sink.mails).toHaveLength(3);
    expect(hooks.hooks).toHaveLength(4);

    // Two fresh instances racing on a new day: the database decides, each notice and delivery happens once.
    clock.advance(24 * HOUR);
    const [c, d] = await Promise.all([scheduler(clock).runOnce(), scheduler(clock).runOnce()]);
    expect(c.created + d.created).toBe(4);
    expect(c.delivered + d.delivered).toBe(7);
    expect(sink.mails).toHaveLength(6);
    expect(hooks.hooks).toHaveLength(8);
  });

  it('stops notifying about a key once it is disabled', async () => {
    const clock = new FakeClock('2026-03-05T08:00:00Z');
    const s = scheduler(clock);
    await s.runOnce();
    await world.setKeyState(people.serviceKey, 'disabled');
    clock.advance(24 * HOUR);
    const next = await s.runOnce();
    expect(next).toMatchObject({ due: 1, created: 1 });
    expect([...(await noticeDays(world)).keys()]).toHaveLength(4);
  });
});
