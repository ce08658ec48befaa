// Unit tests of plan() over constructed models: creation, users, rotation, retirement, retention.
// Repairs: repair-rules.test.ts; state disabled/deleted, prune and undeclared users: removal-rules.test.ts.
import { describe, expect, it } from 'vitest';
import { plan, type CreateKeyAction } from '../../../src/core/plan/index.js';
import {
  DAY,
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
  kinds,
} from './builders.js';

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
    const p = plan(
      d,
      observed([ruser('deployer')], [rkey('deploy', 'k1')], [held('ci', 'DEPLOY', 'k1')]),
      T0,
      NO_DESTROY,
    );
    expect(p.actions).toEqual([]);
    expect(p.unchanged.map((u) => u.subject)).toEqual(['deploy']);
  });

  it('lists unchanged resources only when asked: without them the rest of the plan is the same', () => {
    const d = desired(
      dscope([duser('deployer', [dkey('deploy'), dkey('audit'), dkey('spare', { state: 'disabled' })])]),
    );
    const seen = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('audit', 'k2', { expiresAt: at(DAY) })],
      [held('ci', 'DEPLOY', 'k1'), held('ci', 'AUDIT', 'k2'), absent('ci', 'SPARE')],
    );
    const listed = plan(d, seen, T0, NO_DESTROY);
    const counted = plan(d, seen, T0, { ...NO_DESTROY, listUnchanged: false });
    expect(listed.unchanged.map((u) => u.subject)).toEqual(['audit', 'deploy', 'spare']);
    expect(counted.unchanged).toEqual([]);
    expect(counted).toEqual({ ...listed, unchanged: [] });
    expect(counted.notices.map((n) => n.code)).toEqual(['rotation-due']);
  });

  it('updates description and groups (as a set)', () => {
    const d = desired(dscope([duser('deployer', [], { description: 'ci', groups: ['readers', 'deployers'] })]));
    const same = plan(
      d,
      observed([ruser('deployer', { description: 'ci', groups: ['deployers', 'readers'] })], [], []),
      T0,
      NO_DESTROY,
    );
    expect(same.actions).toEqual([]);
    const p = plan(
      d,
      observed([ruser('deployer', { description: 'old', groups: ['readers'] })], [], []),
      T0,
      NO_DESTROY,
    );
    expect(p.actions).toMatchObject([
      {
        kind: 'update-user',
        userId: 'u-deployer',
        description: 'ci',
        groups: ['readers', 'deployers'],
        risk: 'medium',
      },
    ]);
  });

  it('a key declared disabled and absent is not created', () => {
    const d = desired(dscope([duser('deployer', [dkey('batch', { state: 'disabled', secrets: [] })])]));
    expect(plan(d, observed([ruser('deployer')], [], []), T0, NO_DESTROY).actions).toEqual([]);
  });
});

