// The one contract suite every secret store passes (file, exec, github, vault): write/describe/delete semantics, the
// tri-state rules after a stop at any step (store-crash-rules.ts), no secret in any event, error or description.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/kernel/errors.js';
import type { FakeClock } from '../support/fake-clock.js';
import type { KeywardEvent } from '../../src/kernel/events.js';
import { Secret } from '../../src/kernel/secret.js';
import type { SecretMeta, SecretRef, SecretStore } from '../../src/core/ports/secret-store.js';
import { registerCrashRules, type StoreSteps } from './store-crash-rules.js';

/** Optional fault injection for stores that talk to something that can fail transiently (HTTP APIs, exec exit 75). */
interface StoreFaults {
  /** The next `count` backend calls fail transiently (5xx, network, exit 75). */
  transient(count: number): void;
  /**
   * The next backend call fails once with a Retry-After of `seconds` (HTTP 429); omit if the backend has no such thing.
   */
  retryAfter?(seconds: number): void;
  /** The next backend call fails with an authorization error (401/403, exit 77). */
  denied(): void;
  /** Delays the store's retry helper asked for, in ms, in order (the harness gives the store a recording sleep). */
  readonly sleeps: readonly number[];
}

export interface StoreHarness {
  readonly store: SecretStore;
  /** The clock the store (and any fake behind it) stamps writes with. */
  readonly clock: FakeClock;
  /** Test-side peek at what the backend holds for a secret name (decrypt the file, open the sealed box...). */
  peek(name: string): Promise<string | undefined>;
  /** From now on every backend call fails permanently (not transiently): corrupt file, script exit 1, HTTP 400/404. */
  breakBackend(): Promise<void>;
  readonly faults?: StoreFaults;
  /** Events the store emitted (the harness passes crashingSink's sink); checked for secrets after every test. */
  readonly events: readonly KeywardEvent[];
  /** The store's event sink throws StepCrash after the event of `step` (once); null: never. */
  crashAfter(step: string | null): void;
  cleanup(): Promise<void>;
}

/** A realistic key: the 32-character key ID followed by the secret part, like the key service issues. */
export function contractKey(
  keyName = 'deploy',
  generation = 1,
): { secret: Secret; secretPart: string; meta: SecretMeta } {
  const keyId = randomBytes(16).toString('hex');
  const secretPart = `S3cr3t${randomBytes(20).toString('hex')}`;
  return {
    secret: new Secret(`${keyId}${secretPart}`),
    secretPart,
    meta: { keyId, serviceUser: 'contract-user', keyName, generation },
  };
}

/** Fails when `secretPart` appears anywhere in the value: its inspection (stack, cause chain, fields) or its JSON. */
export function expectNoSecret(value: unknown, secretPart: string): void {
  const inspected = inspect(value, { depth: Infinity, showHidden: false, breakLength: Infinity });
  expect(inspected.includes(secretPart), 'secret found in inspected value').toBe(false);
  let json: string;
  try {
    json = JSON.stringify(value) ?? '';
  } catch {
    json = ''; // circular values: the inspection above already covered them
  }
  expect(json.includes(secretPart), 'secret found in JSON of value').toBe(false);
  if (value instanceof Error) {
    for (let e: unknown = value; e instanceof Error; e = e.cause) {
      expect(`${e.message}\n${e.stack ?? ''}`.includes(secretPart), 'secret found in error chain').toBe(false);
    }
  }
}

/** Awaits a promise that must reject with a KeywardError naming the store and the ref and holding no secret. */
export async function expectStoreError(
  promise: Promise<unknown>,
  store: SecretStore,
  ref: SecretRef,
  secretPart: string,
): Promise<KeywardError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected the store call to fail').toBeInstanceOf(KeywardError);
  const error = caught as KeywardError;
  expect(error.message).toContain(store.name);
  expect(error.message).toContain(ref.name);
  expectNoSecret(error, secretPart);
  return error;
}

function sameSecond(actual: Date | null, expected: Date): void {
  expect(actual).toBeInstanceOf(Date);
  expect(Math.floor((actual as Date).getTime() / 1000)).toBe(Math.floor(expected.getTime() / 1000));
}

export interface StoreContractOptions {
  /**
   * The store talks to something that fails transiently: run the retry / authorization cases (harness.faults required).
   */
  readonly faults?: boolean;
  /** The backend sends Retry-After (HTTP 429): run that case too (harness.faults.retryAfter required). */
  readonly retryAfter?: boolean;
  /** The steps the store emits (STORE_STEPS[type]): each is a point the tri-state rules stop a write at. */
  readonly steps: StoreSteps;
}

/**
 * Registers the contract suite for one store; `makeHarness` builds a fresh store with its own empty backend for
 * every test. Fault cases are registered only when `options` says the store has them (never skipped at run time).
 */
