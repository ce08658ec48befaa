// The memory store's steps: describe after a failure or a crash at each step, repair by a write, secret-free events.
// Core fault-injection tests rely on these semantics matching the real stores'.
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';
import { collectingSink, stepOf } from '../../src/kernel/events.js';
import { Secret } from '../../src/kernel/secret.js';
import { CrashSwitch, MEMORY_DELETE_STEPS, MEMORY_WRITE_STEPS, MemoryStore, type MemoryStep } from './memory-store.js';

const ref = { store: 'ci', name: 'DEPLOY' };
const OLD = 'a'.repeat(32);
const NEW = 'b'.repeat(32);
const secretOf = (id: string): Secret => new Secret(`${id}SECRETPART${id.slice(0, 4)}`);
const meta = (keyId: string, generation: number) => ({ keyId, serviceUser: 'svc', keyName: 'deploy', generation });

async function withOld(): Promise<{ store: MemoryStore; events: ReturnType<typeof collectingSink> }> {
  const events = collectingSink();
  const store = new MemoryStore('ci', new FakeClock('2026-03-01T00:00:00Z'), undefined, { events: events.sink });
  await store.write(ref, secretOf(OLD), meta(OLD, 1));
  return { store, events };
}

/** What describe must say after the write of NEW over OLD stopped once `step` was done. */
function expectedAfter(step: MemoryStep): object {
  if (step === 'memory.write-started' || step === 'memory.pending-marked') {
    return step === 'memory.write-started'
      ? { state: 'holds', keyId: OLD }
      : { state: 'uncertain', candidates: [NEW, OLD] };
  }
  return step === 'memory.value-written'
    ? { state: 'uncertain', candidates: [NEW, OLD] }
    : { state: 'holds', keyId: NEW };
}

describe('MemoryStore steps', () => {
  it('emits one secret-free store.step event per write and delete step, in order', async () => {
    const { store, events } = await withOld();
    await store.delete(ref);
    expect(events.events.map(stepOf)).toEqual([...MEMORY_WRITE_STEPS, ...MEMORY_DELETE_STEPS]);
    expect(JSON.stringify(events.events)).not.toContain('SECRETPART');
    expect(await store.describe(ref)).toEqual({ state: 'absent' });
  });

  for (const step of MEMORY_WRITE_STEPS) {
    it(`a crash after ${step} leaves a judgeable state, and a full write repairs it`, async () => {
      const { store } = await withOld();
      const crashed = store.crashAt(step);
      const write = store.write(ref, secretOf(NEW), meta(NEW, 2));
      let settled = false;
      void write.then(
        () => (settled = true),
        () => (settled = true),
      );
      await crashed;
      expect(store.crash.tripped).toBe(true);
      expect(await Promise.race([write.then(() => 'settled'), Promise.resolve('hanging')])).toBe('hanging');
      expect(settled).toBe(false);
      // The next process: the crashed call stays hung for good; new calls run on the state it left.
      store.crash.reset();
      expect(await store.describe(ref)).toMatchObject(expectedAfter(step));
      await store.write(ref, secretOf(NEW), meta(NEW, 2));
      expect(await store.describe(ref)).toMatchObject({ state: 'holds', keyId: NEW });
      expect(settled).toBe(false);
    });

    it(`a failure at ${step} throws with the step not done`, async () => {
      const { store } = await withOld();
      store.failAt(step);
      await expect(store.write(ref, secretOf(NEW), meta(NEW, 2))).rejects.toThrow(/failed at/);
      const index = MEMORY_WRITE_STEPS.indexOf(step);
      const done = MEMORY_WRITE_STEPS[index - 1];
      expect(await store.describe(ref)).toMatchObject(done ? expectedAfter(done) : { state: 'holds', keyId: OLD });
      await store.write(ref, secretOf(NEW), meta(NEW, 2));
      expect(await store.describe(ref)).toMatchObject({ state: 'holds', keyId: NEW });
      expect(store.read('DEPLOY')?.secret.reveal()).toBe(secretOf(NEW).reveal());
    });
  }

  it('a second interrupted write keeps every earlier candidate', async () => {
    const { store } = await withOld();
    store.failAt('memory.confirmed');
    await expect(store.write(ref, secretOf(NEW), meta(NEW, 2))).rejects.toThrow();
    const third = 'c'.repeat(32);
    store.failAt('memory.value-written');
    await expect(store.write(ref, secretOf(third), meta(third, 3))).rejects.toThrow();
    expect(await store.describe(ref)).toMatchObject({ state: 'uncertain', candidates: [third, NEW, OLD] });
  });

  it('a delete stopped after the value went reads as absent; a delete of an absent ref resolves', async () => {
    const { store } = await withOld();
    store.failAt('memory.marker-deleted');
    await expect(store.delete(ref)).rejects.toThrow();
    expect(await store.describe(ref)).toEqual({ state: 'absent' });
    await store.delete(ref);
    await store.delete(ref);
    expect(store.names()).toEqual([]);
  });

  it('a tripped switch hangs every store sharing it', async () => {
    const crash = new CrashSwitch();
    const a = new MemoryStore('ci', new FakeClock('2026-03-01T00:00:00Z'), undefined, { crash });
    crash.trip();
    const pending = a.describe(ref);
    expect(await Promise.race([pending.then(() => 'settled'), Promise.resolve('hanging')])).toBe('hanging');
  });
});
