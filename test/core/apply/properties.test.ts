// Property tests (fast-check, fixed seed) over sequences of applies with random failures and crashes at any operation
// or store step: plan stays deterministic and never retires a key a store holds or may hold; every stored secret of an
// enabled declared key keeps working after every apply; failure-free applies then reach an empty plan with every
// store confirming one VALID key of the declared generation and no enabled key that no store holds. Declared roles and
// groups (which change between steps) are part of every sequence, so their plan too ends empty.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { KeywardError } from '../../../src/kernel/errors.js';
import type { DesiredGroup, DesiredModel, DesiredRole } from '../../../src/core/desired.js';
import type { ObservedModel } from '../../../src/core/model.js';
import { observe } from '../../../src/core/observe/index.js';
import { isDelivered, matchScope, plan, type Plan } from '../../../src/core/plan/index.js';
import { mayHold } from '../../../src/core/ports/secret-store.js';
import { parseRemoteKeyName } from '../../../src/core/key-names.js';
import { desired, dkey, dscope, duser } from '../plan/builders.js';
import { makeWorld, type World } from './world.js';

interface KeySpec {
  name: string;
  enabled: boolean;
  stores: readonly string[];
  overlapH: number;
  retainH: number;
  idleH: number;
}
interface UserSpec {
  name: string;
  groups: readonly string[];
  keys: readonly KeySpec[];
}
interface AccessSpec {
  roles: readonly string[];
  groups: readonly string[];
}
interface Fault {
  op: string;
  nth: number;
  kind: 'fail' | 'crash';
}
interface Step {
  bump: string[];
  advanceH: number;
  fault: Fault | null;
  forceRetire: boolean;
  /** Changes declared role permissions, group descriptions, roles and alerts. */
  variant: boolean;
}

const OPS = [
  'driver.createKey',
  'driver.setKeyState',
  'driver.deleteKey',
  'driver.createServiceUser',
  'driver.createRole',
  'driver.updateRole',
  'driver.createGroup',
  'driver.updateGroup',
  'store.write',
  'store.describe',
  'memory.write-started',
  'memory.pending-marked',
  'memory.value-written',
  'memory.confirmed',
] as const;

const keyArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  enabled: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  stores: fc.oneof(fc.constant(['ci', 'vault']), fc.constant(['ci']), fc.constant(['vault'])),
  overlapH: fc.integer({ min: 0, max: 240 }),
  retainH: fc.integer({ min: 1, max: 960 }),
  idleH: fc.integer({ min: 1, max: 72 }),
});
const userArb = fc.record({
  name: fc.constantFrom('u1', 'u2'),
  groups: fc.subarray(['deployers', 'readers', 'alerts', 'makers']),
  keys: fc.uniqueArray(keyArb, { selector: (k) => k.name, minLength: 1, maxLength: 2 }),
});
const faultArb = fc.record({
  op: fc.constantFrom(...OPS),
  nth: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom('fail' as const, 'crash' as const),
});
const stepArb: fc.Arbitrary<Step> = fc.record({
  bump: fc.subarray(['a', 'b', 'c']),
  advanceH: fc.integer({ min: 0, max: 240 }),
  fault: fc.option(faultArb, { nil: null, freq: 3 }),
  forceRetire: fc.boolean(),
  variant: fc.boolean(),
});
const accessArb = fc.record({
  roles: fc.subarray(['User Manage', 'Key Makers']),
  groups: fc.subarray(['alerts', 'makers']),
});
const scenarioArb = fc.record({
  users: fc.uniqueArray(userArb, { selector: (u) => u.name, minLength: 1, maxLength: 2 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }),
  access: accessArb,
});

const SRC = { file: 'm.yaml', line: 1, column: 1, path: '/' };

function roles(access: AccessSpec, variant: boolean): DesiredRole[] {
  return access.roles.map((name) => ({
    name,
    permissions:
      name === 'User Manage'
        ? ['user.manage', ...(variant ? ['service_api_key.create'] : [])]
        : ['service_api_key.create'],
    scope: 'payments',
    source: SRC,
  }));
}

