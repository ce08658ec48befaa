// The github stores of examples/manifests/github-store.yaml are valid and work, pointed at the GitHub fake.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { createStore } from '../../../src/stores/registry.js';
import { recordingSleep } from '../../support/recording-sleep.js';
import type { StoreConfig } from '../../../src/core/ports/secret-store.js';
import { contractKey } from '../../contract/store-contract.js';
import {
  envScope,
  loadGithubDescription,
  orgScope,
  startGithubFake,
  type GithubFake,
} from '../../support/github-fake/index.js';

const description = await loadGithubDescription();
const file = fileURLToPath(new URL('../../../examples/manifests/github-store.yaml', import.meta.url));
let fake: GithubFake | undefined;
afterEach(async () => {
  fake?.assertNoViolations();
  await fake?.close();
});

describe('examples/manifests/github-store.yaml', () => {
  it('declares github stores that deliver to their scopes', async () => {
    const manifest = parse(await readFile(file, 'utf8')) as { stores: Record<string, StoreConfig> };
    const clock = new FakeClock('2026-03-01T10:00:00Z');
    fake = await startGithubFake({
      description,
      clock,
      repositories: [{ fullName: 'acme/payments', environments: ['production'] }, 'acme/billing'],
    });
    const context = {
      env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: fake.url },
      baseDir: '/nonexistent',
      clock,
      sleep: recordingSleep().sleep,
    };
    const scopes = { production: envScope('acme/payments', 'production'), org: orgScope('acme') } as const;
    expect(Object.keys(manifest.stores).sort()).toEqual(Object.keys(scopes).sort());
    for (const [name, scope] of Object.entries(scopes)) {
      const store = createStore(name, manifest.stores[name] as StoreConfig, context);
      const key = contractKey();
      await store.write({ store: name, name: 'DDI_READ_KEY' }, key.secret, key.meta);
      expect(fake.secretValue(scope, 'DDI_READ_KEY')).toBe(key.secret.reveal());
      expect(await store.describe({ store: name, name: 'DDI_READ_KEY' })).toMatchObject({
        state: 'holds',
        keyId: key.meta.keyId,
      });
    }
  });
});
