// The scheduler's own timer: start() runs a pass at once, stop() waits for it; bad intervals are refused.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { collectingSink } from '../../../src/kernel/events.js';
import { createNotificationScheduler } from '../../../src/keyservice/notifications/scheduler.js';
import { createSqlNotificationStore } from '../../../src/keyservice/notifications/sql-store.js';
import type { NotificationStore } from '../../../src/keyservice/notifications/types.js';
import { worldFactories } from './support/world.js';

describe('scheduler timer', () => {
  it('runs a pass as soon as it starts, at the injected clock time, and stop() waits for it', async () => {
    const pglite = worldFactories()[0];
    if (pglite === undefined) throw new Error('PGlite is always available');
    const world = await pglite[1]();
    try {
      const alice = await world.addUser('alice', 'interactive');
      await world.addKey('alice-laptop', alice, 'interactive', new Date('2030-01-05T00:00:00Z'));
      const events = collectingSink();
      const scheduler = createNotificationScheduler({
        store: createSqlNotificationStore(world.db),
        clock: new FakeClock('2030-01-01T10:00:00Z'),
        events: events.sink,
      });
      scheduler.start();
      scheduler.start();
      await scheduler.stop();
      const rows = await world.db.query<{ day: string }>('SELECT day::text AS day FROM notifications');
      expect(rows).toEqual([{ day: '2030-01-01' }]);
      expect(events.events.filter((e) => e.code === 'notifications.run')).toHaveLength(1);
    } finally {
      await world.close();
    }
  });

  it('reports a failed timed run as an error event instead of crashing', async () => {
    const broken: NotificationStore = {
      dueTargets: () => Promise.reject(new Error('connection refused')),
      createNotices: () => Promise.reject(new Error('unreachable')),
      claimDeliveries: () => Promise.reject(new Error('unreachable')),
      recordDelivery: () => Promise.reject(new Error('unreachable')),
    };
    const events = collectingSink();
    const scheduler = createNotificationScheduler({ store: broken, clock: new FakeClock(), events: events.sink });
    scheduler.start();
    await scheduler.stop();
    expect(events.events).toEqual([
      {
        code: 'notifications.run.failed',
        level: 'error',
        message: 'running expiry notices: connection refused',
        data: {},
      },
    ]);
    await expect(scheduler.runOnce()).rejects.toThrow('connection refused');
  });

  it('refuses an interval under one second', () => {
    const store = {} as NotificationStore;
    expect(() => createNotificationScheduler({ store, clock: new FakeClock(), intervalMs: 10 })).toThrow(
      /at least 1000 ms, got 10/,
    );
  });
});
