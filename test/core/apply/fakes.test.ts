// The in-memory doubles keep the rules the engine relies on: 10 keys per service user, expiry from the clock,
// expired is terminal, secrets shown once and never kept, stores record key IDs and update times.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { FakeClock } from '../../support/fake-clock.js';
import { Secret } from '../../../src/kernel/secret.js';
import { FakeKeyDriver } from '../../support/fake-driver.js';
import { MemoryStore } from '../../support/memory-store.js';

describe('FakeKeyDriver', () => {
  const setup = () => {
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    return { clock, driver: new FakeKeyDriver({ clock }) };
  };
  const inDays = (clock: FakeClock, days: number) => new Date(clock.now().getTime() + days * DAY_MS);

  it('refuses an 11th key, a duplicate user, an unknown group, a past or too-long expiry', async () => {
    const { clock, driver } = setup();
    const user = await driver.createServiceUser({ name: 'svc', description: '', groups: ['deployers'] });
    await expect(driver.createServiceUser({ name: 'svc', description: '', groups: [] })).rejects.toThrow('409');
    await expect(driver.createServiceUser({ name: 'x', description: '', groups: ['nope'] })).rejects.toThrow(
      'group nope',
    );
    await expect(driver.createKey({ userId: user.id, name: 'k', expiresAt: inDays(clock, -1) })).rejects.toThrow(
      'in the past',
    );
    await expect(driver.createKey({ userId: user.id, name: 'k', expiresAt: inDays(clock, 400) })).rejects.toThrow(
      '56 weeks',
    );
    await expect(driver.createKey({ userId: user.id, name: 'k', expiresAt: null })).rejects.toThrow('must expire');
    for (let i = 0; i < 10; i += 1)
      await driver.createKey({ userId: user.id, name: `k${i}`, expiresAt: inDays(clock, 30) });
    await expect(driver.createKey({ userId: user.id, name: 'k10', expiresAt: inDays(clock, 30) })).rejects.toThrow(
      'at most 10',
    );
  });

  it('reads a key past expires_at as expired, refuses to enable or disable it, and verify answers by state', async () => {
    const { clock, driver } = setup();
    const user = await driver.createServiceUser({ name: 'svc', description: '', groups: [] });
    const created = await driver.createKey({ userId: user.id, name: 'k', expiresAt: inDays(clock, 2) });
    expect(created.secret).toBeInstanceOf(Secret);
    expect(created.key.id).toBe(created.secret.reveal().slice(0, 32));
    expect(JSON.stringify(created)).not.toContain(created.secret.reveal());
    expect(driver.verify(created.secret.reveal())).toBe('VALID');
    expect(driver.listKeys()[0]?.lastUsedAt).toEqual(clock.now());
    await driver.setKeyState(created.key.id, 'disabled');
    expect(driver.verify(created.secret.reveal())).toBe('DISABLED');
    clock.advance(3 * DAY_MS);
    expect(driver.listKeys()[0]?.state).toBe('expired');
    expect(driver.verify(created.secret.reveal())).toBe('EXPIRED');
    await expect(driver.setKeyState(created.key.id, 'enabled')).rejects.toThrow('terminal');
    await driver.deleteKey(created.key.id);
    await driver.deleteKey(created.key.id);
    expect(driver.verify(created.secret.reveal())).toBe('NOT_FOUND');
    await expect(driver.setKeyState(created.key.id, 'enabled')).rejects.toMatchObject({
      code: 'not_found',
      details: { status: 404 },
    });
  });
});

describe('MemoryStore', () => {
  it('replaces on write, records the key ID and time, describes without the secret, deletes idempotently', async () => {
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    const store = new MemoryStore('ci', clock);
    const ref = { store: 'ci', name: 'DEPLOY' };
    expect(await store.describe(ref)).toEqual({ state: 'absent' });
    await store.write(ref, new Secret('one'), { keyId: 'a', serviceUser: 's', keyName: 'k', generation: 1 });
    clock.advance(1000);
    await store.write(ref, new Secret('two'), { keyId: 'b', serviceUser: 's', keyName: 'k', generation: 2 });
    const seen = await store.describe(ref);
    expect(seen).toEqual({ state: 'holds', keyId: 'b', updatedAt: clock.now() });
    expect(JSON.stringify(seen)).not.toContain('two');
    expect(store.read('DEPLOY')?.secret.reveal()).toBe('two');
    await store.delete(ref);
    await store.delete(ref);
    expect(await store.describe(ref)).toEqual({ state: 'absent' });
    await expect(store.describe({ store: 'vault', name: 'x' })).rejects.toThrow('memory store ci');
  });
});
