// Planner rules for roles and groups: create and update in order before service users, deletes only under prune and
// after them, built-ins never touched, and every problem of a run (unknown groups and roles, generations) at once.
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { plan, type Plan } from '../../../src/core/plan/index.js';
import {
  DESTROY,
  NO_DESTROY,
  T0,
  desired,
  dgroup,
  dkey,
  drole,
  dscope,
  duser,
  observedAccess,
  rgroup,
  rkey,
  rrole,
  ruser,
} from './builders.js';

const ALL_ACCESS = rrole('All Access', ['*'], true);
const ADMINS = rgroup('Administrators', {
  roles: ['All Access'],
  accountAlerts: true,
  description: 'Can do everything',
});

const ids = (p: Plan): string[] => p.actions.map((a) => a.id);

function failure(run: () => unknown): KeywardError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(KeywardError);
    return err as KeywardError;
  }
  throw new Error('expected plan() to fail');
}

describe('plan: roles and groups', () => {
  it('creates declared roles, then groups, then the service users that name them', () => {
    const m = desired(
      dscope([duser('bot', [dkey('deploy', { secrets: [] })], { groups: ['deployers'] })], {
        roles: [drole('User Manage', ['user.manage']), drole('Service API Keys Create', ['service_api_key.create'])],
        groups: [
          dgroup('deployers', { roles: ['User Manage', 'Service API Keys Create'], description: 'ship' }),
          dgroup('alerted', { accountAlerts: true, roles: ['All Access'] }),
        ],
      }),
    );
    const p = plan(m, observedAccess([ALL_ACCESS], [ADMINS]), T0, NO_DESTROY);
    expect(ids(p)).toEqual([
      'create-role payments/Service API Keys Create',
      'create-role payments/User Manage',
      'create-group payments/alerted',
      'create-group payments/deployers',
      'create-user payments/bot/bot',
      'create-key payments/bot/deploy',
    ]);
    expect(p.actions[3]).toMatchObject({
      kind: 'create-group',
      group: 'deployers',
      description: 'ship',
      roles: ['User Manage', 'Service API Keys Create'],
      accountAlerts: false,
      risk: 'low',
      destructive: false,
    });
  });

  it('plans nothing when the key API already matches (built-in roles referenced, never declared)', () => {
    const m = desired(
      dscope([duser('bot', [], { groups: ['deployers', 'Administrators'] })], {
        roles: [drole('User Manage', ['user.manage'])],
        groups: [dgroup('deployers', { roles: ['User Manage', 'All Access'], accountAlerts: true })],
      }),
    );
    const o = observedAccess(
      [ALL_ACCESS, rrole('User Manage', ['user.manage'])],
      [ADMINS, rgroup('deployers', { roles: ['All Access', 'User Manage'], accountAlerts: true })],
      [ruser('bot', { groups: ['Administrators', 'deployers'] })],
    );
    const p = plan(m, o, T0, NO_DESTROY);
    expect(p.actions).toEqual([]);
    expect(p.blocked).toEqual([]);
  });

  it('updates a role and a group in place, saying what changes from what to what', () => {
    const m = desired(
      dscope([], {
        roles: [drole('User Manage', ['user.manage', 'service_api_key.create'])],
        groups: [dgroup('deployers', { description: 'ships', roles: ['User Manage'], accountAlerts: true })],
      }),
    );
    const o = observedAccess(
      [ALL_ACCESS, rrole('User Manage', ['user.manage'])],
      [rgroup('deployers', { description: 'old' })],
    );
    const p = plan(m, o, T0, NO_DESTROY);
    expect(p.actions).toEqual([
      expect.objectContaining({
        kind: 'update-role',
        roleId: 'r-User Manage',
        permissions: ['user.manage', 'service_api_key.create'],
        changes: [{ field: 'permissions', from: 'user.manage', to: 'service_api_key.create, user.manage' }],
        risk: 'medium',
      }),
      expect.objectContaining({
        kind: 'update-group',
        groupId: 'g-deployers',
        reason: 'differs from the manifest: description, roles, accountAlerts',
        changes: [
          { field: 'description', from: '"old"', to: '"ships"' },
          { field: 'roles', from: '(none)', to: 'User Manage' },
          { field: 'accountAlerts', from: 'false', to: 'true' },
        ],
      }),
    ]);
  });

  it('reports every problem of a run at once: unknown groups and roles, a built-in declared, a generation gone back', () => {
    const m = desired(
      dscope(
        [
          duser('a', [], { groups: ['ghosts'] }),
          duser('b', [dkey('deploy', { generation: 1 }, 'b')], { groups: ['phantoms', 'deployers'] }),
        ],
        {
          roles: [drole('All Access', ['*'])],
          groups: [dgroup('deployers', { roles: ['No Such Role'] })],
        },
      ),
    );
    const o = observedAccess([ALL_ACCESS], [], [ruser('b')], [rkey('deploy#3', 'k3', {}, 'b')]);
    const e = failure(() => plan(m, o, T0, NO_DESTROY));
    expect(e.code).toBe('plan.problems');
    expect(e.source).toBe('user');
    expect(e.message.split('\n')[0]).toBe('5 problems stop this plan:');
    expect(e.message).toContain('role All Access (m.yaml:1:1) is built in');
    expect(e.message).toContain('group deployers (m.yaml:1:1): role No Such Role does not exist');
    expect(e.message).toContain('service user a (m.yaml:1:1): group ghosts does not exist');
    expect(e.message).toContain('service user b (m.yaml:1:1): group phantoms does not exist');
    expect(e.message).toContain('declares generation 1 but remote key deploy#3');
    expect(e.details['problems']).toHaveLength(5);
  });

  it('a service user may name a group another manifest on the same key API declares', () => {
    const teams = dscope([duser('bot', [], { groups: ['shared'] })]);
    const platform = dscope([], { name: 'platform', groups: [dgroup('shared', { scope: 'platform' })] });
    const seen = observedAccess([ALL_ACCESS], []);
    const both = { scopes: [...seen.scopes, ...seen.scopes.map((s) => ({ ...s, scope: 'platform' }))] };
    const p = plan(desired(teams, platform), both, T0, NO_DESTROY);
    expect(ids(p)).toEqual(['create-group platform/shared', 'create-user payments/bot/bot']);
  });

  it('one problem keeps its own code', () => {
    const m = desired(dscope([duser('a', [], { groups: ['ghosts'] })]));
    const e = failure(() => plan(m, observedAccess([ALL_ACCESS], []), T0, NO_DESTROY));
    expect(e.code).toBe('plan.unknown-group');
  });

  it('refuses a role or group declared twice for one key API, naming both places', () => {
    const one = dscope([], { groups: [dgroup('deployers')] });
    const two = dscope([], {
      name: 'billing',
      groups: [dgroup('deployers', { source: { file: 'b.yaml', line: 3, column: 5, path: '/groups/0' } })],
    });
    const e = failure(() => plan(desired(one, two), observedAccess([], []), T0, NO_DESTROY));
    expect(e.code).toBe('plan.duplicate-group');
    expect(e.message).toContain('b.yaml:3:5');
  });
});

