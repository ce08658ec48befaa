// The query behind GET /v2/notifications over a real database: the caller's own notices only, newest first,
// with _filter, _fields and paging, and 400s naming the parameter on bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { isKeywardError } from '../../../src/kernel/errors.js';
import { listNotifications } from '../../../src/keyservice/notifications/list.js';
import { createNotificationScheduler } from '../../../src/keyservice/notifications/scheduler.js';
import { createSqlNotificationStore } from '../../../src/keyservice/notifications/sql-store.js';
import { worldFactories, type World } from './support/world.js';

const DAY = 86_400_000;

describe.each(worldFactories())('notification listing on %s', (_name, openWorld) => {
  let world: World;
  let alice: string;
  let bob: string;
  let carol: string;
  let laptopKey: string;
  let ciKey: string;
  let deployKey: string;

  beforeAll(async () => {
    world = await openWorld();
    alice = await world.addUser('alice', 'interactive');
    bob = await world.addUser('bob', 'interactive');
    carol = await world.addUser('carol', 'interactive');
    const robot = await world.addUser('robot', 'service');
    await world.addGroup('Ops', true, [bob]);
    laptopKey = await world.addKey('alice-laptop', alice, 'interactive', new Date('2026-03-10T12:00:00Z'));
    ciKey = await world.addKey('alice-ci', alice, 'legacy', new Date('2026-03-20T12:00:00Z'));
    deployKey = await world.addKey('deploy#1', robot, 'service', new Date('2026-03-08T00:00:00Z'));
    const clock = new FakeClock('2026-03-05T09:00:00Z');
    const scheduler = createNotificationScheduler({ store: createSqlNotificationStore(world.db), clock });
    for (let day = 0; day < 3; day += 1) {
      await scheduler.runOnce();
      clock.advance(DAY);
    }
  });
  afterAll(async () => {
    await world.close();
  });

  const list = (userId: string, query = '') => listNotifications(world.db, userId, new URLSearchParams(query));

  it("lists the caller's notices, newest first, with key ID and name and a message", async () => {
    const mine = await list(alice);
    // alice-laptop on 03-05, 03-06, 03-07; alice-ci enters its window on 03-06 12:00, so 03-07 only.
    expect(mine.map((n) => n.day)).toEqual(['2026-03-07', '2026-03-07', '2026-03-06', '2026-03-05']);
    expect(mine.map((n) => `${String(n.day)} ${String(n.key_name)}`).sort()).toEqual([
      '2026-03-05 alice-laptop',
      '2026-03-06 alice-laptop',
      '2026-03-07 alice-ci',
      '2026-03-07 alice-laptop',
    ]);
    const first = mine.find((n) => n.day === '2026-03-05');
    expect(first).toEqual({
      id: expect.stringMatching(/^notifications\/[0-9a-f-]{36}$/) as unknown,
      kind: 'api_key_expiry',
      user_id: `identity/users/${alice}`,
      key_id: `identity/apikeys/${laptopKey}`,
      key_name: 'alice-laptop',
      key_type: 'interactive',
      expires_at: '2026-03-10T12:00:00.000Z',
      day: '2026-03-05',
      days_left: 6,
      message: 'Your user API key "alice-laptop" expires in 6 days',
      read: false,
      created_at: '2026-03-05T09:00:00.000Z',
    });
  });

  it('shows service-key notices to alert subscribers and nothing to others', async () => {
    const bobs = await list(bob);
    expect(bobs).toHaveLength(3);
    expect(bobs.every((n) => n.key_id === `identity/apikeys/${deployKey}` && n.key_type === 'service')).toBe(true);
    expect(await list(carol)).toEqual([]);
  });

  it('filters, selects fields, orders and pages', async () => {
    expect(await list(alice, `_filter=key_id=="identity/apikeys/${ciKey}"&_fields=key_name,day`)).toEqual([
      { key_name: 'alice-ci', day: '2026-03-07' },
    ]);
    expect(await list(alice, '_filter=day=="2026-03-06" and read==false&_fields=key_name')).toEqual([
      { key_name: 'alice-laptop' },
    ]);
    const oldest = await list(alice, '_order_by=created_at asc&_limit=1&_fields=day');
    expect(oldest).toEqual([{ day: '2026-03-05' }]);
    expect(await list(alice, '_order_by=created_at asc&_offset=3&_fields=day')).toEqual([{ day: '2026-03-07' }]);
  });

  it('keeps a notice of a deleted key, without its name', async () => {
    const dave = await world.addUser('dave', 'interactive');
    const key = await world.addKey('temp', dave, 'interactive', new Date('2026-03-09T00:00:00Z'));
    await createNotificationScheduler({
      store: createSqlNotificationStore(world.db),
      clock: new FakeClock('2026-03-07T10:00:00Z'),
    }).runOnce();
    await world.removeKey(key);
    const [notice] = await list(dave);
    expect(notice).toMatchObject({
      key_id: `identity/apikeys/${key}`,
      key_name: null,
      expires_at: null,
      days_left: null,
    });
    expect(notice?.message).toBe(`API key ${key} was about to expire (the key has since been deleted)`);
  });

  it('answers bad list options with a 400 naming the parameter', async () => {
    for (const [query, message] of [
      ['_filter=key_name==', /^_filter: .* at position \d+/],
      ['_filter=secret=="x"', /^_filter: .*secret/],
      ['_filter=read=="yes"', /^_filter: .*not true or false/],
      ['_limit=0', /^_limit /],
      ['_order_by=hash', /^_order_by/],
      // RE2 (the portal's dialect) has no back-references: refused before any database sees the pattern.
      ['_filter=key_name~"(a)\\1"', /^_filter: /],
    ] as const) {
      const err = await list(alice, query).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isKeywardError(err) && err.code === 'bad_request' && err.source === 'user', query).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
  });
});
