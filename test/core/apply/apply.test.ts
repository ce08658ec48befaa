// apply() against the fake key API and memory stores: delivery, a full rotation cycle, retries, rollback,
// partial delivery, the run stopping on 403, bounded concurrency, and no secret in any event.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { KeywardError, userError } from '../../../src/kernel/errors.js';
import { collectingSink, stepOf } from '../../../src/kernel/events.js';
import { apply } from '../../../src/core/apply/index.js';
import { planToJson } from '../../../src/core/plan/index.js';
import type { KeyDriver } from '../../../src/core/ports/key-driver.js';
import { desired, dkey, dscope, duser } from '../plan/builders.js';
import { makeWorld } from './world.js';
import { forwarding, type FaultHook } from '../../support/fake-driver.js';

const model = (generation = 1, extra: Partial<Parameters<typeof dkey>[1]> = {}) =>
  desired(
    dscope([
      duser('deployer', [dkey('deploy', { generation, ...extra })], { groups: ['deployers'] }),
      duser('reader', [dkey('read')]),
    ]),
  );

describe('apply', () => {
  it('creates users and keys, delivers verified secrets, and the next plan is empty', async () => {
    const w = makeWorld(model());
    const { result } = await w.round(model());
    expect(result).toMatchObject({ ok: true, done: 4, failed: 0, skipped: 0 });
    expect(w.stores.get('ci')?.names()).toEqual(['DEPLOY', 'READ']);
    expect(w.custodyProblems()).toEqual([]);
    expect((await w.planNow(model())).actions).toEqual([]);
    const codes = w.events.map((e) => e.code);
    expect(codes).toContain('apply.action.started');
    expect(codes).toContain('store.write.verified');
    expect(codes.at(-1)).toBe('apply.finished');
  });

  it('runs a whole rotation: create + deliver, overlap, retire, retain, delete — consumers never broken', async () => {
    const w = makeWorld(model());
    await w.round(model());
    const { plan: rotation } = await w.round(model(2));
    expect(rotation.actions.map((a) => a.kind)).toEqual(['rotate-key']);
    expect(w.custodyProblems()).toEqual([]);
    const waiting = await w.planNow(model(2));
    expect(waiting.actions).toEqual([]);
    expect(waiting.notices.map((n) => n.code)).toEqual(['retire-pending']);
    w.clock.advance(7 * DAY_MS);
    expect((await w.round(model(2))).plan.actions.map((a) => a.kind)).toEqual(['disable-key']);
    w.clock.advance(30 * DAY_MS);
    expect((await w.round(model(2))).plan.actions.map((a) => a.kind)).toEqual(['delete-key']);
    expect((await w.planNow(model(2))).actions).toEqual([]);
    expect(w.remoteKeyNames()).toEqual(['deploy#2', 'read']);
    expect(w.custodyProblems()).toEqual([]);
  });

  it('with force-retire (or zero overlap) a rotation retires the previous generation right after delivery', async () => {
    const w = makeWorld(model());
    await w.round(model());
    const force = { allowDestroy: false, forceRetire: true };
    const { plan: rotation, result } = await w.round(model(2), force);
    expect(rotation.actions[0]).toMatchObject({ kind: 'rotate-key', retireAfterDelivery: [{ remoteName: 'deploy' }] });
    expect(result.ok).toBe(true);
    expect(w.driver.listKeys().find((k) => k.name === 'deploy')?.state).toBe('disabled');
    expect(w.events.map((e) => e.code)).toContain('key.retired');
    expect((await w.planNow(model(2), force)).actions).toEqual([]);
    expect(w.custodyProblems()).toEqual([]);
    const zero = (g: number) =>
      model(g, { rotation: { rotateBeforeMs: 0, overlapMs: 0, retainDisabledMs: 30 * DAY_MS, retireIdleMs: DAY_MS } });
    expect((await w.planNow(zero(3))).actions[0]).toMatchObject({
      kind: 'rotate-key',
      retireAfterDelivery: [{ remoteName: 'deploy#2' }],
    });
  });

  it('does not stack retries on a store (its transport retries): a failed write rolls back; the next apply delivers', async () => {
    let failures = 1;
    const hook: FaultHook = (phase, op, target) => {
      if (phase === 'before' && op === 'store.write' && target === 'ci/DEPLOY' && failures > 0) {
        failures -= 1;
        throw new KeywardError('test.store-unavailable', 'store ci: 503');
      }
    };
    const w = makeWorld(model(), hook);
    const first = await w.round(model());
    expect(first.result.ok).toBe(false);
    expect(w.events.filter((e) => e.code === 'store.write.failed')).toHaveLength(1);
    expect(w.remoteKeyNames()).toEqual(['read']);
    expect(w.custodyProblems()).toEqual([]);
    const second = await w.round(model());
    expect(second.result.ok).toBe(true);
    expect(w.custodyProblems()).toEqual([]);
  });

  it('rolls the new key back when every write fails, keeping the previous generation working', async () => {
    let broken = false;
    const w = makeWorld(model(), (phase, op, target) => {
      if (broken && phase === 'before' && op === 'store.write' && target === 'ci/DEPLOY')
        throw new KeywardError('test.store-unavailable', 'store ci: 503');
    });
    await w.round(model());
    broken = true;
    const { result } = await w.round(model(2));
    expect(result.ok).toBe(false);
    const failure = result.results.find((r) => r.status === 'failed');
    expect(failure?.error?.message).toMatch(
      /delivering deploy#2 .*store ci: 503; rolled back key [0-9a-f]{32} \(disabled and deleted\)/,
    );
    expect(w.remoteKeyNames()).toEqual(['deploy', 'read']);
    expect(w.custodyProblems()).toEqual([]);
    broken = false;
    expect((await w.planNow(model(2))).actions.map((a) => a.kind)).toEqual(['rotate-key']);
  });

  it('rolls back at once when a store refuses permission (a user error)', async () => {
    const w = makeWorld(model(), (phase, op, target) => {
      if (phase === 'before' && op === 'store.write' && target === 'ci/READ')
        throw userError('forbidden', 'github store "ci": secret READ: 403 needs secrets: write');
    });
    const { result } = await w.round(model());
    expect(result.results.find((r) => r.status === 'failed')?.error).toMatchObject({
      source: 'user',
      message: expect.stringContaining('403 needs secrets: write; rolled back key'),
    });
    expect(w.remoteKeyNames()).toEqual(['deploy']);
  });

  it('keeps a key one store already holds when another store fails; the next apply repairs it with no manual edit', async () => {
    const two = (g: number) =>
      model(g, {
        secrets: [
          { store: 'ci', name: 'DEPLOY' },
          { store: 'vault', name: 'deploy' },
        ],
      });
    let broken = false;
    const w = makeWorld(two(1), (phase, op, target) => {
      if (broken && phase === 'before' && op === 'store.write' && target === 'vault/deploy')
        throw new KeywardError('test.store-unavailable', 'vault: sealed');
    });
    await w.round(two(1));
    broken = true;
    const { result } = await w.round(two(2));
    expect(result.results.find((r) => r.status === 'failed')?.error?.message).toMatch(
      /ci\/DEPLOY holds or may hold it, so it is kept; the next apply repairs deploy/,
    );
    expect(w.events.map(stepOf)).toContain('rollback-skipped');
    expect(w.custodyProblems()).toEqual([]);
    broken = false;
    const repair = await w.planNow(two(2));
    expect(repair.actions.map((a) => a.id)).toEqual(['repair-key payments/deployer/deploy#2.r1']);
    await w.round(two(2));
    expect(w.stores.get('ci')?.read('DEPLOY')?.meta.keyId).toBe(w.stores.get('vault')?.read('deploy')?.meta.keyId);
    w.clock.advance(7 * DAY_MS);
    await w.round(two(2));
    w.clock.advance(30 * DAY_MS);
    await w.round(two(2));
    expect((await w.planNow(two(2))).actions).toEqual([]);
    expect(w.remoteKeyNames()).toEqual(['deploy#2.r1', 'read']);
    expect(w.custodyProblems()).toEqual([]);
  });

  it('state: deleted removes every key, then its store entries once the key no longer verifies (never a working one)', async () => {
    const w = makeWorld(model());
    await w.round(model());
    const held = w.stores.get('ci')?.read('DEPLOY');
    if (!held) throw new Error('no deploy secret');
    const gone = model(1, { state: 'deleted' });
    const blocked = await w.planNow(gone);
    expect(blocked.actions).toEqual([]);
    expect(blocked.blocked.map((b) => b.action.kind)).toEqual(['delete-key']);
    const order: string[] = [];
    const { result } = await w.round(gone, { allowDestroy: true, forceRetire: false });
    expect(result.ok).toBe(true);
    for (const e of w.events)
      if ('actionId' in e.data && e.data.actionId === result.results[0]?.actionId && stepOf(e) !== null)
        order.push(stepOf(e) ?? '');
    expect(order).toEqual(['disabled', 'deleted', 'secret-deleted']);
    expect(w.driver.verify(held.secret.reveal(), false)).toBe('NOT_FOUND');
    expect(w.stores.get('ci')?.names()).toEqual(['READ']);
    const done = await w.planNow(gone);
    expect(done.actions).toEqual([]);
    expect(done.unchanged.map((u) => u.reason)).toContain(
      'declared deleted; no key and no secret of it remains, the entry can be removed from the manifest',
    );
  });

  it('a store that cannot delete keeps the dead secret with a warning; the key delete still counts', async () => {
    const w = makeWorld(model());
    await w.round(model());
    w.stores
      .get('ci')
      ?.failAt('memory.delete-started', userError('store.exec.no-delete', 'cannot delete: no delete command'));
    const { result } = await w.round(model(1, { state: 'deleted' }), { allowDestroy: true, forceRetire: false });
    expect(result.ok).toBe(true);
    expect(w.events.filter((e) => e.code === 'secret.kept').map((e) => e.level)).toEqual(['warn']);
    expect(w.remoteKeyNames()).toEqual(['read']);
  });

  it('a store rewritten since the plan keeps its new secret when the old key is deleted', async () => {
    const w = makeWorld(model());
    await w.round(model());
    const gone = model(1, { state: 'deleted' });
    const p = await w.planNow(gone, { allowDestroy: true, forceRetire: false });
    await w.round(model(2));
    const { sink, events } = collectingSink();
    const result = await apply(p, {
      drivers: new Map([['payments', w.driver]]),
      stores: new Map([['payments', w.stores]]),
      clock: w.clock,
      sink,
    });
    expect(result.ok).toBe(true);
    expect(events.map(stepOf)).toContain('secret-kept');
    const now = w.stores.get('ci')?.read('DEPLOY');
    expect(now && w.driver.verify(now.secret.reveal(), false)).toBe('VALID');
  });

  it('stops the whole run on 403 and skips what remains', async () => {
    const w = makeWorld(model(), (phase, op) => {
      if (phase === 'before' && op === 'driver.createServiceUser')
        throw new KeywardError('forbidden', 'missing permission User Manage (403)', {
          source: 'user',
          details: { status: 403 },
        });
    });
    const p = await w.planNow(model());
    const { sink, events } = collectingSink();
    const result = await apply(p, {
      drivers: new Map([['payments', w.driver]]),
      stores: new Map([['payments', w.stores]]),
      clock: w.clock,
      sink,
      parallelism: 1,
    });
    expect(result).toMatchObject({ ok: false, failed: 1, skipped: 3 });
    expect(events.filter((e) => e.code === 'apply.action.skipped')[2]?.message).toContain(
      'the run stopped: creating service user deployer: missing permission User Manage (403)',
    );
  });

  it('works on at most `parallelism` service users at once, one user in order', async () => {
    const users = Array.from({ length: 6 }, (_, i) => duser(`u${i}`, [dkey(`k${i}`), dkey(`j${i}`)]));
    const m = desired(dscope(users));
    const w = makeWorld(m);
    let inFlight = 0;
    let peak = 0;
    const order: string[] = [];
    const slow: KeyDriver = {
      ...forwarding(w.driver),
      name: 'slow',
      createServiceUser: async (input) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        order.push(`user ${input.name}`);
        return w.driver.createServiceUser(input);
      },
      createKey: async (input) => {
        order.push(`key ${input.name}`);
        return w.driver.createKey(input);
      },
    };
    const p = await w.planNow(m);
    const result = await apply(p, {
      drivers: new Map([['payments', slow]]),
      stores: new Map([['payments', w.stores]]),
      clock: w.clock,
      sink: () => undefined,
      parallelism: 2,
    });
    expect(result.ok).toBe(true);
    expect(peak).toBe(2);
    expect(order.indexOf('user u3')).toBeLessThan(order.indexOf('key j3'));
    expect(order.indexOf('key j3')).toBeLessThan(order.indexOf('key k3'));
  });

  it('never lets a secret into events, results, errors or the plan JSON', async () => {
    let broken = false;
    const w = makeWorld(model(), (phase, op, target) => {
      if (broken && phase === 'after' && op === 'store.write' && target === 'ci/DEPLOY')
        throw new KeywardError('test.store-unavailable', 'lost response');
    });
    const first = await w.round(model());
    broken = true;
    const second = await w.round(model(2));
    const secrets = w.driver.issued.map((s) => s.reveal());
    expect(secrets.length).toBe(3);
    const outputs = JSON.stringify([
      w.events,
      planToJson(first.plan),
      planToJson(second.plan),
      first.result,
      second.result,
      second.result.results.map((r) => [r.error?.message, r.error?.stack]),
    ]);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(outputs).not.toContain(secret);
      expect(outputs).not.toContain(secret.slice(32));
    }
  });
});