describe('plan: pruning roles and groups', () => {
  const remote = (): ReturnType<typeof observedAccess> =>
    observedAccess(
      [ALL_ACCESS, rrole('Old Role', ['user.manage']), rrole('Kept Role', ['user.manage']), rrole('Idle', [])],
      [
        ADMINS,
        rgroup('root-ish', { roles: ['All Access'] }),
        rgroup('deployers'),
        rgroup('stale', { roles: ['Old Role'], accountAlerts: true }),
        rgroup('kept', { roles: ['Kept Role'] }),
      ],
      [ruser('bot', { groups: ['deployers'] })],
    );
  const scope = (over: Parameters<typeof dscope>[1]): ReturnType<typeof desired> =>
    desired(
      dscope([duser('bot', [], { groups: ['deployers'] })], {
        groups: [dgroup('kept', { roles: ['Kept Role'] })],
        roles: [],
        ...over,
      }),
    );

  it('leaves undeclared roles and groups alone without prune', () => {
    expect(plan(scope({}), remote(), T0, DESTROY).actions).toEqual([]);
  });

  it('leaves groups alone under prune when no manifest declares a groups list', () => {
    const p = plan(scope({ prune: true, groups: undefined, roles: undefined }), remote(), T0, DESTROY);
    expect(p.actions).toEqual([]);
  });

  it('deletes undeclared groups, then roles, after the service users; never a built-in or what is still named', () => {
    const m = desired(
      dscope([duser('bot', [], { groups: ['deployers'] }), duser('new', [])], {
        prune: true,
        groups: [dgroup('kept', { roles: ['Kept Role'] })],
        roles: [],
      }),
    );
    const p = plan(m, remote(), T0, DESTROY);
    expect(ids(p)).toEqual([
      'create-user payments/new/new',
      'delete-group payments/stale',
      'delete-role payments/Idle',
      'delete-role payments/Old Role',
    ]);
    expect(p.actions[1]).toMatchObject({
      destructive: true,
      risk: 'high',
      destructiveReason: 'destructive: its members lose the roles Old Role and account alerts',
    });
    expect(p.actions[2]).toMatchObject({
      destructive: false,
      destructiveReason: 'not destructive: no group holds it, so it grants nothing',
    });
    expect(p.actions[3]).toMatchObject({ destructive: true });
  });

  it('blocks destructive deletes without --allow-destroy', () => {
    const p = plan(scope({ prune: true }), remote(), T0, NO_DESTROY);
    expect(ids(p)).toEqual(['delete-role payments/Idle']);
    expect(p.blocked.map((b) => b.action.id)).toEqual(['delete-group payments/stale', 'delete-role payments/Old Role']);
    expect(p.blocked[0]?.reason).toMatch(
      /needs --allow-destroy or allowDestroy: true in every manifest on this key API/,
    );
  });
});
