// The tri-state rules of the store contract: a write or delete stopped after any of its steps leaves a state describe
// judges truly (never "holds" a key the backend does not hold), and the next full write or delete repairs it.
import { expect, it } from 'vitest';
import { stepOf, type EventSink, type KeywardEvent } from '../../src/kernel/events.js';
import type { SecretRef, StoredSecret } from '../../src/core/ports/secret-store.js';
import type { contractKey, StoreHarness } from './store-contract.js';

/** The steps a store emits (src/stores/step.ts STORE_STEPS). */
export interface StoreSteps {
  readonly write: readonly string[];
  readonly delete: readonly string[];
}

/** Thrown by the harness's event sink at the chosen step: the write stops there, as if the process died. */
class StepCrash extends Error {
  constructor(readonly step: string) {
    super(`test crash after ${step}`);
  }
}

export interface CrashingSink {
  readonly sink: EventSink;
  readonly events: KeywardEvent[];
  /** Throw StepCrash once, after the event naming `step` was recorded. */
  crashAfter(step: string | null): void;
  /** Run `action` once, right after `step` (e.g. make the backend fail the next call). */
  afterStep(step: string, action: () => void): void;
}

/** A collecting sink that throws StepCrash once, after the event naming `step` was recorded. */
export function crashingSink(): CrashingSink {
  const events: KeywardEvent[] = [];
  let at: string | null = null;
  const actions = new Map<string, () => void>();
  return {
    events,
    crashAfter: (step) => {
      at = step;
    },
    afterStep: (step, action) => actions.set(step, action),
    sink: (event) => {
      events.push(event);
      const step = stepOf(event) ?? '';
      const action = actions.get(step);
      actions.delete(step);
      action?.();
      if (at !== null && step === at) {
        at = null;
        throw new StepCrash(step);
      }
    },
  };
}

/** describe agrees with the backend: absent ⇔ nothing; holds K ⇒ the value is K's; uncertain ⇒ a candidate is. */
export function expectTrue(described: StoredSecret, value: string | undefined): void {
  if (described.state === 'absent') {
    expect(value, 'describe says absent, the backend holds a value').toBeUndefined();
    return;
  }
  expect(value, `describe says ${described.state}, the backend holds nothing`).toBeDefined();
  if (described.state === 'holds') {
    expect(value?.startsWith(described.keyId), 'describe says holds a key the value is not').toBe(true);
    return;
  }
  if (described.candidates.length > 0) {
    expect(
      described.candidates.some((id) => value?.startsWith(id)),
      'no candidate is the key the value holds',
    ).toBe(true);
  }
  expect(described.reason).not.toBe('');
}

interface Context {
  readonly h: () => StoreHarness & { crashAfter(step: string | null): void };
  readonly ref: (name: string) => SecretRef;
  readonly newKey: (keyName?: string, generation?: number) => ReturnType<typeof contractKey>;
}

async function stopped(promise: Promise<unknown>, step: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `the write should have stopped after ${step}`).toBeDefined();
  const chain = (e: unknown): string => (e instanceof Error ? `${e.message} ${chain(e.cause)}` : '');
  expect(chain(error)).toContain(`test crash after ${step}`);
}

export function registerCrashRules(steps: StoreSteps, { h, ref, newKey }: Context): void {
  it('emits a secret-free store.step event after each step of a write and of a delete, in order', async () => {
    const key = newKey();
    await h().store.write(ref('KW_STEPS'), key.secret, key.meta);
    await h().store.delete(ref('KW_STEPS'));
    const seen = (h().events ?? []).filter((e) => e.code === 'store.step');
    expect(seen.map((e) => e.data.step)).toEqual([...steps.write, ...steps.delete]);
    for (const e of seen) expect(e.data).toMatchObject({ store: h().store.name, ref: 'KW_STEPS' });
  });

  steps.write.forEach((step, index) => {
    it(`a write stopped after ${step} over an older key is judged truly, and the next write repairs it`, async () => {
      const old = newKey('deploy', 1);
      const next = newKey('deploy', 2);
      await h().store.write(ref('KW_CRASH'), old.secret, old.meta);
      h().crashAfter(step);
      await stopped(h().store.write(ref('KW_CRASH'), next.secret, next.meta), step);
      const described = await h().store.describe(ref('KW_CRASH'));
      expectTrue(described, await h().peek('KW_CRASH'));
      if (index === 0) expect(described).toMatchObject({ state: 'holds', keyId: old.meta.keyId });
      if (index === steps.write.length - 1) expect(described).toMatchObject({ state: 'holds', keyId: next.meta.keyId });
      if (described.state === 'uncertain') expect(described.candidates).toContain(next.meta.keyId);
      await h().store.write(ref('KW_CRASH'), next.secret, next.meta);
      expect(await h().store.describe(ref('KW_CRASH'))).toMatchObject({ state: 'holds', keyId: next.meta.keyId });
      expect(await h().peek('KW_CRASH')).toBe(next.secret.reveal());
    });

    it(`a first write stopped after ${step} is judged truly, and the next write repairs it`, async () => {
      const key = newKey();
      h().crashAfter(step);
      await stopped(h().store.write(ref('KW_CRASH'), key.secret, key.meta), step);
      const described = await h().store.describe(ref('KW_CRASH'));
      expectTrue(described, await h().peek('KW_CRASH'));
      if (index === 0) expect(described).toEqual({ state: 'absent' });
      await h().store.write(ref('KW_CRASH'), key.secret, key.meta);
      expect(await h().store.describe(ref('KW_CRASH'))).toMatchObject({ state: 'holds', keyId: key.meta.keyId });
    });
  });

  steps.delete.forEach((step) => {
    it(`a delete stopped after ${step} is judged truly, and the next delete removes every trace`, async () => {
      const key = newKey();
      await h().store.write(ref('KW_CRASH'), key.secret, key.meta);
      h().crashAfter(step);
      await stopped(h().store.delete(ref('KW_CRASH')), step);
      const described = await h().store.describe(ref('KW_CRASH'));
      expectTrue(described, await h().peek('KW_CRASH'));
      expect(described.state === 'absent' || (described.state === 'holds' && described.keyId === key.meta.keyId)).toBe(
        true,
      );
      await h().store.delete(ref('KW_CRASH'));
      expect(await h().store.describe(ref('KW_CRASH'))).toEqual({ state: 'absent' });
      expect(await h().peek('KW_CRASH')).toBeUndefined();
      const fresh = newKey('deploy', 2);
      await h().store.write(ref('KW_CRASH'), fresh.secret, fresh.meta);
      expect(await h().store.describe(ref('KW_CRASH'))).toMatchObject({ state: 'holds', keyId: fresh.meta.keyId });
    });
  });
}
