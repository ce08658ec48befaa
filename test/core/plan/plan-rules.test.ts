// Unit tests of plan() over constructed models: creation, users, rotation, retirement, orphans, state, expiry.
import { describe, expect, it } from 'vitest';
import { plan, type Action, type CreateKeyAction } from '../../../src/core/plan/index.js';
import { DAY, DESTROY, NO_DESTROY, T0, absent, at, desired, dkey, dscope, duser, held, observed, rkey, ruser } from './builders.js';

const kinds = (actions: readonly Action[]): string[] => actions.map((a) => `${a.kind} ${'remoteName' in a ? a.remoteName : 'key' in a ? a.key.remoteName : a.serviceUser}`);

describe('plan: creating', () => {
  it('creates a missing user, then its keys with expiry computed from now, user id resolved at apply', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy'), dkey('audit')], { groups: ['deployers'] })]));
    const p = plan(d, observed([], [], [absent('ci', 'DEPLOY'), absent('ci', 'AUDIT')]), T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['create-user deployer', 'create-key audit', 'create-key deploy']);
    const create = p.actions[2] as CreateKeyAction;
    expect(create.userId).toBeNull();
    expect(create.expiresAt).toBe(at(90 * DAY).toISOString());
    expect(create.secrets).toEqual([{ store: 'ci', name: 'DEPLOY' }]);
    expect(create.destructive).toBe(false);
  });

  it('is empty when everything matches and is delivered', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const p = plan(d, observed([ruser('deployer')], [rkey('deploy', 'k1')], [held('ci', 'DEPLOY', 'k1')]), T0, NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.unchanged.map((u) => u.subject)).toEqual(['deploy']);
  });

  it('updates description and groups (as a set)', () => {
    const d = desired(dscope([duser('deployer', [], { description: 'ci', groups: ['readers', 'deployers'] })]));
    const same = plan(d, observed([ruser('deployer', { description: 'ci', groups: ['deployers', 'readers'] })], [], []), T0, NO_DESTROY);
    expect(same.actions).toEqual([]);
    const p = plan(d, observed([ruser('deployer', { description: 'old', groups: ['readers'] })], [], []), T0, NO_DESTROY);
    expect(p.actions).toMatchObject([{ kind: 'update-user', userId: 'u-deployer', description: 'ci', groups: ['readers', 'deployers'], risk: 'medium' }]);
  });

  it('a key declared disabled and absent is not created', () => {
    const d = desired(dscope([duser('deployer', [dkey('batch', { state: 'disabled', secrets: [] })])]));
    expect(plan(d, observed([ruser('deployer')], [], []), T0, NO_DESTROY).actions).toEqual([]);
  });
});

describe('plan: rotation', () => {
  const twoGen = (over = {}) => desired(dscope([duser('deployer', [dkey('deploy', { generation: 2, ...over })])]));

  it('a bumped generation rotates: creates deploy#2 superseding deploy, previous untouched', () => {
    const p = plan(twoGen(), observed([ruser('deployer')], [rkey('deploy', 'k1')], [held('ci', 'DEPLOY', 'k1')]), T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['rotate-key deploy#2']);
    expect((p.actions[0] as CreateKeyAction).supersedes.map((s) => s.keyId)).toEqual(['k1']);
  });

  it('reports rotation due without bumping', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const p = plan(d, observed([ruser('deployer')], [rkey('deploy', 'k1', { expiresAt: at(10 * DAY) })], [held('ci', 'DEPLOY', 'k1')]), T0, NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'rotation-due', keyName: 'deploy', data: { nextGeneration: 2 } }]);
  });

  const rotated = (prev: Partial<ReturnType<typeof rkey>> = {}, deliveredAt = T0) =>
    observed([ruser('deployer')], [rkey('deploy', 'k1', prev), rkey('deploy#2', 'k2', { createdAt: T0 })], [held('ci', 'DEPLOY', 'k2', deliveredAt)]);

  it('keeps the previous generation during overlap (a notice, no action)', () => {
    const p = plan(twoGen(), rotated(), at(6 * DAY), NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'retire-pending', data: { keyId: 'k1', overlapEndsAt: at(7 * DAY).toISOString() } }]);
  });

  it('disables the previous generation after overlap when unused since delivery', () => {
    const p = plan(twoGen(), rotated({ lastUsedAt: at(-DAY) }), at(7 * DAY), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['disable-key deploy']);
    expect(p.actions[0]?.destructive).toBe(false);
  });

  it('uses the store updatedAt as delivery time', () => {
    const p = plan(twoGen(), rotated({}, at(2 * DAY)), at(8 * DAY), NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(plan(twoGen(), rotated({}, at(2 * DAY)), at(9 * DAY), NO_DESTROY).actions).toHaveLength(1);
  });

  it('keeps a previous generation still used after delivery; force-retire overrides', () => {
    const o = rotated({ lastUsedAt: at(3 * DAY) });
    expect(plan(twoGen(), o, at(30 * DAY), NO_DESTROY).actions).toEqual([]);
    expect(plan(twoGen(), o, at(30 * DAY), NO_DESTROY).notices[0]?.message).toContain('a consumer still uses it');
    expect(kinds(plan(twoGen(), o, at(DAY), { allowDestroy: false, forceRetire: true }).actions)).toEqual(['disable-key deploy']);
  });

  it('never retires the previous generation while the successor is undelivered, even with force-retire', () => {
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1'), rkey('deploy#2', 'k2', { lastUsedAt: at(DAY) })], [held('ci', 'DEPLOY', 'k1')]);
    const p = plan(twoGen(), o, at(60 * DAY), { allowDestroy: true, forceRetire: true });
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'undelivered', data: { keyId: 'k2', nextGeneration: 3 } }]);
  });

  it('partial delivery over two stores: no retirement, a notice naming the missing store', () => {
    const d = twoGen({ secrets: [{ store: 'ci', name: 'DEPLOY' }, { store: 'vault', name: 'deploy' }] });
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1'), rkey('deploy#2', 'k2')], [held('ci', 'DEPLOY', 'k2'), held('vault', 'deploy', 'k1')]);
    const p = plan(d, o, at(60 * DAY), { allowDestroy: true, forceRetire: true });
    expect(p.actions).toEqual([]);
    expect(p.notices[0]?.message).toContain('vault/deploy');
  });

  it('deletes an expired earlier generation after retention even while the rotation is pending', () => {
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1', { expiresAt: at(DAY) })], [held('ci', 'DEPLOY', 'k1')]);
    expect(kinds(plan(twoGen(), o, at(30 * DAY), NO_DESTROY).actions)).toEqual(['create-key deploy#2']);
    expect(kinds(plan(twoGen(), o, at(31 * DAY), NO_DESTROY).actions)).toEqual(['delete-key deploy', 'create-key deploy#2']);
  });

  it('deletes a disabled previous generation after retainDisabled, without allow-destroy', () => {
    const o = rotated({ state: 'disabled', updatedAt: at(10 * DAY) });
    expect(plan(twoGen(), o, at(39 * DAY), NO_DESTROY).actions).toEqual([]);
    const p = plan(twoGen(), o, at(40 * DAY), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy']);
    expect(p.blocked).toEqual([]);
  });
});