describe('plan: rotation', () => {
  const twoGen = (over = {}) => desired(dscope([duser('deployer', [dkey('deploy', { generation: 2, ...over })])]));

  it('a bumped generation rotates: creates deploy#2 superseding deploy, previous untouched', () => {
    const p = plan(
      twoGen(),
      observed([ruser('deployer')], [rkey('deploy', 'k1')], [held('ci', 'DEPLOY', 'k1')]),
      T0,
      NO_DESTROY,
    );
    expect(kinds(p.actions)).toEqual(['rotate-key deploy#2']);
    expect((p.actions[0] as CreateKeyAction).supersedes.map((s) => s.keyId)).toEqual(['k1']);
  });

  it('reports rotation due without bumping', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])]));
    const p = plan(
      d,
      observed([ruser('deployer')], [rkey('deploy', 'k1', { expiresAt: at(10 * DAY) })], [held('ci', 'DEPLOY', 'k1')]),
      T0,
      NO_DESTROY,
    );
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'rotation-due', keyName: 'deploy', data: { nextGeneration: 2 } }]);
  });

  const rotated = (prev: Partial<ReturnType<typeof rkey>> = {}, deliveredAt = T0) =>
    observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', prev), rkey('deploy#2', 'k2', { createdAt: T0 })],
      [held('ci', 'DEPLOY', 'k2', deliveredAt)],
    );

  it('keeps the previous generation during overlap (a notice saying until when, no action)', () => {
    const p = plan(twoGen(), rotated(), at(6 * DAY), NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([
      {
        code: 'retire-pending',
        attention: false,
        data: { keyId: 'k1', overlapEndsAt: at(7 * DAY).toISOString(), waitUntil: at(7 * DAY).toISOString() },
      },
    ]);
  });

  it('disables the previous generation after overlap when unused for the idle window; not destructive, says why', () => {
    const p = plan(twoGen(), rotated({ lastUsedAt: at(-DAY) }), at(7 * DAY), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['disable-key deploy']);
    expect(p.actions[0]).toMatchObject({
      destructive: false,
      destructiveReason: expect.stringContaining('not destructive') as unknown,
    });
  });

  it('uses the store updatedAt as delivery time', () => {
    const p = plan(twoGen(), rotated({}, at(2 * DAY)), at(8 * DAY), NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(plan(twoGen(), rotated({}, at(2 * DAY)), at(9 * DAY), NO_DESTROY).actions).toHaveLength(1);
  });

  it('a use after delivery holds retirement back for a rolling idle window only, never forever', () => {
    const o = rotated({ lastUsedAt: at(20 * DAY) });
    const waiting = plan(twoGen(), o, at(20 * DAY + 12 * 3_600_000), NO_DESTROY);
    expect(waiting.actions).toEqual([]);
    expect(waiting.notices[0]?.message).toContain(`last used at ${at(20 * DAY).toISOString()}`);
    expect(waiting.notices[0]?.data).toMatchObject({
      lastUsedAt: at(20 * DAY).toISOString(),
      waitUntil: at(21 * DAY).toISOString(),
    });
    expect(kinds(plan(twoGen(), o, at(21 * DAY), NO_DESTROY).actions)).toEqual(['disable-key deploy']);
    const idle = desired(
      dscope([
        duser('deployer', [
          dkey('deploy', {
            generation: 2,
            rotation: {
              rotateBeforeMs: 14 * DAY,
              overlapMs: 7 * DAY,
              retainDisabledMs: 30 * DAY,
              retireIdleMs: 3 * DAY,
            },
          }),
        ]),
      ]),
    );
    expect(plan(idle, o, at(22 * DAY), NO_DESTROY).actions).toEqual([]);
    expect(kinds(plan(idle, o, at(23 * DAY), NO_DESTROY).actions)).toEqual(['disable-key deploy']);
  });

  it('force-retire disables at once: destructive (blocked without allow-destroy) while it was used within the idle window', () => {
    const used = plan(twoGen(), rotated({ lastUsedAt: at(DAY - 3_600_000) }), at(DAY), {
      allowDestroy: false,
      forceRetire: true,
    });
    expect(used.actions).toEqual([]);
    expect(used.blocked).toMatchObject([
      {
        action: { kind: 'disable-key', destructive: true },
        reason: expect.stringContaining('within the 1d idle window') as unknown,
      },
    ]);
    const unused = plan(twoGen(), rotated(), at(DAY), { allowDestroy: false, forceRetire: true });
    expect(kinds(unused.actions)).toEqual(['disable-key deploy']);
  });

  it('never retires the previous generation while the successor is unconfirmed, even with force-retire: it repairs', () => {
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('deploy#2', 'k2', { lastUsedAt: at(DAY) })],
      [held('ci', 'DEPLOY', 'k1')],
    );
    const p = plan(twoGen(), o, at(60 * DAY), { allowDestroy: true, forceRetire: true });
    expect(kinds(p.actions)).toEqual(['repair-key deploy#2.r1']);
    expect(p.actions[0]?.reason).toContain('ci/DEPLOY holds deploy (id k1)');
  });

  it('an expired earlier generation no store holds is deleted after retention, with a notice until then', () => {
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1', { expiresAt: at(DAY) })], [absent('ci', 'DEPLOY')]);
    const early = plan(twoGen(), o, at(30 * DAY), NO_DESTROY);
    expect(kinds(early.actions)).toEqual(['create-key deploy#2']);
    expect(early.notices).toMatchObject([
      { code: 'retention', attention: false, data: { keyId: 'k1', deleteAt: at(31 * DAY).toISOString() } },
    ]);
    const late = plan(twoGen(), o, at(31 * DAY), NO_DESTROY);
    expect(kinds(late.actions)).toEqual(['delete-key deploy', 'create-key deploy#2']);
    expect(late.actions[0]).toMatchObject({
      destructive: false,
      destructiveReason: expect.stringContaining('expired') as unknown,
    });
  });

  it('an expired superseded key is deleted after retention, with a notice until then', () => {
    const o = rotated({ expiresAt: at(10 * DAY), lastUsedAt: at(9 * DAY) });
    const p = plan(twoGen(), o, at(20 * DAY), NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'retention', data: { deleteAt: at(40 * DAY).toISOString() } }]);
    expect(kinds(plan(twoGen(), o, at(40 * DAY), NO_DESTROY).actions)).toEqual(['delete-key deploy']);
  });

  it('deletes a disabled previous generation after retainDisabled, without allow-destroy', () => {
    const o = rotated({ state: 'disabled', updatedAt: at(10 * DAY) });
    expect(plan(twoGen(), o, at(39 * DAY), NO_DESTROY).actions).toEqual([]);
    const p = plan(twoGen(), o, at(40 * DAY), NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy']);
    expect(p.actions[0]).toMatchObject({
      destructive: false,
      destructiveReason: expect.stringContaining('disabled since') as unknown,
    });
    expect(p.blocked).toEqual([]);
  });
});
