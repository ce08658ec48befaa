// apply() with role and group actions: roles, then groups, then service users, deletes last; a failed role or group
// action holds back everything after it (users may name it), and each one says what it did in an event.
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { desired, dgroup, dkey, drole, dscope, duser } from '../plan/builders.js';
import { makeWorld } from './world.js';

const model = (over: Parameters<typeof dscope>[1] = {}): ReturnType<typeof desired> =>
  desired(
    dscope([duser('bot', [dkey('deploy')], { groups: ['makers'] })], {
      roles: [drole('Key Makers', ['service_api_key.create'])],
      groups: [dgroup('makers', { roles: ['Key Makers'], accountAlerts: true })],
      ...over,
    }),
  );

describe('apply: roles and groups', () => {
  it('creates the role, then the group, then the user in it; the next plan is empty', async () => {
    const w = makeWorld(model());
    const { result } = await w.round(model());
    expect(result.ok).toBe(true);
    expect(w.driver.calls.filter((c) => c !== 'driver.observe').slice(0, 3)).toEqual([
      'driver.createRole',
      'driver.createGroup',
      'driver.createServiceUser',
    ]);
    expect(w.events.filter((e) => e.code.startsWith('role.') || e.code.startsWith('group.'))).toEqual([
      expect.objectContaining({
        code: 'role.created',
        data: expect.objectContaining({ role: 'Key Makers' }) as unknown,
      }),
      expect.objectContaining({ code: 'group.created', data: expect.objectContaining({ group: 'makers' }) as unknown }),
    ]);
    expect([...w.driver.users.values()][0]?.groups).toEqual(['makers']);
    expect((await w.planNow(model())).actions).toEqual([]);
  });

  it('a failed group create skips the service users and says why; the next apply completes', async () => {
    let failures = 1;
    const w = makeWorld(model(), (phase, op) => {
      if (phase === 'before' && op === 'driver.createGroup' && failures-- > 0)
        throw new KeywardError('test.injected', 'injected failure');
    });
    const { result } = await w.round(model());
    expect(result.results.map((r) => `${r.kind} ${r.status}`)).toEqual([
      'create-role done',
      'create-group failed',
      'create-user skipped',
      'create-key skipped',
    ]);
    const skipped = w.events.find((e) => e.code === 'apply.action.skipped');
    expect(skipped?.message).toContain('an earlier role or group action failed (create-group payments/makers)');
    const again = await w.round(model());
    expect(again.result.ok).toBe(true);
    expect((await w.planNow(model())).actions).toEqual([]);
  });

  it('deletes a pruned group only after the users are moved out of it, then its role', async () => {
    const w = makeWorld(model());
    await w.round(model());
    const pruned = desired(
      dscope([duser('bot', [dkey('deploy')], { groups: [] })], {
        prune: true,
        roles: [],
        groups: [dgroup('deployers'), dgroup('readers')],
      }),
    );
    w.driver.calls.length = 0;
    const { plan: p, result } = await w.round(pruned, { allowDestroy: true, forceRetire: false });
    expect(p.actions.map((a) => a.kind)).toEqual(['update-user', 'delete-group', 'delete-role']);
    expect(result.ok).toBe(true);
    expect(w.driver.calls.filter((c) => c !== 'driver.observe')).toEqual([
      'driver.updateServiceUser',
      'driver.deleteGroup',
      'driver.deleteRole',
    ]);
    expect((await w.planNow(pruned, { allowDestroy: true, forceRetire: false })).actions).toEqual([]);
  });
});
