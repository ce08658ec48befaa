// Fault injection over stores that write in steps (pending marker, value, confirm): a failure or a crash at every
// operation and every store step of create → write → confirm → retire → delete, then fresh applies until settled.
// After each cell: every store of every key holds a confirmed key of the declared generation that verifies VALID,
// no enabled key exists that no store holds, the plan is settled, and no secret appears in any output.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { KeywardError } from '../../../src/kernel/errors.js';
import { stepOf } from '../../../src/kernel/events.js';
import type { DesiredModel } from '../../../src/core/desired.js';
import { isSettled, planToJson, type Plan } from '../../../src/core/plan/index.js';
import { parseRemoteKeyName } from '../../../src/core/key-names.js';
import { desired, dkey, dscope, duser } from '../plan/builders.js';
import type { FaultHook } from '../../support/fake-driver.js';
import { makeWorld, type World } from './world.js';

const LONG = { kind: 'in', ms: 300 * DAY_MS, text: '300d' } as const;
/**
 * `store outage`: every write of ci/DEPLOY fails during the rotation round (nothing holds the new key: rollback);
 * `confirm fails`: the confirm step of ci/DEPLOY fails during the rotation round, after the value is written (the store
 * may hold the new key: never rolled back, repaired by the next apply).
 */
type Variant = 'one store' | 'two stores' | 'store outage' | 'confirm fails';
const VARIANTS: readonly Variant[] = ['one store', 'two stores', 'store outage', 'confirm fails'];
const TWO = [
  { store: 'ci', name: 'DEPLOY' },
  { store: 'vault', name: 'deploy' },
];
const modelOf =
  (variant: Variant) =>
  (generation: number): DesiredModel =>
    desired(
      dscope([
        duser(
          'deployer',
          [
            dkey('deploy', {
              generation,
              expiry: LONG,
              ...(variant === 'one store' || variant === 'store outage' ? {} : { secrets: TWO }),
            }),
          ],
          { groups: ['deployers'] },
        ),
        duser('reader', [dkey('read', { expiry: LONG })]),
      ]),
    );

/**
 * The scripted life of the keys: create, rotate deploy to generation 2, retire after overlap, delete after retention.
 */
const SCRIPT: readonly { readonly generation: number; readonly advanceMs: number }[] = [
  { generation: 1, advanceMs: 0 },
  { generation: 2, advanceMs: 0 },
  { generation: 2, advanceMs: 7 * DAY_MS },
  { generation: 2, advanceMs: 30 * DAY_MS },
];

type FaultKind = 'fail' | 'crash';
/** A kill point: the n-th hook point of the clean run (an operation or a store step, before or after its effect). */
interface Fault {
  readonly point: number;
  readonly kind: FaultKind;
}

interface Run {
  readonly world: World;
  readonly points: string[];
  readonly violations: string[];
  readonly outputs: string[];
  fired: boolean;
  last: Plan | null;
}

/** Every consumer calls the key service with the secret its store holds (recording last use, as real traffic does). */
function consumersCall(world: World): void {
  for (const store of world.stores.values()) {
    for (const name of store.names()) {
      const held = store.read(name);
      if (held) world.driver.verify(held.secret.reveal());
    }
  }
}

/**
 * Runs the script with an optional fault; a crash makes every later operation of that apply fail (the process is gone).
 */
async function runScript(variant: Variant, fault: Fault | null): Promise<Run> {
  const model = modelOf(variant);
  let crashed = false;
  let probing = false;
  let scripted = false;
  let world: World | null = null;
  const run: Run = {
    world: null as unknown as World,
    points: [],
    violations: [],
    outputs: [],
    fired: false,
    last: null,
  };
  const hook: FaultHook = (phase, op, target) => {
    if (probing) return;
    if (crashed) throw new KeywardError('test.crashed', 'process is gone');
    run.points.push(`${phase} ${op} ${target}`);
    const problems = world?.custodyProblems() ?? [];
    if (problems.length > 0) run.violations.push(`${phase} ${op} ${target}: ${problems.join('; ')}`);
    if (fault && !run.fired && run.points.length - 1 === fault.point) {
      run.fired = true;
      if (fault.kind === 'crash') crashed = true;
      throw new KeywardError('test.injected', `injected ${fault.kind} ${phase} ${op}`);
    }
    if (scripted && phase === 'before' && target === 'ci/DEPLOY') {
      if (variant === 'store outage' && op === 'store.write')
        throw new KeywardError('test.store-unavailable', 'ci: 503');
      if (variant === 'confirm fails' && op === 'memory.confirmed')
        throw new KeywardError('test.store-unavailable', 'ci: variable write refused');
    }
  };
  world = makeWorld(model(1), hook);
  Object.assign(run, { world });
  const round = async (generation: number): Promise<void> => {
    try {
      const { plan, result } = await world.round(model(generation));
      run.outputs.push(JSON.stringify(planToJson(plan)), ...result.results.map((r) => r.error?.message ?? ''));
    } catch (err) {
      if (!(err instanceof KeywardError)) throw err;
      run.outputs.push(err.message);
    }
    crashed = false;
    probing = true;
    consumersCall(world);
    probing = false;
  };
  for (const [i, step] of SCRIPT.entries()) {
    world.clock.advance(step.advanceMs);
    scripted = i === 1;
    await round(step.generation);
    scripted = false;
  }
  // Fresh applies (a new process each), advancing past grace, overlap, idle window and retention, until settled.
  for (let i = 0; i < 12; i += 1) {
    probing = true;
    const next = await world.planNow(model(2)).finally(() => {
      probing = false;
    });
    run.last = next;
    if (isSettled(next) && next.notices.length === 0 && world.driver.listKeys().length === 2) break;
    await round(2);
    world.clock.advance(8 * DAY_MS);
  }
  return run;
}

