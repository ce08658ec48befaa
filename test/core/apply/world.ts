// A test world for the engine: fake key API + memory stores on one fake clock, one round = observe → plan → apply,
// and the custody invariant (every stored secret verifies VALID against the key service). Test code only.
import { FakeClock } from '../../support/fake-clock.js';
import { collectingSink, type KeywardEvent } from '../../../src/kernel/events.js';
import type { DesiredModel } from '../../../src/core/desired.js';
import { observe } from '../../../src/core/observe/index.js';
import { plan, type Plan, type PlanOptions } from '../../../src/core/plan/index.js';
import { apply, type ApplyResult } from '../../../src/core/apply/index.js';
import type { KeyDriver } from '../../../src/core/ports/key-driver.js';
import type { SecretStore } from '../../../src/core/ports/secret-store.js';
import { FakeKeyDriver, type FaultHook } from '../../support/fake-driver.js';
import { MemoryStore } from '../../support/memory-store.js';

export interface World {
  readonly clock: FakeClock;
  readonly driver: FakeKeyDriver;
  readonly stores: Map<string, MemoryStore>;
  readonly events: KeywardEvent[];
  /** observe → plan → apply; a failed observe or plan surfaces as a thrown KeywardError. */
  round(model: DesiredModel, options?: PlanOptions): Promise<{ plan: Plan; result: ApplyResult }>;
  planNow(model: DesiredModel, options?: PlanOptions): Promise<Plan>;
  /**
   * Problems with the custody invariant: a store holding a secret that does not verify VALID (only `only` refs,
   * `store/name`, when given).
   */
  custodyProblems(only?: ReadonlySet<string>): string[];
  /** The key API's key names, sorted. */
  remoteKeyNames(): string[];
}

export function makeWorld(model: DesiredModel, hook?: FaultHook, start = '2026-03-01T00:00:00Z'): World {
  const clock = new FakeClock(start);
  const driver = new FakeKeyDriver({ clock, hook, seed: start });
  const storeNames = new Set(model.scopes.flatMap((s) => Object.keys(s.stores)));
  const { sink, events } = collectingSink();
  const stores = new Map([...storeNames].map((n) => [n, new MemoryStore(n, clock, hook, { events: sink })]));
  const drivers = new Map<string, KeyDriver>(model.scopes.map((s) => [s.name, driver]));
  const storeMap = new Map<string, ReadonlyMap<string, SecretStore>>(model.scopes.map((s) => [s.name, stores]));
  const deps = { drivers, stores: storeMap };
  const planNow = async (
    m: DesiredModel,
    options: PlanOptions = { allowDestroy: false, forceRetire: false },
  ): Promise<Plan> => plan(m, await observe(m.scopes, deps), clock.now(), options);
  return {
    clock,
    driver,
    stores,
    events,
    planNow,
    async round(m, options) {
      const p = await planNow(m, options);
      const result = await apply(p, {
        ...deps,
        clock,
        sink,
        parallelism: 3,
      });
      return { plan: p, result };
    },
    remoteKeyNames() {
      return driver
        .listKeys()
        .map((k) => k.name)
        .sort();
    },
    custodyProblems(only) {
      const problems: string[] = [];
      for (const store of stores.values()) {
        for (const name of store.names()) {
          const entry = store.read(name);
          if (!entry || (only && !only.has(`${store.name}/${name}`))) continue;
          const verdict = driver.verify(entry.secret.reveal(), false);
          if (verdict !== 'VALID') problems.push(`${store.name}/${name} holds key ${entry.meta.keyId}: ${verdict}`);
        }
      }
      return problems;
    },
  };
}