function groups(access: AccessSpec, variant: boolean): DesiredGroup[] {
  return access.groups.map((name) => ({
    name,
    description: variant ? `${name} (changed)` : name,
    roles: name === 'makers' ? (variant ? access.roles.slice(0, 1) : access.roles) : variant ? ['All Access'] : [],
    accountAlerts: name === 'alerts' || variant,
    scope: 'payments',
    source: SRC,
  }));
}

function toDesired(
  users: readonly UserSpec[],
  generations: ReadonlyMap<string, number>,
  access: AccessSpec = { roles: [], groups: [] },
  variant = false,
): DesiredModel {
  const known = new Set(['deployers', 'readers', ...access.groups]);
  return desired(
    dscope(
      users.map((u) =>
        duser(
          u.name,
          u.keys.map((k) =>
            dkey(k.name, {
              generation: generations.get(k.name) ?? 1,
              state: k.enabled ? 'enabled' : 'disabled',
              expiry: { kind: 'in', ms: 300 * DAY_MS, text: '300d' },
              rotation: {
                rotateBeforeMs: 14 * DAY_MS,
                overlapMs: k.overlapH * 3_600_000,
                retainDisabledMs: k.retainH * 3_600_000,
                retireIdleMs: k.idleH * 3_600_000,
              },
              secrets: k.stores.map((store) => ({ store, name: `${u.name}_${k.name}` })),
            }),
          ),
          { groups: u.groups.filter((g) => known.has(g)) },
        ),
      ),
      { roles: roles(access, variant), groups: groups(access, variant) },
    ),
  );
}

function shuffled(model: DesiredModel): DesiredModel {
  return {
    scopes: model.scopes.map((s) => ({
      ...s,
      serviceUsers: [...s.serviceUsers].reverse().map((u) => ({ ...u, keys: [...u.keys].reverse() })),
      ...(s.roles === undefined ? {} : { roles: [...s.roles].reverse() }),
      ...(s.groups === undefined ? {} : { groups: [...s.groups].reverse() }),
    })),
  };
}

/** Store refs of the enabled declared keys: their secrets must keep working whatever fails. */
function enabledRefs(model: DesiredModel): Set<string> {
  return new Set(
    model.scopes.flatMap((s) =>
      s.serviceUsers.flatMap((u) =>
        u.keys.filter((k) => k.state === 'enabled').flatMap((k) => k.secrets.map((r) => `${r.store}/${r.name}`)),
      ),
    ),
  );
}

/** Disables and deletes of a key a store of an enabled declared key holds or may hold. */
function unsafeRetirements(model: DesiredModel, observed: ObservedModel, p: Plan): string[] {
  const bad: string[] = [];
  const scope = model.scopes[0];
  const seen = observed.scopes[0];
  if (!scope || !seen) return bad;
  const keys = matchScope(scope, seen)
    .users.flatMap((u) => u.keys)
    .filter((k) => k.desired.state === 'enabled');
  for (const action of [...p.actions, ...p.blocked.map((b) => b.action)]) {
    if (action.kind !== 'disable-key' && action.kind !== 'delete-key') continue;
    for (const key of keys) {
      const heldBy = key.secrets.filter((s) => mayHold(s.stored, action.key.keyId));
      if (heldBy.length > 0)
        bad.push(`${action.id} while ${heldBy.map((s) => `${s.ref.store}/${s.ref.name}`).join(', ')} may hold it`);
    }
  }
  return bad;
}

/**
 * Final state: every store of every enabled declared key confirms a VALID key of the declared generation; no enabled
 * key of it is unheld.
 */