/** The checks every cell must pass; an empty list means the cell holds. */
function converged(run: Run, variant: Variant): string[] {
  const problems: string[] = [];
  const w = run.world;
  const keys = w.driver.listKeys();
  const refs = [
    ['ci', 'DEPLOY', 'deploy'],
    ['ci', 'READ', 'read'],
    ...(variant === 'one store' || variant === 'store outage' ? [] : [['vault', 'deploy', 'deploy']]),
  ] as const;
  const heldIds = new Set<string>();
  for (const [store, secret, keyName] of refs) {
    const held = w.stores.get(store)?.read(secret);
    const marker = w.stores.get(store)?.marker(secret);
    const key = keys.find((k) => k.id === held?.meta.keyId);
    if (!held || !key) {
      problems.push(`${store}/${secret} holds no key on the key API`);
      continue;
    }
    heldIds.add(key.id);
    const parsed = parseRemoteKeyName(key.name);
    const want = keyName === 'deploy' ? 2 : 1;
    if (parsed.name !== keyName || parsed.generation !== want)
      problems.push(`${store}/${secret} holds ${key.name}, not generation ${want} of ${keyName}`);
    if (marker) problems.push(`${store}/${secret} still has a pending marker`);
    const verdict = w.driver.verify(held.secret.reveal(), false);
    if (verdict !== 'VALID') problems.push(`${store}/${secret} holds ${key.name}: ${verdict}`);
  }
  for (const k of keys) {
    if (k.state === 'enabled' && !heldIds.has(k.id))
      problems.push(`enabled key ${k.name} (${k.id}) is held by no store`);
  }
  if (keys.length !== 2)
    problems.push(
      `remote keys ${keys
        .map((k) => `${k.name}:${k.state}`)
        .sort()
        .join(', ')}`,
    );
  if (!run.last || !isSettled(run.last))
    problems.push(
      `plan not settled: ${run.last?.actions.map((a) => a.id).join(', ') ?? 'none'} ${run.last?.notices.map((n) => n.code).join(', ') ?? ''}`,
    );
  problems.push(...run.violations);
  const outputs = JSON.stringify(w.events) + run.outputs.join('\n');
  for (const secret of w.driver.issued) {
    if (outputs.includes(secret.reveal().slice(32))) problems.push('an output holds a secret');
  }
  return problems;
}

const cleanRuns = new Map<Variant, Run>();
for (const variant of VARIANTS) cleanRuns.set(variant, await runScript(variant, null));
const pointsOf = (variant: Variant): string[] => cleanRuns.get(variant)?.points ?? [];

describe('fault injection over step-level stores', () => {
  it.each(VARIANTS)('the clean run (%s) converges and passes every store step', (variant) => {
    const clean = cleanRuns.get(variant);
    if (!clean) throw new Error('no clean run');
    expect(converged(clean, variant)).toEqual([]);
    const ops = new Set(clean.points.map((p) => p.split(' ')[1]));
    for (const op of [
      'driver.createKey',
      'store.write',
      'memory.pending-marked',
      'memory.value-written',
      'memory.confirmed',
      'driver.setKeyState',
      'driver.deleteKey',
    ]) {
      expect(ops).toContain(op);
    }
    const steps = clean.world.events.map(stepOf);
    if (variant === 'store outage') expect(steps).toContain('rolled-back');
    if (variant === 'confirm fails') {
      expect(steps).toContain('rollback-skipped');
      expect(steps).not.toContain('rolled-back');
    }
  });

  for (const kind of ['fail', 'crash'] as const) {
    it(`converges after a ${kind} at every operation and store step (${VARIANTS.join(', ')})`, async () => {
      const failures: string[] = [];
      let cells = 0;
      for (const variant of VARIANTS) {
        const points = pointsOf(variant);
        for (let point = 0; point < points.length; point += 1) {
          cells += 1;
          const run = await runScript(variant, { point, kind });
          const problems = converged(run, variant);
          if (!run.fired) problems.push('fault never fired');
          if (problems.length > 0)
            failures.push(`${variant} ${kind} #${point} ${points[point]}: ${problems.join(' | ')}`);
        }
      }
      console.log(`fault injection (${kind}): ${cells} cells, ${cells - failures.length} hold`);
      expect(failures.slice(0, 10)).toEqual([]);
      expect(cells).toBeGreaterThan(400);
    }, 600_000);
  }
});
