// Property tests (fast-check) over random manifests and random prior states (including crashed applies):
// plan is deterministic, never retires a key a store holds before its successor is delivered, and apply converges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { KeywardError } from '../../../src/kernel/errors.js';
import type { DesiredModel } from '../../../src/core/desired.js';
import type { ObservedModel } from '../../../src/core/model.js';
import { observe } from '../../../src/core/observe/index.js';
import { effectiveState, isDelivered, matchScope, plan, type Plan } from '../../../src/core/plan/index.js';
import { mayHold } from '../../../src/core/ports/secret-store.js';
import { desired, dkey, dscope, duser } from '../plan/builders.js';
import { makeWorld, type World } from './world.js';

interface KeySpec { name: string; generation: number; enabled: boolean; stores: string[]; expiryDays: number; overlapH: number; retainH: number; idleH: number }
interface UserSpec { name: string; groups: string[]; description: string; keys: KeySpec[] }
interface ModelSpec { users: UserSpec[]; prune: boolean; allowDestroy: boolean }

const keyArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'), generation: fc.integer({ min: 1, max: 3 }), enabled: fc.boolean(),
  stores: fc.oneof(fc.constant<string[]>(['ci', 'vault']), fc.subarray(['ci', 'vault'])), expiryDays: fc.integer({ min: 30, max: 300 }),
  overlapH: fc.integer({ min: 1, max: 240 }), retainH: fc.integer({ min: 1, max: 960 }), idleH: fc.integer({ min: 1, max: 72 }),
});
const userArb = fc.record({
  name: fc.constantFrom('u1', 'u2', 'u3'), groups: fc.subarray(['deployers', 'readers']), description: fc.constantFrom('', 'ci'),
  keys: fc.uniqueArray(keyArb, { selector: (k) => k.name, maxLength: 3 }),
});
const modelArb = fc.record({ users: fc.uniqueArray(userArb, { selector: (u) => u.name, minLength: 1, maxLength: 3 }), prune: fc.boolean(), allowDestroy: fc.boolean() });

/** A prior state the target can evolve from: fewer users and keys, lower generations, other states, extra keys. */
function priorOf(target: ModelSpec): fc.Arbitrary<ModelSpec> {
  const users = target.users.map((u) => fc.record({
    keep: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    user: fc.record({
      name: fc.constant(u.name), groups: fc.subarray(['deployers', 'readers']), description: fc.constantFrom('', 'ci', 'old'),
      keys: fc.tuple(
        fc.tuple(...u.keys.map((k) => fc.record({ keep: fc.integer({ min: 0, max: 3 }).map((n) => n > 0), generation: fc.integer({ min: 1, max: k.generation }), enabled: fc.boolean() })
          .map((p) => ({ ...k, generation: p.generation, enabled: p.enabled, keep: p.keep })))),
        fc.boolean(),
      ).map(([keys, extra]) => [
        ...keys.filter((k) => k.keep).map(({ keep: _keep, ...k }) => k),
        ...(extra ? [{ name: 'zz', generation: 1, enabled: true, stores: ['ci'], expiryDays: 60, overlapH: 1, retainH: 1, idleH: 1 }] : []),
      ]),
    }),
  }));
  return fc.tuple(...users).map((list) => ({ users: list.filter((x) => x.keep).map((x) => x.user), prune: false, allowDestroy: false }));
}

function toDesired(spec: ModelSpec): DesiredModel {
  return desired(dscope(spec.users.map((u) => duser(u.name, u.keys.map((k) => dkey(k.name, {
    generation: k.generation, state: k.enabled ? 'enabled' : 'disabled',
    expiry: { kind: 'in', ms: k.expiryDays * DAY_MS, text: `${k.expiryDays}d` },
    rotation: { rotateBeforeMs: 14 * DAY_MS, overlapMs: k.overlapH * 3_600_000, retainDisabledMs: k.retainH * 3_600_000, retireIdleMs: k.idleH * 3_600_000 },
    secrets: k.stores.map((store) => ({ store, name: `${u.name}_${k.name}` })),
  })), { groups: u.groups, description: u.description })), { prune: spec.prune, allowDestroy: spec.allowDestroy }));
}

function shuffled(model: DesiredModel): DesiredModel {
  return { scopes: model.scopes.map((s) => ({ ...s, serviceUsers: [...s.serviceUsers].reverse().map((u) => ({ ...u, keys: [...u.keys].reverse() })) })) };
}

const scenarioArb = modelArb.chain((target) => fc.record({
  target: fc.constant(target), prior: priorOf(target), advanceH: fc.integer({ min: 0, max: 24 * 60 }),
  crashAt: fc.option(fc.record({
    op: fc.constantFrom('driver.createKey', 'store.write', 'store.describe', 'driver.setKeyState', 'driver.deleteKey', 'driver.createServiceUser'),
    nth: fc.integer({ min: 0, max: 2 }),
  }), { nil: null, freq: 4 }), forceRetire: fc.boolean(),
}));

