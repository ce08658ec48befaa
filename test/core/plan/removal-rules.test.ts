// Unit tests of plan() for keys that should stop working (state: disabled / deleted, prune) and undeclared service
// users: every removal is visible, and each disable or delete says why it is or is not destructive.
import { describe, expect, it } from 'vitest';
import { plan } from '../../../src/core/plan/index.js';
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
  kinds,
} from './builders.js';

describe('plan: state disabled and deleted', () => {
  it('state: disabled on a key a store holds is destructive (blocked without allow-destroy), on an idle unheld one not', () => {
    const o = observed([ruser('deployer')], [rkey('deploy', 'k1')], [held('ci', 'DEPLOY', 'k1')]);
    const off = desired(dscope([duser('deployer', [dkey('deploy', { state: 'disabled' })])]));
    const blocked = plan(off, o, T0, NO_DESTROY);
    expect(blocked.actions).toEqual([]);
    expect(blocked.blocked).toMatchObject([{ action: { kind: 'disable-key', destructive: true, risk: 'high' } }]);
    expect(blocked.blocked[0]?.reason).toContain('ci/DEPLOY holds or may hold it');
    expect(kinds(plan(off, o, T0, DESTROY).actions)).toEqual(['disable-key deploy']);
    const idle = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { lastUsedAt: at(-2 * DAY) })],
      [absent('ci', 'DEPLOY')],
    );
    expect(plan(off, idle, T0, NO_DESTROY).actions).toMatchObject([{ kind: 'disable-key', destructive: false }]);
    const o2 = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { state: 'disabled' })],
      [held('ci', 'DEPLOY', 'k1')],
    );
    expect(kinds(plan(desired(dscope([duser('deployer', [dkey('deploy')])])), o2, T0, NO_DESTROY).actions)).toEqual([
      'enable-key deploy',
    ]);
  });

  it('state: deleted deletes every key (destructive while held) with its store entries, then entries left behind', () => {
    const gone = desired(dscope([duser('deployer', [dkey('deploy', { generation: 2, state: 'deleted' })])]));
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { state: 'disabled' }), rkey('deploy#2', 'k2')],
      [held('ci', 'DEPLOY', 'k2')],
    );
    const p = plan(gone, o, T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key deploy']);
    expect(p.actions[0]).toMatchObject({ destructive: false, secrets: [] });
    expect(p.blocked).toMatchObject([
      {
        action: {
          kind: 'delete-key',
          disableFirst: true,
          destructive: true,
          secrets: [{ store: 'ci', name: 'DEPLOY' }],
        },
      },
    ]);
    expect(kinds(plan(gone, o, T0, DESTROY).actions)).toEqual(['delete-key deploy', 'delete-key deploy#2']);
    const left = observed([ruser('deployer')], [], [held('ci', 'DEPLOY', 'k2')]);
    const cleanup = plan(gone, left, T0, NO_DESTROY);
    expect(cleanup.actions).toMatchObject([
      { kind: 'delete-secret', secret: { store: 'ci', name: 'DEPLOY' }, holds: ['k2'], destructive: false },
    ]);
    const done = plan(gone, observed([ruser('deployer')], [], [absent('ci', 'DEPLOY')]), T0, NO_DESTROY);
    expect(done.actions).toEqual([]);
    expect(done.unchanged[0]?.reason).toContain('can be removed from the manifest');
  });

  it("state: deleted never deletes an entry holding a key still on the key API (someone else's): a notice instead", () => {
    const gone = desired(dscope([duser('deployer', [dkey('deploy', { state: 'deleted' })])]));
    const o = observed([ruser('deployer')], [rkey('other', 'o1')], [held('ci', 'DEPLOY', 'o1')]);
    const p = plan(gone, o, T0, DESTROY);
    expect(p.actions.filter((a) => a.kind === 'delete-secret')).toEqual([]);
    expect(p.notices.map((n) => [n.code, n.attention])).toContainEqual(['unknown-secret', true]);
  });
});

describe('plan: undeclared keys and users', () => {
  const o = observed(
    [ruser('deployer')],
    [rkey('deploy', 'k1'), rkey('manual', 'm1'), rkey('old', 'm2', { state: 'disabled' })],
    [held('ci', 'DEPLOY', 'k1')],
  );

  it('without prune: a notice saying what prune would do', () => {
    const p = plan(desired(dscope([duser('deployer', [dkey('deploy')])])), o, T0, DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'unmanaged', attention: false, data: { count: 2, enabled: 1 } }]);
    expect(p.notices[0]?.message).toContain(
      'with prune: true keyward would delete them (the enabled manual only with --allow-destroy',
    );
  });

  it('with prune: a disabled one is deleted (not destructive), an enabled one is blocked without allow-destroy', () => {
    const p = plan(desired(dscope([duser('deployer', [dkey('deploy')])], { prune: true })), o, T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key old']);
    expect(p.actions[0]).toMatchObject({
      destructiveReason: expect.stringContaining('not destructive: disabled') as unknown,
    });
    expect(p.blocked.map((b) => b.action.id)).toEqual(['delete-key payments/deployer/manual m1']);
    expect(p.blocked[0]?.reason).toContain('keyward cannot see who holds it');
    expect(p.blocked[0]?.reason).toContain('--allow-destroy');
  });

  it('with prune and allow-destroy (flag or manifest), deletes them (disabling first)', () => {
    const p = plan(
      desired(dscope([duser('deployer', [dkey('deploy')])], { prune: true, allowDestroy: true })),
      o,
      T0,
      NO_DESTROY,
    );
    expect(p.actions).toMatchObject([
      { kind: 'delete-key', disableFirst: true, destructive: true },
      { kind: 'delete-key', disableFirst: false, destructive: false },
    ]);
  });

  const world = observed(
    [ruser('deployer'), ruser('gone'), ruser('person', { type: 'interactive', email: 'p@example.com' })],
    [rkey('deploy', 'k1'), rkey('x', 'g1', {}, 'gone'), rkey('y', 'g2', { state: 'disabled' }, 'gone')],
    [held('ci', 'DEPLOY', 'k1')],
  );

  it('a service user no manifest declares shows in every plan; interactive users never', () => {
    const p = plan(desired(dscope([duser('deployer', [dkey('deploy')])])), world, T0, DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.notices).toMatchObject([{ code: 'undeclared-user', serviceUser: 'gone', data: { keys: 2, enabled: 1 } }]);
    expect(p.notices[0]?.message).toContain(
      'With prune: true in every manifest of this key API keyward would delete its keys and the user',
    );
  });

  it('with prune in every manifest of the key API: deletes its keys, then the user (destructive while a key is enabled)', () => {
    const d = desired(dscope([duser('deployer', [dkey('deploy')])], { prune: true }));
    const p = plan(d, world, T0, NO_DESTROY);
    expect(kinds(p.actions)).toEqual(['delete-key y']);
    expect(p.blocked.map((b) => b.action.kind)).toEqual(['delete-key', 'delete-user']);
    expect(kinds(plan(d, world, T0, DESTROY).actions)).toEqual(['delete-key x', 'delete-key y', 'delete-user gone']);
  });
});
