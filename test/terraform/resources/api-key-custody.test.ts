// keyward_api_key delivers through the core engine: store writes retried and confirmed by describe, disable before
// delete, and a create crashed at any store step resumed by the next apply (no key left that no store holds).
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { collectingSink } from '../../../src/kernel/events.js';
import { apiKeyResourceSchema } from '../../../src/terraform/schema/api-key-schema.js';
import type { TfObject } from '../../../src/terraform/values/value.js';
import { FakeKeyDriver } from '../../support/fake-driver.js';
import { CrashSwitch, MEMORY_WRITE_STEPS, MemoryStore } from '../../support/memory-store.js';
import { proposedNewState, rpcHarness, type Harness } from '../support/rpc-harness.js';

const KEY = 'keyward_api_key';
const USER_CONFIG = { name: 'payments-deployer', description: null, groups: ['deployers'], id: null };
const CONFIGS: Record<string, TfObject> = {
  'generation unset': {
    service_user: 'payments-deployer',
    name: 'deploy',
    expires_in: '30d',
    secret_store: { type: 'memory', name: 'DEPLOY_KEY' },
  },
  'generation = 1': {
    service_user: 'payments-deployer',
    name: 'deploy',
    generation: 1,
    expires_in: '30d',
    secret_store: { type: 'memory', name: 'DEPLOY_KEY' },
  },
};

interface World {
  readonly clock: FakeClock;
  readonly driver: FakeKeyDriver;
  readonly store: MemoryStore;
}

function world(): World {
  const clock = new FakeClock('2026-03-01T00:00:00Z');
  const events = collectingSink();
  return {
    clock,
    driver: new FakeKeyDriver({ clock }),
    store: new MemoryStore('secret_store', clock, undefined, { events: events.sink, crash: new CrashSwitch() }),
  };
}

/** A provider process: a fresh session on the same key API and store. */
async function provider(w: World): Promise<Harness> {
  const h = rpcHarness({ driver: w.driver, store: w.store, clock: w.clock });
  await h.call('ConfigureProvider', { config: h.dv({}) });
  return h;
}

async function planAndApply(h: Harness, type: string, config: TfObject) {
  const block = type === KEY ? apiKeyResourceSchema.block : null;
  const proposed = block ? proposedNewState(block, null, config) : config;
  const planReply = await h.call('PlanResourceChange', {
    type_name: type,
    prior_state: h.dv(null),
    proposed_new_state: h.dv(proposed),
    config: h.dv(config),
  });
  const planned = h.value(planReply, 'planned_state');
  const reply = await h.call('ApplyResourceChange', {
    type_name: type,
    prior_state: h.dv(null),
    planned_state: h.dv(planned),
    config: h.dv(config),
  });
  return { reply, state: h.value(reply, 'new_state') };
}

async function expectConverged(w: World, state: TfObject | null): Promise<void> {
  const keys = (await w.driver.observe()).keys;
  expect(keys.map((k) => k.id)).toEqual([state?.['id']]);
  expect(keys[0]?.state).toBe('enabled');
  expect(await w.store.describe({ store: 'secret_store', name: 'DEPLOY_KEY' })).toMatchObject({
    state: 'holds',
    keyId: state?.['id'],
  });
  expect(w.store.read('DEPLOY_KEY')?.secret.reveal().startsWith(String(state?.['id']))).toBe(true);
  for (const secret of w.driver.issued) expect(JSON.stringify(state)).not.toContain(secret.reveal().slice(32));
}

describe('keyward_api_key through the core delivery engine', () => {
  for (const [label, config] of Object.entries(CONFIGS)) {
    for (const step of MEMORY_WRITE_STEPS) {
      it(`${label}: a create killed after ${step} is resumed by the next apply`, async () => {
        const w = world();
        const first = await provider(w);
        await planAndApply(first, 'keyward_service_user', USER_CONFIG);
        const tripped = w.store.crashAt(step);
        void planAndApply(first, KEY, config); // the killed apply: it never answers
        await tripped;
        w.store.crash.reset();
        const { reply, state } = await planAndApply(await provider(w), KEY, config);
        expect(reply.diagnostics).toEqual([]);
        expect(state?.['generation']).toBe(
          label === 'generation = 1' ? 1 : step === 'memory.write-started' || step === 'memory.pending-marked' ? 1 : 2,
        );
        expect(String(state?.['remote_name'])).toMatch(/^deploy(#[0-9]+)?(\.r[0-9]+)?$/);
        await expectConverged(w, state);
      });
    }
  }

  it('stacks no retries on the store: a failed write fails the apply, the next one delivers (core events)', async () => {
    const w = world();
    const h = await provider(w);
    await planAndApply(h, 'keyward_service_user', USER_CONFIG);
    w.store.failAt('memory.value-written', undefined, 1);
    const failed = await planAndApply(h, KEY, CONFIGS['generation unset'] ?? {});
    expect(failed.reply.diagnostics?.length).toBeGreaterThan(0);
    expect(h.logs.some((line) => line.startsWith('store.write.failed'))).toBe(true);
    expect(h.logs.filter((line) => line.startsWith('store.write.retry'))).toEqual([]);
    const { reply, state } = await planAndApply(h, KEY, CONFIGS['generation unset'] ?? {});
    expect(reply.diagnostics).toEqual([]);
    await expectConverged(w, state);
    expect(h.logs.some((line) => line.startsWith('store.write.verified'))).toBe(true);
  });

  it('destroys by disabling, then deleting the key, then its secret', async () => {
    const w = world();
    const h = await provider(w);
    await planAndApply(h, 'keyward_service_user', USER_CONFIG);
    const { state } = await planAndApply(h, KEY, CONFIGS['generation = 1'] ?? {});
    w.driver.calls.length = 0;
    const reply = await h.call('ApplyResourceChange', {
      type_name: KEY,
      prior_state: h.dv(state),
      planned_state: h.dv(null),
      config: h.dv(null),
    });
    expect(reply.diagnostics).toEqual([]);
    expect(w.driver.calls.filter((c) => c !== 'driver.observe')).toEqual(['driver.setKeyState', 'driver.deleteKey']);
    expect(w.store.names()).toEqual([]);
  });
});
