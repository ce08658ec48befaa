// The store registry: one entry per folder under src/stores/, and unknown types are user errors listing valid ones.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/kernel/errors.js';
import { createStore, storeFactories, storeTypes } from '../../src/stores/registry.js';
import type { StoreContext, StoreFactory } from '../../src/core/ports/secret-store.js';

const context: StoreContext = { env: {}, baseDir: '/nonexistent' };

describe('store registry', () => {
  it('has exactly one entry per store folder under src/stores/', async () => {
    const storesDir = fileURLToPath(new URL('../../src/stores/', import.meta.url));
    const folders = (await readdir(storesDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(storeTypes(), 'every folder under src/stores/ needs its line in src/stores/registry.ts').toEqual(folders);
  });

  it('gives every store folder the same shape, and the registry imports each through its index', async () => {
    const storesDir = fileURLToPath(new URL('../../src/stores/', import.meta.url));
    const registry = await readFile(`${storesDir}registry.ts`, 'utf8');
    for (const type of storeTypes()) {
      const files = await readdir(`${storesDir}${type}`);
      // index.ts re-exports; config.ts reads the manifest block; factory.ts is what the registry calls;
      // errors.ts says how failures read; <type>-store.ts is the SecretStore itself.
      for (const shape of ['index.ts', 'config.ts', 'factory.ts', 'errors.ts', `${type}-store.ts`])
        expect(files, `src/stores/${type}/ lacks ${shape}`).toContain(shape);
      expect(registry).toContain(`from './${type}/index.js'`);
    }
  });

  it('refuses an unknown type with a user error listing the valid types', () => {
    let caught: unknown;
    try {
      createStore('ci', { type: 'dropbox' }, context);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeywardError);
    const error = caught as KeywardError;
    expect(error.source).toBe('user');
    expect(error.code).toBe('store.unknown-type');
    expect(error.message).toContain('stores.ci.type');
    expect(error.message).toContain('"dropbox"');
    for (const type of storeTypes()) expect(error.message).toContain(type);
  });

  it('refuses a config without a type', () => {
    expect(() => createStore('ci', { type: undefined as unknown as string }, context)).toThrow(/missing "type"/);
  });

  it('passes name, config and context to the factory of the type', () => {
    const calls: unknown[] = [];
    const factory: StoreFactory = (name, config, ctx) => {
      calls.push({ name, config, ctx });
      return {
        type: 'memo',
        name,
        write: async () => undefined,
        describe: async () => ({ state: 'absent' as const }),
        delete: async () => undefined,
      };
    };
    const store = createStore('vault1', { type: 'memo', x: 1 }, context, new Map([['memo', factory]]));
    expect(store.name).toBe('vault1');
    expect(calls).toEqual([{ name: 'vault1', config: { type: 'memo', x: 1 }, ctx: context }]);
  });

  it('lists types sorted', () => {
    expect(storeTypes()).toEqual([...storeFactories.keys()].sort());
  });
});
