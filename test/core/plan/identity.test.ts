// Identity and ambiguity: plan() refuses to guess and names the keys involved; JSON form and summary are stable.
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { plan, planToJson, summarize } from '../../../src/core/plan/index.js';
import { NO_DESTROY, T0, absent, desired, dkey, dscope, duser, held, observed, rkey, ruser } from './builders.js';

function planError(fn: () => unknown): KeywardError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KeywardError) return err;
    throw err;
  }
  throw new Error('expected a KeywardError');
}

describe('plan: ambiguity is an error, never a guess', () => {
  const d = desired(dscope([duser('deployer', [dkey('deploy', { generation: 2 })])]));
  const run = (keys: ReturnType<typeof rkey>[]) => () =>
    plan(d, observed([ruser('deployer')], keys, [held('ci', 'DEPLOY', 'k1')]), T0, NO_DESTROY);

  it('two remote keys claiming one generation', () => {
    const err = planError(run([rkey('deploy#2', 'k2'), rkey('deploy#2', 'k3'), rkey('deploy', 'k1')]));
    expect(err.code).toBe('plan.ambiguous-identity');
    expect(err.source).toBe('user');
    expect(err.message).toContain('two remote keys claim generation 2');
    expect(err.message).toContain('k2');
    expect(err.message).toContain('k3');
  });

  it.each(['deploy#1', 'deploy#01', 'deploy#0'])(
    'a remote name %s that looks like a generation but is not one',
    (name) => {
      const err = planError(run([rkey(name, 'kx')]));
      expect(err.code).toBe('plan.ambiguous-identity');
      expect(err.message).toContain(name);
      expect(err.message).toContain('kx');
    },
  );

  it('a remote generation above the declared one', () => {
    const err = planError(run([rkey('deploy#3', 'k3')]));
    expect(err.message).toMatch(/declares generation 2 but remote key deploy#3 \(id k3\) is generation 3/);
    expect(err.message).toContain('m.yaml:1:1');
  });

  it('two remote service users with the declared name', () => {
    const err = planError(() =>
      plan(
        d,
        observed([ruser('deployer'), ruser('deployer', { id: 'u-other' })], [], [absent('ci', 'DEPLOY')]),
        T0,
        NO_DESTROY,
      ),
    );
    expect(err.message).toContain('2 remote users have this name');
  });

  it('a remote interactive user with the declared name', () => {
    const err = planError(() =>
      plan(
        d,
        observed([ruser('deployer', { type: 'interactive', email: 'd@example.com' })], [], [absent('ci', 'DEPLOY')]),
        T0,
        NO_DESTROY,
      ),
    );
    expect(err.message).toContain('is an interactive user, not a service user');
  });

  it('a declared key name ending in #<n>, an unknown group, a secret ref shared by two keys', () => {
    const bad = desired(dscope([duser('deployer', [dkey('deploy#2')])]));
    expect(planError(() => plan(bad, observed([], [], [absent('ci', 'DEPLOY#2')]), T0, NO_DESTROY)).code).toBe(
      'plan.invalid-key-name',
    );
    const group = desired(dscope([duser('deployer', [], { groups: ['nope'] })]));
    expect(planError(() => plan(group, observed([], [], []), T0, NO_DESTROY)).message).toContain(
      'group nope does not exist',
    );
    const shared = desired(
      dscope([
        duser('deployer', [
          dkey('a', { secrets: [{ store: 'ci', name: 'X' }] }),
          dkey('b', { secrets: [{ store: 'ci', name: 'X' }] }),
        ]),
      ]),
    );
    expect(planError(() => plan(shared, observed([], [], [absent('ci', 'X')]), T0, NO_DESTROY)).code).toBe(
      'plan.shared-secret-ref',
    );
  });

  it('a scope, a service user (same key API) or a key declared twice', () => {
    const obs = observed([], [], [absent('ci', 'DEPLOY')]);
    const twice = desired(dscope([duser('deployer', [dkey('deploy')])]), dscope([duser('other', [])]));
    expect(planError(() => plan(twice, obs, T0, NO_DESTROY)).code).toBe('plan.duplicate-scope');
    const user = desired(dscope([duser('deployer', [dkey('deploy')])]), dscope([duser('deployer', [])], { name: 'b' }));
    expect(planError(() => plan(user, obs, T0, NO_DESTROY)).message).toContain(
      'service user deployer is declared twice for the same key API',
    );
    const key = desired(dscope([duser('deployer', [dkey('deploy'), dkey('deploy')])]));
    expect(planError(() => plan(key, obs, T0, NO_DESTROY)).code).toBe('plan.duplicate-key');
  });

  it('keys of other names on the same user are not claimed', () => {
    const p = plan(
      d,
      observed(
        [ruser('deployer')],
        [rkey('deploy', 'k1'), rkey('deployer', 'z1'), rkey('deploy-2', 'z2')],
        [held('ci', 'DEPLOY', 'k1')],
      ),
      T0,
      NO_DESTROY,
    );
    expect(p.actions.map((a) => a.kind)).toEqual(['rotate-key']);
  });
});

describe('plan: ordering and JSON', () => {
  it('is independent of the order of scopes, users and keys', () => {
    const users = [duser('b', [dkey('y'), dkey('x')]), duser('a', [dkey('z')])];
    const obs = observed([], [], [absent('ci', 'X'), absent('ci', 'Y'), absent('ci', 'Z')]);
    const one = plan(desired(dscope(users)), obs, T0, NO_DESTROY);
    const two = plan(
      desired(dscope([...users].reverse().map((u) => ({ ...u, keys: [...u.keys].reverse() })))),
      obs,
      T0,
      NO_DESTROY,
    );
    expect(two).toEqual(one);
    expect(one.actions.map((a) => a.id)).toEqual([
      'create-user payments/a/a',
      'create-key payments/a/z',
      'create-user payments/b/b',
      'create-key payments/b/x',
      'create-key payments/b/y',
    ]);
  });

  it('planToJson has the documented shape and summarize counts add/change/destroy/rotate/repair', () => {
    const d = desired(
      dscope([duser('deployer', [dkey('deploy', { generation: 2 }), dkey('fresh')], { description: 'new' })], {
        prune: true,
      }),
    );
    const o = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1'), rkey('manual', 'm1')],
      [held('ci', 'DEPLOY', 'k1'), absent('ci', 'FRESH')],
    );
    const p = plan(d, o, T0, NO_DESTROY);
    expect(summarize(p)).toEqual({ add: 1, change: 1, destroy: 0, rotate: 1, repair: 0 });
    const json = planToJson(p);
    expect(Object.keys(json)).toEqual([
      'formatVersion',
      'at',
      'options',
      'summary',
      'changes',
      'attention',
      'actions',
      'blocked',
      'unchanged',
      'notices',
      'warnings',
    ]);
    expect(json.changes).toBe(true);
    expect(json.attention).toBe(true);
    expect(json.blocked[0]?.action).toMatchObject({
      kind: 'delete-key',
      destructive: true,
      destructiveReason: expect.stringContaining('destructive: a consumer might still use it') as unknown,
    });
    expect(json.blocked).toHaveLength(1);
    const rotate = json.actions.find((a) => a.kind === 'rotate-key');
    expect(rotate).toEqual({
      kind: 'rotate-key',
      id: 'rotate-key payments/deployer/deploy#2',
      scope: 'payments',
      serviceUser: 'deployer',
      reason: expect.stringContaining('generation 2 declared'),
      risk: 'medium',
      destructive: false,
      userId: 'u-deployer',
      keyName: 'deploy',
      generation: 2,
      attempt: 0,
      remoteName: 'deploy#2',
      expiresAt: '2026-05-30T00:00:00.000Z',
      secrets: [{ store: 'ci', name: 'DEPLOY' }],
      supersedes: [{ keyId: 'k1', remoteName: 'deploy', keyName: 'deploy', generation: 1 }],
      retireAfterDelivery: [],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('plan: repair attempts keep identity unambiguous', () => {
  const d = desired(dscope([duser('deployer', [dkey('deploy', { generation: 2 })])]));
  const run = (keys: ReturnType<typeof rkey>[]) => () =>
    plan(d, observed([ruser('deployer')], keys, [held('ci', 'DEPLOY', 'k1')]), T0, NO_DESTROY);

  it('two remote keys claiming one repair attempt are an error naming both', () => {
    const err = planError(run([rkey('deploy#2.r1', 'k2'), rkey('deploy#2.r1', 'k3')]));
    expect(err.code).toBe('plan.ambiguous-identity');
    expect(err.message).toContain('two remote keys claim generation 2 repair attempt 1');
  });

  it.each(['deploy#2.r0', 'deploy#2.r01', 'deploy#02.r1'])(
    'a name %s that looks like an attempt but is not one',
    (name) => {
      expect(planError(run([rkey(name, 'kx')])).code).toBe('plan.ambiguous-identity');
    },
  );

  it('distinct attempts of one generation are not ambiguous', () => {
    expect(() => run([rkey('deploy#2', 'k2'), rkey('deploy#2.r1', 'k3'), rkey('deploy#2.r2', 'k4')])()).not.toThrow();
  });
});