describe('plan: orphans, state and expiry', () => {
  it('replaces an orphan (no store holds it, never used): delete first, then create the same generation', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const p = plan(d, observed([ruser('deployer')], [rkey('deploy', 'k1')], [absent('ci', 'DEPLOY')]), at(15 * 60_000), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy', 'create-key deploy']);
    expect(p.notices).toMatchObject([{ code: 'orphan', data: { keyId: 'k1' } }]);
  });

  it('waits out the orphan grace period (an apply in progress may be delivering it); orphanGraceMs sets it', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1')], [absent('ci', 'DEPLOY')]);
    const young = plan(d, o, at(14 * 60_000), NO_DESTROY);
    expect(young.actions).toEqual([]);
    expect(young.notices).toMatchObject([{ code: 'orphan', data: { pending: true, replaceAfter: at(15 * 60_000).toISOString() } }]);
    expect(kinds(plan(d, o, T0, { ...NO_DESTROY, orphanGraceMs: 0 }).actions)).toEqual(['delete-key deploy', 'create-key deploy']);
  });

  it('an orphaned successor is replaced as a rotation, the delivered previous untouched', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy', { generation: 2 })])]));
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1'), rkey('deploy#2', 'k2')], [held('ci', 'DEPLOY', 'k1')]);
    const p = plan(d, o, at(DAY), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy#2', 'rotate-key deploy#2']);
  });

  it('a key no store holds but that is in use is never deleted', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const p = plan(d, observed([ruser('deployer')], [rkey('deploy', 'k1', { lastUsedAt: T0 })], [absent('ci', 'DEPLOY')]), T0, DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices[0]?.code).toBe('undelivered');
  });

  it('state: disabled disables every enabled generation, even one a store holds; enabled enables it again', () => {
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1')], [held('ci', 'DEPLOY', 'k1')]);
    const off = plan(desired(dscope([duser('deployer', [dkey('deploy', { state: 'disabled' })])])), o, T0, NO_DESTROY);
    expect(off.actions).toMatchObject([{ kind: 'disable-key', risk: 'high', destructive: false }]);
    const o2 = observed([ruser('deployer')], [rkey('deploy', 'k1', { state: 'disabled' })], [held('ci', 'DEPLOY', 'k1')]);
    expect(kinds(plan(desired(dscope([duser('deployer', [dkey('deploy')])])), o2, T0, NO_DESTROY).actions)).toEqual(['enable-key deploy']);
  });

  it('an expired current key (terminal) is deleted and replaced by the same generation', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1', { expiresAt: at(-DAY) })], [held('ci', 'DEPLOY', 'k1')]);
    const p = plan(d, o, T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy', 'create-key deploy']);
    expect(p.actions[0]?.reason).toContain('expired');
    expect(p.notices[0]?.code).toBe('expired');
  });
});

describe('plan: unmanaged keys and prune', () => {
  const o = observed([ruser('deployer')], [rkey('deploy', 'k1'), rkey('manual', 'm1'), rkey('old', 'm2', { state: 'disabled' })], [held('ci', 'DEPLOY', 'k1')]);

  it('leaves undeclared keys alone without prune', () => {
    const p = plan(desired(dscope([duser('deployer', [dkey('deploy')])])), o, T0, DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'unmanaged', data: { count: 2 } }]);
  });

  it('with prune, disables them and lists their deletes as blocked without allow-destroy', () => {
    const p = plan(desired(dscope([duser('deployer', [dkey('deploy')])], { prune: true })), o, T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['disable-key manual']);
    expect(p.blocked.map((b) => b.action.id)).toEqual(['delete-key payments/deployer/manual m1', 'delete-key payments/deployer/old m2']);
    expect(p.blocked[0]?.reason).toContain('--allow-destroy');
  });

  it('with prune and allow-destroy (flag or manifest), deletes them (disabling first)', () => {
    const p = plan(desired(dscope([duser('deployer', [dkey('deploy')])], { prune: true, allowDestroy: true })), o, T0, NO_DESTROY);
    expect(p.actions).toMatchObject([{ kind: 'delete-key', disableFirst: true, destructive: true }, { kind: 'delete-key', disableFirst: false }]);
  });
});
