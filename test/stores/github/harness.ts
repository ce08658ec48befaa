// Builds a github store wired to a fresh GitHub API fake, for the contract suite and the store's own tests.
// The store gets a fake clock, a recording sleep and a collecting event sink; cleanup fails on any fake violation.
import { expect } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { createGithubStore } from '../../../src/stores/github/index.js';
import { recordingSleep } from '../../support/recording-sleep.js';
import type { StoreConfig } from '../../../src/core/ports/secret-store.js';
import type { StoreHarness } from '../../contract/store-contract.js';
import { crashingSink } from '../../contract/store-crash-rules.js';
import {
  orgScope,
  envScope,
  repoScope,
  startGithubFake,
  type GithubDescription,
  type GithubFake,
  type GithubFakeOptions,
  type ScopeKey,
} from '../../support/github-fake/index.js';

export type ScopeChoice = 'repository' | 'environment' | 'organization';

const SCOPE_CONFIGS: Record<ScopeChoice, { config: StoreConfig; scope: ScopeKey }> = {
  repository: { config: { type: 'github', repository: 'acme/payments' }, scope: repoScope('acme/payments') },
  environment: {
    config: { type: 'github', repository: 'acme/payments', environment: 'production' },
    scope: envScope('acme/payments', 'production'),
  },
  organization: {
    config: { type: 'github', organization: 'acme', visibility: 'selected', repositories: ['payments', 'billing'] },
    scope: orgScope('acme'),
  },
};

export interface GithubHarness extends StoreHarness {
  readonly fake: GithubFake;
  readonly scope: ScopeKey;
  afterStep(step: string, action: () => void): void;
}

export async function githubHarness(
  description: GithubDescription,
  choice: ScopeChoice,
  options: { env?: Record<string, string>; fake?: Partial<GithubFakeOptions> } = {},
): Promise<GithubHarness> {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const fake = await startGithubFake({
    description,
    clock,
    repositories: [{ fullName: 'acme/payments', environments: ['production'] }, 'acme/billing'],
    ...options.fake,
  });
  const { sleep, delays } = recordingSleep();
  const { sink, events, crashAfter, afterStep } = crashingSink();
  const { config, scope } = SCOPE_CONFIGS[choice];
  const env = options.env ?? { GITHUB_TOKEN: 'test-token' };
  const store = createGithubStore('ci', config, {
    env: { GITHUB_API_URL: fake.url, ...env },
    baseDir: '/nonexistent',
    clock,
    sleep,
    events: sink,
  });
  return {
    store,
    clock,
    fake,
    scope,
    events,
    crashAfter,
    afterStep,
    peek: async (name) => fake.secretValue(scope, name),
    breakBackend: async () => {
      fake.state.removeRepository('acme/payments');
      fake.state.organizations.delete('acme');
    },
    faults: {
      transient: (count) => fake.inject({ status: 502, times: count }),
      retryAfter: (seconds) => fake.inject({ status: 429, retryAfter: seconds }),
      denied: () => fake.inject({ status: 403, refuse: true }),
      sleeps: delays,
    },
    cleanup: async () => {
      await fake.close();
      expect(fake.violations, 'requests or responses the OpenAPI description does not allow').toEqual([]);
    },
  };
}
