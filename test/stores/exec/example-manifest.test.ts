// The exec store of examples/manifests/exec-store.yaml, run with its real script: delivery, the tri-state describe,
// a write stopped between marker and confirmation reading as uncertain, delete, and no secret in any output.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { collectingSink } from '../../../src/kernel/events.js';
import { createStore } from '../../../src/stores/registry.js';
import type { StoreConfig } from '../../../src/core/ports/secret-store.js';
import { contractKey, expectNoSecret } from '../../contract/store-contract.js';

const file = fileURLToPath(new URL('../../../examples/manifests/exec-store.yaml', import.meta.url));
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('examples/manifests/exec-store.yaml', () => {
  it('its script delivers, describes all three states and deletes', async () => {
    const manifest = parse(await readFile(file, 'utf8')) as { stores: Record<string, StoreConfig> };
    const config = { ...(manifest.stores['script'] as StoreConfig), env: {} };
    dir = await mkdtemp(join(tmpdir(), 'keyward-exec-example-'));
    const { sink, events } = collectingSink();
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', SECRETS_DIR: dir };
    const store = createStore('script', config, { env, baseDir: dirname(file), events: sink });
    const ref = { store: 'script', name: 'EDGE_PURGE_KEY' };
    expect(await store.describe(ref)).toEqual({ state: 'absent' });
    const old = contractKey('purge', 1);
    await store.write(ref, old.secret, old.meta);
    expect(await store.describe(ref)).toMatchObject({ state: 'holds', keyId: old.meta.keyId });
    expect(await readFile(join(dir, 'EDGE_PURGE_KEY'), 'utf8')).toBe(old.secret.reveal());
    // What a write killed after its marker leaves behind.
    const next = contractKey('purge', 2);
    await writeFile(join(dir, 'EDGE_PURGE_KEY.keyid'), `pending ${next.meta.keyId} ${old.meta.keyId}`);
    expect(await store.describe(ref)).toMatchObject({
      state: 'uncertain',
      candidates: [next.meta.keyId, old.meta.keyId],
    });
    await store.write(ref, next.secret, next.meta);
    expect(await store.describe(ref)).toMatchObject({ state: 'holds', keyId: next.meta.keyId });
    await store.delete(ref);
    expect(await store.describe(ref)).toEqual({ state: 'absent' });
    expectNoSecret(events, old.secretPart);
    expectNoSecret(events, next.secretPart);
  });
});