/** The prior state one generation earlier (generation-1 keys absent), so the prior round creates or rotates every key. */
function earlier(spec: ModelSpec): ModelSpec {
  return { ...spec, users: spec.users.map((u) => ({ ...u, keys: u.keys.filter((k) => k.generation > 1).map((k) => ({ ...k, generation: k.generation - 1 })) })) };
}

interface Crash { readonly op: string; readonly nth: number }

/** Applies the prior state one generation earlier, then the prior state (crashing at the nth `crashAt.op` if given), then advances the clock. */
async function prepare(prior: ModelSpec, crashAt: Crash | null, advanceH: number): Promise<World> {
  let count = 0;
  let crashed = false;
  const world = makeWorld(toDesired({ users: [], prune: false, allowDestroy: false }), (phase, op) => {
    if (crashed) throw new KeywardError('crashed', 'process is gone');
    if (phase === 'before' && crashAt !== null && op === crashAt.op && count++ === crashAt.nth) {
      crashed = true;
      throw new KeywardError('crashed', 'injected crash');
    }
  });
  for (const name of ['ci', 'vault']) if (!world.stores.has(name)) throw new Error(`world lacks store ${name}`);
  const armed = crashAt;
  crashAt = null;
  await world.round(toDesired(earlier(prior)));
  crashAt = armed;
  count = 0;
  await world.round(toDesired(prior)).catch((err: unknown) => { if (!(err instanceof KeywardError)) throw err; });
  crashed = false;
  crashAt = null;
  world.clock.advance(advanceH * 3_600_000);
  return world;
}

/** Disables and deletes of a key some store holds: allowed only for `state: disabled`, an expired key, or a delivered successor. */
function unsafeRetirements(model: DesiredModel, observed: ObservedModel, p: Plan, now: Date): string[] {
  const bad: string[] = [];
  const scope = model.scopes[0];
  const seen = observed.scopes[0];
  if (!scope || !seen) return bad;
  const matched = matchScope(scope, seen);
  for (const action of p.actions) {
    if (action.kind !== 'disable-key' && action.kind !== 'delete-key') continue;
    const key = matched.users.find((u) => u.desired.name === action.serviceUser)?.keys.find((k) => k.desired.name === action.key.keyName);
    if (!key) continue;
    const remote = key.generations.find((g) => g.key.id === action.key.keyId)?.key;
    const heldBy = key.secrets.filter((s) => mayHold(s.stored, action.key.keyId));
    if (!remote || heldBy.length === 0) continue;
    if (action.kind === 'disable-key' && key.desired.state === 'disabled') continue;
    if (effectiveState(remote, now) === 'expired') continue;
    const current = key.generations.find((g) => g.generation === key.desired.generation)?.key;
    if (current && isDelivered(key.secrets, current.id)) continue;
    bad.push(`${action.id} while ${heldBy.map((s) => s.ref.name).join(', ')} hold it and its successor is undelivered`);
  }
  return bad;
}

const RUNS = 400;

describe('plan properties', () => {
  it(`over ${RUNS} random manifests and prior states: deterministic, safe retirement, plan(x, observed-after-apply(x)) is empty`, async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, async ({ target, prior, advanceH, crashAt, forceRetire }) => {
      const world = await prepare(prior, crashAt, advanceH);
      const model = toDesired(target);
      const options = { allowDestroy: target.allowDestroy, forceRetire };
      const deps = { drivers: new Map([['payments', world.driver]]), stores: new Map([['payments', world.stores]]) };
      const before = await observe(model.scopes, deps);
      const now = world.clock.now();
      const first = plan(model, before, now, options);
      expect(plan(model, before, now, options)).toEqual(first);
      expect(plan(shuffled(model), before, now, options)).toEqual(first);
      expect(unsafeRetirements(model, before, first, now)).toEqual([]);
      const { result } = await world.round(model, options);
      expect(result.results.filter((r) => r.status !== 'done').map((r) => `${r.actionId}: ${r.error?.message ?? r.status}`)).toEqual([]);
      const after = await world.planNow(model, options);
      expect(after.actions.map((a) => a.id)).toEqual([]);
      // Pruned and `state: disabled` keys stop working by request; every other declared key's stored secret must work.
      const declared = new Set(model.scopes.flatMap((s) => s.serviceUsers.flatMap((u) => u.keys
        .filter((k) => k.state === 'enabled').flatMap((k) => k.secrets.map((r) => `${r.store}/${r.name}`)))));
      expect(world.custodyProblems(declared)).toEqual([]);
    }), { numRuns: RUNS, seed: 20261127 });
  });
});
