// observe(): one listing per driver (list pages only), one describe per declared secret ref, failures never
// read as "absent", and ambiguity surfacing before any plan.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { KeywardError } from '../../../src/kernel/errors.js';
import { Secret } from '../../../src/kernel/secret.js';
import { observe } from '../../../src/core/observe/index.js';
import { plan } from '../../../src/core/plan/index.js';
import type { KeyDriver } from '../../../src/core/ports/key-driver.js';
import type { SecretStore } from '../../../src/core/ports/secret-store.js';
import { FakeKeyDriver, type FaultHook } from '../../support/fake-driver.js';
import { MemoryStore } from '../../support/memory-store.js';
import { desired, dkey, dscope, duser } from '../plan/builders.js';

function setup(hook?: FaultHook) {
  const clock = new FakeClock('2026-03-01T00:00:00Z');
  const driver = new FakeKeyDriver({ clock, hook, pageSize: 2 });
  const ci = new MemoryStore('ci', clock, hook);
  const stores = new Map<string, SecretStore>([
    ['ci', ci],
    ['vault', new MemoryStore('vault', clock, hook)],
  ]);
  return { clock, driver, ci, stores };
}

const payments = dscope([duser('deployer', [dkey('deploy'), dkey('audit', { secrets: [] })])]);
const billing = dscope([duser('biller', [dkey('bill')])], { name: 'billing' });

describe('observe', () => {
  it('lists each driver once (requests = list pages) and describes every declared ref once', async () => {
    const { driver, ci, stores } = setup();
    const user = await driver.createServiceUser({ name: 'deployer', description: '', groups: [] });
    for (const name of ['deploy', 'x', 'y'])
      await driver.createKey({ userId: user.id, name, expiresAt: new Date('2026-04-01T00:00:00Z') });
    const key = driver.listKeys()[0];
    if (!key) throw new Error('no key');
    await ci.write({ store: 'ci', name: 'DEPLOY' }, new Secret('s'), {
      keyId: key.id,
      serviceUser: 'deployer',
      keyName: 'deploy',
      generation: 1,
    });
    driver.calls.length = 0;
    ci.calls.length = 0;
    const model = await observe(desired(payments, billing).scopes, {
      drivers: new Map<string, KeyDriver>([
        ['payments', driver],
        ['billing', driver],
      ]),
      stores: new Map([
        ['payments', stores],
        ['billing', stores],
      ]),
    });
    expect(driver.calls).toEqual(['driver.observe']);
    expect(ci.calls).toEqual(['store.describe', 'store.describe']);
    expect(model.scopes.map((s) => s.scope)).toEqual(['payments', 'billing']);
    // users, keys (3 keys on pages of 2), groups, roles
    expect(model.scopes[0]?.remote.requests).toBe(1 + 2 + 1 + 1);
    expect(model.scopes[0]?.secrets).toEqual([
      {
        store: 'ci',
        name: 'DEPLOY',
        stored: { state: 'holds', keyId: key.id, updatedAt: new Date('2026-03-01T00:00:00Z') },
      },
    ]);
    expect(model.scopes[1]?.secrets).toEqual([{ store: 'ci', name: 'BILL', stored: { state: 'absent' } }]);
  });

  it('fails with context when the key API or a store fails, never reporting "absent"', async () => {
    const down = setup((phase, op) => {
      if (phase === 'before' && op === 'driver.observe')
        throw new KeywardError('unavailable', 'key API answered 503 after 4 attempts');
    });
    const deps = { drivers: new Map([['payments', down.driver]]), stores: new Map([['payments', down.stores]]) };
    await expect(observe([payments], deps)).rejects.toThrow(
      'listing service users and keys of fake for scope payments: key API answered 503 after 4 attempts',
    );
    const sealed = setup((phase, op) => {
      if (phase === 'before' && op === 'store.describe')
        throw new KeywardError('test.store-unavailable', 'vault is sealed');
    });
    await expect(
      observe([payments], {
        drivers: new Map([['payments', sealed.driver]]),
        stores: new Map([['payments', sealed.stores]]),
      }),
    ).rejects.toThrow('describing secret ci/DEPLOY of deployer/deploy in scope payments: vault is sealed');
  });

  it('names a missing driver or store; ambiguity is left to plan(), which reports it with every other problem', async () => {
    const { driver, stores } = setup();
    await expect(observe([payments], { drivers: new Map(), stores: new Map([['payments', stores]]) })).rejects.toThrow(
      'no key-API driver is configured for scope payments',
    );
    await expect(observe([payments], { drivers: new Map([['payments', driver]]), stores: new Map() })).rejects.toThrow(
      'scope payments has no secret store named ci',
    );
    const user = await driver.createServiceUser({ name: 'deployer', description: '', groups: [] });
    await driver.createKey({ userId: user.id, name: 'deploy', expiresAt: new Date('2026-04-01T00:00:00Z') });
    await driver.createKey({ userId: user.id, name: 'deploy', expiresAt: new Date('2026-04-01T00:00:00Z') });
    const model = await observe([payments], {
      drivers: new Map([['payments', driver]]),
      stores: new Map([['payments', stores]]),
    });
    expect(() =>
      plan(desired(payments), model, new Date('2026-03-01T00:00:00Z'), { allowDestroy: false, forceRetire: false }),
    ).toThrow(/two remote keys claim generation 1/);
  });
});
