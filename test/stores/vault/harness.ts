// Builds a vault store wired to a fresh KV v2 fake, for the contract suite and the store's own tests.
// The store gets a fake clock, a recording sleep and a collecting event sink; cleanup fails on any fake violation.
import { expect } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { recordingSleep } from '../../support/recording-sleep.js';
import { createVaultStore } from '../../../src/stores/vault/index.js';
import type { StoreConfig } from '../../../src/core/ports/secret-store.js';
import type { StoreHarness } from '../../contract/store-contract.js';
import { crashingSink } from '../../contract/store-crash-rules.js';
import { startVaultFake, type VaultFake, type VaultFakeOptions } from '../../support/vault-fake/index.js';

export interface VaultHarness extends StoreHarness {
  readonly fake: VaultFake;
  afterStep(step: string, action: () => void): void;
}

const VAULT_CONFIG = { type: 'vault', mount: 'secret', path: 'apps/payments', field: 'api_key' } as const;

export async function vaultHarness(
  options: { env?: Record<string, string>; config?: Partial<StoreConfig>; fake?: Partial<VaultFakeOptions> } = {},
): Promise<VaultHarness> {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const fake = await startVaultFake({ clock, ...options.fake });
  const { sleep, delays } = recordingSleep();
  const { sink, events, crashAfter, afterStep } = crashingSink();
  const config: StoreConfig = { ...VAULT_CONFIG, address: fake.url, ...options.config };
  const env = options.env ?? { VAULT_TOKEN: 'root-token' };
  const store = createVaultStore('vault', config, { env, baseDir: '/nonexistent', clock, sleep, events: sink });
  return {
    store,
    clock,
    fake,
    events,
    crashAfter,
    afterStep,
    peek: async (name) => {
      const value = fake.peek('secret', `apps/payments/${name}`, 'api_key');
      return typeof value === 'string' ? value : undefined;
    },
    breakBackend: async () => {
      fake.mounts.delete('secret'); // the KV engine was disabled: every path answers "no handler for route"
    },
    faults: {
      transient: (count) => fake.inject({ status: 503, times: count }),
      retryAfter: (seconds) => fake.inject({ status: 429, retryAfter: seconds }),
      denied: () => fake.inject({ status: 403 }),
      sleeps: delays,
    },
    cleanup: async () => {
      await fake.close();
      expect(fake.violations, 'requests the KV v2 API documentation does not allow').toEqual([]);
    },
  };
}
