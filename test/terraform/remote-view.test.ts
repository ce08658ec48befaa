// The provider's RemoteView: one observe() answers every lookup until a change invalidates it, and lookups by id and
// by name find what a scan of the observed lists finds.
import { beforeEach, describe, expect, it } from 'vitest';
import { RemoteView } from '../../src/terraform/remote-view.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeKeyDriver } from '../support/fake-driver.js';

describe('RemoteView', () => {
  let driver: FakeKeyDriver;
  let view: RemoteView;
  const observes = () => driver.calls.filter((call) => call === 'driver.observe').length;

  beforeEach(() => {
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    driver = new FakeKeyDriver({ clock });
    view = new RemoteView(driver);
  });

  it('finds users and keys by id and name from one observe()', async () => {
    const user = await driver.createServiceUser({ name: 'payments', description: '', groups: [] });
    const expiresAt = new Date('2026-06-01T00:00:00Z');
    const keys = [];
    for (const name of ['deploy', 'batch'])
      keys.push((await driver.createKey({ userId: user.id, name, expiresAt })).key);
    expect(await view.userByName('payments')).toEqual(user);
    expect(await view.userById(user.id)).toEqual(user);
    for (const key of keys) expect(await view.keyById(key.id)).toEqual(key);
    expect(await view.keyById('no-such-key')).toBeNull();
    expect(await view.userByName('nobody')).toBeNull();
    expect(observes()).toBe(1);
  });

  it('finds groups and roles by id, else by name', async () => {
    const observed = await view.observe();
    const group = observed.groups[1];
    const role = observed.roles[0];
    if (!group || !role) throw new Error('the fake driver observes groups and roles');
    expect(await view.group(group.id)).toEqual(group);
    expect(await view.group(group.name)).toEqual(group);
    expect(await view.role(role.id)).toEqual(role);
    expect(await view.role(role.name)).toEqual(role);
    expect(await view.group('nothing')).toBeNull();
    expect(observes()).toBe(1);
  });

  it('observes again after invalidate(), and sees the change', async () => {
    expect(await view.userByName('payments')).toBeNull();
    const user = await driver.createServiceUser({ name: 'payments', description: '', groups: [] });
    expect(await view.userByName('payments')).toBeNull();
    view.invalidate();
    expect(await view.userByName('payments')).toEqual(user);
    expect(observes()).toBe(2);
  });

  it('prefetch() observes once for the reads after it', async () => {
    view.prefetch();
    expect(observes()).toBe(1);
    expect(await view.userByName('payments')).toBeNull();
    expect(observes()).toBe(1);
  });

  it('a prefetch() that failed leaves the next read to observe again and meet the failure itself', async () => {
    let failures = 2;
    const failing = new FakeKeyDriver({
      clock: new FakeClock('2026-03-01T00:00:00Z'),
      hook: (phase, op) => {
        if (phase === 'before' && op === 'driver.observe' && failures-- > 0) throw new Error('key API unavailable');
      },
    });
    const prefetched = new RemoteView(failing);
    prefetched.prefetch();
    await new Promise(setImmediate); // the prefetch has failed before any read
    await expect(prefetched.userByName('payments')).rejects.toThrow('key API unavailable');
    expect(await prefetched.userByName('payments')).toBeNull();
    expect(failing.calls.filter((call) => call === 'driver.observe')).toHaveLength(3);
  });
});