export function describeStoreContract(
  name: string,
  makeHarness: () => Promise<StoreHarness>,
  options: StoreContractOptions,
): void {
  describe(`secret store contract: ${name}`, () => {
    let h: StoreHarness;
    const ref = (secretName: string): SecretRef => ({ store: h.store.name, name: secretName });
    let issued: string[] = [];
    const newKey = (keyName?: string, generation?: number): ReturnType<typeof contractKey> => {
      const key = contractKey(keyName, generation);
      issued.push(key.secretPart);
      return key;
    };

    beforeEach(async () => {
      h = await makeHarness();
      issued = [];
      h.clock.set('2026-03-01T10:00:00Z');
    });
    afterEach(async () => {
      try {
        for (const secretPart of issued) expectNoSecret(h.events, secretPart);
      } finally {
        await h.cleanup();
      }
    });

    it('describes an absent secret as {state: absent}, not an error', async () => {
      expect(await h.store.describe(ref('KW_CONTRACT_ABSENT'))).toEqual({ state: 'absent' });
    });

    it('write then describe shows the new key ID and the write time, never the secret', async () => {
      const key = newKey();
      await h.store.write(ref('KW_CONTRACT_A'), key.secret, key.meta);
      const described = await h.store.describe(ref('KW_CONTRACT_A'));
      expect(described.state).toBe('holds');
      if (described.state !== 'holds') return;
      expect(described.keyId).toBe(key.meta.keyId);
      sameSecond(described.updatedAt, h.clock.now());
      expectNoSecret(described, key.secretPart);
      expect(await h.peek('KW_CONTRACT_A')).toBe(key.secret.reveal());
    });

    it('a rewrite replaces the secret, its key ID and its time', async () => {
      const first = newKey('deploy', 1);
      const second = newKey('deploy', 2);
      await h.store.write(ref('KW_CONTRACT_A'), first.secret, first.meta);
      h.clock.advance(90_000);
      await h.store.write(ref('KW_CONTRACT_A'), second.secret, second.meta);
      const described = await h.store.describe(ref('KW_CONTRACT_A'));
      expect(described).toEqual({ state: 'holds', keyId: second.meta.keyId, updatedAt: expect.any(Date) });
      if (described.state === 'holds') sameSecond(described.updatedAt, h.clock.now());
      expect(await h.peek('KW_CONTRACT_A')).toBe(second.secret.reveal());
      expectNoSecret(described, first.secretPart);
      expectNoSecret(described, second.secretPart);
    });

    it('delete removes the secret; other secrets stay as they were', async () => {
      const a = newKey('a');
      const b = newKey('b');
      await h.store.write(ref('KW_CONTRACT_A'), a.secret, a.meta);
      await h.store.write(ref('KW_CONTRACT_B'), b.secret, b.meta);
      await h.store.delete(ref('KW_CONTRACT_A'));
      expect(await h.store.describe(ref('KW_CONTRACT_A'))).toEqual({ state: 'absent' });
      expect(await h.peek('KW_CONTRACT_A')).toBeUndefined();
      const other = await h.store.describe(ref('KW_CONTRACT_B'));
      expect(other).toMatchObject({ state: 'holds', keyId: b.meta.keyId });
      expect(await h.peek('KW_CONTRACT_B')).toBe(b.secret.reveal());
    });

    it('deleting an absent secret resolves, twice over', async () => {
      await h.store.delete(ref('KW_CONTRACT_NEVER'));
      await h.store.delete(ref('KW_CONTRACT_NEVER'));
      expect(await h.store.describe(ref('KW_CONTRACT_NEVER'))).toEqual({ state: 'absent' });
    });

    it('a broken backend fails every call with a KeywardError naming store and ref, never the secret', async () => {
      const before = newKey('before');
      await h.store.write(ref('KW_CONTRACT_A'), before.secret, before.meta);
      await h.breakBackend();
      const key = newKey();
      await expectStoreError(
        h.store.write(ref('KW_CONTRACT_A'), key.secret, key.meta),
        h.store,
        ref('KW_CONTRACT_A'),
        key.secretPart,
      );
      // An outage never reads as "absent": describe fails too.
      await expectStoreError(h.store.describe(ref('KW_CONTRACT_A')), h.store, ref('KW_CONTRACT_A'), before.secretPart);
      await expectStoreError(h.store.delete(ref('KW_CONTRACT_A')), h.store, ref('KW_CONTRACT_A'), before.secretPart);
    });

    registerCrashRules(options.steps, { h: () => h, ref, newKey });

    if (options.faults !== true) return;
    describe('transient and authorization faults', () => {
      const faults = (): StoreFaults => {
        expect(h.faults, `${name} declared faults but its harness has none`).toBeDefined();
        return h.faults as StoreFaults;
      };

      it('transient failures are retried with backoff, then the write lands', async () => {
        const key = newKey();
        faults().transient(2);
        await h.store.write(ref('KW_CONTRACT_A'), key.secret, key.meta);
        expect(faults().sleeps.length).toBeGreaterThanOrEqual(2);
        const described = await h.store.describe(ref('KW_CONTRACT_A'));
        expect(described).toMatchObject({ state: 'holds', keyId: key.meta.keyId });
      });

      it('an authorization failure fails at once, names the permission problem, and holds no secret', async () => {
        const key = newKey();
        faults().denied();
        const slept = faults().sleeps.length;
        const error = await expectStoreError(
          h.store.write(ref('KW_CONTRACT_A'), key.secret, key.meta),
          h.store,
          ref('KW_CONTRACT_A'),
          key.secretPart,
        );
        expect(error.message).toMatch(/permission/i);
        expect(error.source).toBe('user');
        expect(faults().sleeps.length).toBe(slept);
      });

      it('transient failures that never end fail the write clearly', async () => {
        const key = newKey();
        faults().transient(1000);
        await expectStoreError(
          h.store.write(ref('KW_CONTRACT_A'), key.secret, key.meta),
          h.store,
          ref('KW_CONTRACT_A'),
          key.secretPart,
        );
        expect(faults().sleeps.length).toBeGreaterThanOrEqual(1);
      });

      if (options.retryAfter !== true) return;
      it('Retry-After is honoured when the backend sends it', async () => {
        const f = faults();
        expect(f.retryAfter, `${name} declared retryAfter but its faults cannot inject it`).toBeDefined();
        const key = newKey();
        f.retryAfter?.(7);
        await h.store.write(ref('KW_CONTRACT_A'), key.secret, key.meta);
        expect(f.sleeps).toContain(7000);
      });
    });
  });
}
