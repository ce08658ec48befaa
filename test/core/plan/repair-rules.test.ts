// Unit tests of plan() for partial deliveries: every store of a declared key must confirm one key of the declared
// generation; otherwise a repair-key action (a new attempt for every store), never only a notice.
import { describe, expect, it } from 'vitest';
import { isSettled, plan, type CreateKeyAction } from '../../../src/core/plan/index.js';
import {
  DAY,
  DESTROY,
  NO_DESTROY,
  T0,
  absent,
  at,
  desired,
  dkey,
  dscope,
  duser,
  held,
  observed,
  rkey,
  ruser,
  uncertain,
  kinds,
} from './builders.js';

const TWO = [
  { store: 'ci', name: 'DEPLOY' },
  { store: 'vault', name: 'deploy' },
];
const gen = (generation: number, secrets = TWO) =>
  desired(dscope([duser('deployer', [dkey('deploy', { generation, secrets })])]));
const MIN = 60_000;

describe('plan: repairs', () => {
  it('two stores, one failed: a repair attempt for every store, whatever the options; exit-code attention', () => {
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('deploy#2', 'k2')],
      [held('ci', 'DEPLOY', 'k2'), held('vault', 'deploy', 'k1')],
    );
    for (const options of [NO_DESTROY, DESTROY, { allowDestroy: true, forceRetire: true }]) {
      const p = plan(gen(2), o, at(60 * DAY), options);
      expect(kinds(p.actions)).toEqual(['repair-key deploy#2.r1']);
      const repair = p.actions[0] as CreateKeyAction;
      expect(repair).toMatchObject({
        attempt: 1,
        generation: 2,
        secrets: TWO,
        supersedes: [{ keyId: 'k1' }],
        destructive: false,
      });
      expect(repair.reason).toContain('ci/DEPLOY holds deploy#2 (id k2)');
      expect(repair.reason).toContain('vault/deploy holds deploy (id k1)');
      expect(isSettled(p)).toBe(false);
    }
  });

  it('once the repair attempt holds every store: the older attempt nobody holds is deleted (after the orphan grace if never used)', () => {
    const keys = [
      rkey('deploy', 'k1'),
      rkey('deploy#2', 'k2', { lastUsedAt: null }),
      rkey('deploy#2.r1', 'k3', { createdAt: at(DAY) }),
    ];
    const o = observed([ruser('deployer')], keys, [
      held('ci', 'DEPLOY', 'k3', at(DAY)),
      held('vault', 'deploy', 'k3', at(DAY)),
    ]);
    const p = plan(gen(2), o, at(DAY + 16 * MIN), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy#2']);
    expect(p.actions[0]).toMatchObject({
      disableFirst: true,
      destructive: false,
      destructiveReason: expect.stringContaining('was never used') as unknown,
    });
    expect(p.notices.map((n) => n.code)).toEqual(['retire-pending']);
  });

  it('an older attempt a consumer used retires like a superseded generation (overlap + idle window)', () => {
    const keys = [rkey('deploy#2', 'k2', { lastUsedAt: at(DAY) }), rkey('deploy#2.r1', 'k3', { createdAt: at(DAY) })];
    const o = observed([ruser('deployer')], keys, [
      held('ci', 'DEPLOY', 'k3', at(DAY)),
      held('vault', 'deploy', 'k3', at(DAY)),
    ]);
    expect(plan(gen(2), o, at(2 * DAY), NO_DESTROY).notices).toMatchObject([
      { code: 'retire-pending', data: { keyId: 'k2' } },
    ]);
    expect(kinds(plan(gen(2), o, at(8 * DAY), NO_DESTROY).actions)).toEqual(['disable-key deploy#2']);
  });

  it('the next repair attempt follows the highest one; attempts of generation 1 are deploy#1.rN', () => {
    const keys = [rkey('deploy', 'k1'), rkey('deploy#1.r2', 'k3', { lastUsedAt: T0 })];
    const o = observed([ruser('deployer')], keys, [held('ci', 'DEPLOY', 'k1'), held('vault', 'deploy', 'k3')]);
    expect(kinds(plan(gen(1), o, T0, NO_DESTROY).actions)).toEqual(['repair-key deploy#1.r3']);
  });

  it('a store that may hold the new key (unconfirmed write) is not delivered: repair; no candidate is ever retired', () => {
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('deploy#2', 'k2')],
      [held('ci', 'DEPLOY', 'k2'), uncertain('vault', 'deploy', ['k2', 'k1'])],
    );
    const p = plan(gen(2), o, at(60 * DAY), { allowDestroy: true, forceRetire: true });
    expect(kinds(p.actions)).toEqual(['repair-key deploy#2.r1']);
    expect(p.actions[0]?.reason).toContain('vault/deploy may hold deploy#2 (id k2) or deploy (id k1)');
  });

  it('a store that holds a key it cannot name keeps every key alive (it may hold any of them)', () => {
    const keys = [rkey('deploy', 'k1'), rkey('deploy#2', 'k2', { createdAt: at(-DAY) })];
    const o = observed([ruser('deployer')], keys, [held('ci', 'DEPLOY', 'k2'), uncertain('vault', 'deploy', [])]);
    const p = plan(gen(2), o, at(60 * DAY), DESTROY);
    expect(kinds(p.actions)).toEqual(['repair-key deploy#2.r1']);
  });

  it('crash right after create (no store holds it): repair now; the orphan is deleted only after the grace period', () => {
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('deploy#2', 'k2')],
      [held('ci', 'DEPLOY', 'k1'), held('vault', 'deploy', 'k1')],
    );
    const young = plan(gen(2), o, at(14 * MIN), NO_DESTROY);
    expect(kinds(young.actions)).toEqual(['repair-key deploy#2.r1']);
    expect(young.notices).toMatchObject([
      {
        code: 'orphan',
        attention: true,
        data: { keyId: 'k2', pending: true, replaceAfter: at(15 * MIN).toISOString() },
      },
    ]);
    expect(kinds(plan(gen(2), o, at(15 * MIN), NO_DESTROY).actions)).toEqual([
      'delete-key deploy#2',
      'repair-key deploy#2.r1',
    ]);
    expect(kinds(plan(gen(2), o, T0, { ...NO_DESTROY, orphanGraceMs: 0 }).actions)).toEqual([
      'delete-key deploy#2',
      'repair-key deploy#2.r1',
    ]);
  });

  it('a key no store holds but that is in use is never deleted: the stores get a repair attempt', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const p = plan(
      d,
      observed([ruser('deployer')], [rkey('deploy', 'k1', { lastUsedAt: T0 })], [absent('ci', 'DEPLOY')]),
      at(DAY),
      DESTROY,
    );
    expect(kinds(p.actions)).toEqual(['repair-key deploy#1.r1']);
  });

  it('an expired current key (terminal) is replaced by a repair attempt; the expired key is deleted after retention', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { expiresAt: at(-DAY) })],
      [held('ci', 'DEPLOY', 'k1')],
    );
    const p = plan(d, o, T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['repair-key deploy#1.r1']);
    expect(p.actions[0]?.reason).toContain('expired');
    const after = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { expiresAt: at(-DAY) }), rkey('deploy#1.r1', 'k2')],
      [held('ci', 'DEPLOY', 'k2')],
    );
    expect(plan(d, after, T0, NO_DESTROY).notices).toMatchObject([{ code: 'retention', data: { keyId: 'k1' } }]);
    expect(plan(d, after, at(29 * DAY), NO_DESTROY).actions).toEqual([]);
    expect(kinds(plan(d, after, at(30 * DAY), NO_DESTROY).actions)).toEqual(['delete-key deploy']);
  });

  it('state: enabled on a confirmed but disabled key enables it, retiring nothing until it works', () => {
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('deploy#2', 'k2', { state: 'disabled' })],
      [held('ci', 'DEPLOY', 'k2'), held('vault', 'deploy', 'k2')],
    );
    expect(kinds(plan(gen(2), o, at(60 * DAY), NO_DESTROY).actions)).toEqual(['enable-key deploy#2']);
  });

  it('is settled (exit 0) only when every store confirms the declared generation and nothing waits', () => {
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy#2', 'k2', { expiresAt: at(80 * DAY) })],
      [held('ci', 'DEPLOY', 'k2'), held('vault', 'deploy', 'k2')],
    );
    expect(isSettled(plan(gen(2), o, T0, NO_DESTROY))).toBe(true);
    const due = plan(gen(2), o, at(70 * DAY), NO_DESTROY);
    expect(due.actions).toEqual([]);
    expect(isSettled(due)).toBe(false);
  });
});
