// Saved plans: what they record, when they read as stale, and that they never hold a secret.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan/index.js';
import {
  checkSavedPlan,
  desiredDigest,
  looksLikeSavedPlan,
  readSavedPlan,
  savedPlan,
  summarizeObserved,
  summaryChanges,
} from '../../src/app/saved-plan.js';
import {
  absent,
  DAY,
  desired,
  dkey,
  dscope,
  duser,
  held,
  NO_DESTROY,
  observed,
  rkey,
  ruser,
  T0,
} from '../core/plan/builders.js';

const model = desired(dscope([duser('deployer', [dkey('deploy'), dkey('batch')])]));
const world = observed(
  [ruser('deployer')],
  [rkey('deploy', 'k1')],
  [held('ci', 'DEPLOY', 'k1'), absent('ci', 'BATCH')],
);

function saved() {
  const planned = plan(model, world, T0, NO_DESTROY);
  return savedPlan({
    version: '1.2.3',
    paths: ['m.yaml'],
    desiredDigest: desiredDigest(model),
    observed: summarizeObserved(world, planned),
    plan: planned,
  });
}

describe('saved plans', () => {
  it('round-trips through JSON and is told apart from a manifest', () => {
    const text = JSON.stringify(saved());
    expect(looksLikeSavedPlan(text)).toBe(true);
    expect(looksLikeSavedPlan('apiVersion: keyward.dev/v1\nkind: ServiceUsers\n')).toBe(false);
    expect(looksLikeSavedPlan('{"apiVersion": "keyward.dev/v1"}')).toBe(false);
    const back = readSavedPlan(text, 'p.json', '1.2.3');
    expect(back.plan.actions.map((a) => a.id)).toEqual(saved().plan.actions.map((a) => a.id));
  });

  it('is refused by another keyward version and when it is not a plan', () => {
    expect(() => readSavedPlan(JSON.stringify(saved()), 'p.json', '9.9.9')).toThrow(
      /written by keyward 1\.2\.3, this is 9\.9\.9/,
    );
    expect(() => readSavedPlan('nope', 'p.json', '1.2.3')).toThrow('p.json is not a saved keyward plan (not JSON)');
  });

  it('is current when nothing changed, whatever the stores wrote at', () => {
    const s = saved();
    const again = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1')],
      [held('ci', 'DEPLOY', 'k1', new Date(T0.getTime() + DAY)), absent('ci', 'BATCH')],
    );
    expect(() => checkSavedPlan(s, desiredDigest(model), summarizeObserved(again, s.plan), 'p.json')).not.toThrow();
  });

  it('is stale, saying what changed, when a key or a store moved on', () => {
    const s = saved();
    const moved = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { state: 'disabled' }), rkey('batch', 'k9')],
      [held('ci', 'DEPLOY', 'k1'), held('ci', 'BATCH', 'k9')],
    );
    const changes = summaryChanges(s.observed, summarizeObserved(moved, s.plan));
    expect(changes).toHaveLength(3);
    expect(changes.join('\n')).toContain('key deployer/deploy (id k1): now disabled');
    expect(changes.join('\n')).toContain('key deployer/batch (id k9): new');
    expect(changes.join('\n')).toContain('secret payments/ci/BATCH: now');
    expect(() => checkSavedPlan(s, desiredDigest(model), summarizeObserved(moved, s.plan), 'p.json')).toThrow(
      /p\.json is stale/,
    );
  });

  it('is stale when a role or group on the key API changed', () => {
    const s = saved();
    const first = world.scopes[0];
    if (first === undefined) throw new Error('no scope');
    const remote = {
      ...first.remote,
      roles: [{ id: 'r1', name: 'User Manage', permissions: ['user.manage'], builtIn: false }],
      groups: first.remote.groups.map((g) => (g.name === 'deployers' ? { ...g, accountAlerts: true } : g)),
    };
    const changes = summaryChanges(s.observed, summarizeObserved({ scopes: [{ ...first, remote }] }, s.plan));
    expect(changes).toEqual([
      'group deployers: now id g1, roles [], account alerts true, description "" (the plan saw id g1, roles [], account alerts false, description "")',
      'role User Manage: new (id r1, permissions [user.manage])',
    ]);
  });

  it('is stale when the manifests changed', () => {
    const other = desired(dscope([duser('deployer', [dkey('deploy')])]));
    expect(() => checkSavedPlan(saved(), desiredDigest(other), saved().observed, 'p.json')).toThrow(
      /manifests changed/,
    );
  });

  it('counts the last use only of keys the plan retires', () => {
    const s = saved();
    const used = observed(
      [ruser('deployer')],
      [rkey('deploy', 'k1', { lastUsedAt: T0 })],
      [held('ci', 'DEPLOY', 'k1'), absent('ci', 'BATCH')],
    );
    expect(summaryChanges(s.observed, summarizeObserved(used, s.plan))).toEqual([]);
  });
});