function settledProblems(world: World, model: DesiredModel, observed: ObservedModel): string[] {
  const problems: string[] = [];
  const scope = model.scopes[0];
  const seen = observed.scopes[0];
  if (!scope || !seen) return ['nothing observed'];
  for (const user of matchScope(scope, seen).users) {
    for (const key of user.keys.filter((k) => k.desired.state === 'enabled')) {
      const target = key.generations.find(
        (g) => g.generation === key.desired.generation && isDelivered(key.secrets, g.key.id),
      );
      if (!target) {
        problems.push(
          `${user.desired.name}/${key.desired.name}: no key of generation ${key.desired.generation} confirmed in every store`,
        );
        continue;
      }
      for (const s of key.secrets) {
        const value = world.stores.get(s.ref.store)?.read(s.ref.name);
        const verdict = value ? world.driver.verify(value.secret.reveal(), false) : 'NOT_FOUND';
        if (verdict !== 'VALID') problems.push(`${s.ref.store}/${s.ref.name}: ${verdict}`);
      }
      for (const g of key.generations) {
        if (g.key.state === 'enabled' && !key.secrets.some((s) => mayHold(s.stored, g.key.id)))
          problems.push(`${g.key.name} is enabled and held by no store`);
        if (parseRemoteKeyName(g.key.name).generation > key.desired.generation)
          problems.push(`${g.key.name} is above the declared generation`);
      }
    }
  }
  return problems;
}

const RUNS = 300;

describe('properties over sequences of applies with random failures', () => {
  it(`${RUNS} random sequences: safe at every step, then failure-free applies reach an empty plan`, async () => {
    let applies = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ users, steps, access }) => {
        let fault: Fault | null = null;
        let count = 0;
        let crashed = false;
        const world = makeWorld(toDesired([], new Map()), (phase, op) => {
          if (crashed) throw new KeywardError('test.crashed', 'process is gone');
          if (phase === 'before' && fault !== null && op === fault.op && count++ === fault.nth) {
            crashed = fault.kind === 'crash';
            throw new KeywardError('test.injected', `injected ${fault.kind} at ${op}`);
          }
        });
        const generations = new Map<string, number>();
        const deps = { drivers: new Map([['payments', world.driver]]), stores: new Map([['payments', world.stores]]) };
        for (const step of steps) {
          for (const name of step.bump) generations.set(name, (generations.get(name) ?? 1) + 1);
          const model = toDesired(users, generations, access, step.variant);
          const options = { allowDestroy: false, forceRetire: step.forceRetire };
          const before = await observe(model.scopes, deps);
          const now = world.clock.now();
          const p = plan(model, before, now, options);
          expect(plan(model, before, now, options)).toEqual(p);
          expect(plan(shuffled(model), before, now, options)).toEqual(p);
          expect(unsafeRetirements(model, before, p)).toEqual([]);
          ({ fault } = step);
          count = 0;
          await world.round(model, options).catch((err: unknown) => {
            if (!(err instanceof KeywardError)) throw err;
          });
          applies += 1;
          fault = null;
          crashed = false;
          expect(world.custodyProblems(enabledRefs(model))).toEqual([]);
          world.clock.advance(step.advanceH * 3_600_000);
        }
        const model = toDesired(users, generations, access, steps.at(-1)?.variant);
        let last: Plan | null = null;
        for (let round = 0; round < 8; round += 1) {
          const { result } = await world.round(model);
          expect(
            result.results
              .filter((r) => r.status !== 'done')
              .map((r) => `${r.actionId}: ${r.error?.message ?? r.status}`),
          ).toEqual([]);
          last = await world.planNow(model);
          const waiting = last.notices.some((n) => n.code === 'retire-pending' || n.code === 'orphan');
          if (last.actions.length === 0 && !waiting) break;
          world.clock.advance(4 * DAY_MS);
        }
        expect(last?.actions.map((a) => a.id)).toEqual([]);
        expect(settledProblems(world, model, await observe(model.scopes, deps))).toEqual([]);
        const outputs = JSON.stringify(world.events) + JSON.stringify(last);
        for (const secret of world.driver.issued) expect(outputs).not.toContain(secret.reveal().slice(32));
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
    console.log(`property runs: ${RUNS} sequences, ${applies} applies with random failures, all hold`);
  }, 600_000);
});
