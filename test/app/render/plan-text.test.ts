// The plan text renderer: a legend, symbols, reasons said once, old → new, blocked actions, warnings, notices and
// the summary line; plain when not a TTY.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/core/plan/index.js';
import { renderPlanText } from '../../../src/app/render/plan-text.js';
import { colorsFor } from '../../../src/app/render/colors.js';

const base = { scope: 'payments', serviceUser: 'payments-deployer', risk: 'low' as const, destructive: false };

const plan: Plan = {
  at: '2026-03-01T00:00:00.000Z',
  options: { allowDestroy: false, forceRetire: false },
  actions: [
    {
      ...base,
      id: 'create-user a',
      kind: 'create-user',
      reason: 'declared in payments.yaml and absent',
      description: 'Deploys',
      groups: ['deployers'],
    },
    {
      ...base,
      id: 'create-key b',
      kind: 'create-key',
      reason: 'declared and absent',
      userId: null,
      keyName: 'deploy',
      generation: 1,
      remoteName: 'deploy',
      expiresAt: '2026-05-30T00:00:00.000Z',
      secrets: [{ store: 'ci', name: 'DEPLOY_KEY' }],
      supersedes: [],
    },
    {
      ...base,
      id: 'rotate-key c',
      kind: 'rotate-key',
      reason: 'generation bumped to 2',
      userId: 'u1',
      keyName: 'smoke',
      generation: 2,
      remoteName: 'smoke#2',
      expiresAt: null,
      secrets: [{ store: 'ci', name: 'SMOKE_KEY' }],
      supersedes: [{ keyId: 'a'.repeat(32), remoteName: 'smoke', keyName: 'smoke', generation: 1 }],
    },
    {
      ...base,
      id: 'disable-key d',
      kind: 'disable-key',
      reason: 'declared disabled',
      key: { keyId: 'b'.repeat(32), remoteName: 'legacy', keyName: 'legacy', generation: 1 },
    },
  ],
  blocked: [
    {
      action: {
        ...base,
        id: 'delete-key e',
        kind: 'delete-key',
        reason: 'pruned',
        risk: 'high',
        destructive: true,
        disableFirst: true,
        key: { keyId: 'c'.repeat(32), remoteName: 'old', keyName: 'old', generation: 1 },
      },
      reason: 'needs --allow-destroy',
    },
  ],
  unchanged: [],
  notices: [
    {
      code: 'rotation-due',
      scope: 'payments',
      serviceUser: 'payments-deployer',
      keyName: 'deploy',
      message: 'expires in 10d; bump generation to 2',
      data: { nextGeneration: 2 },
      attention: true,
    },
  ],
};

describe('renderPlanText', () => {
  it('renders actions, blocked actions, notices and the summary as plain text', () => {
    expect(renderPlanText(plan)).toMatchSnapshot();
  });

  it('says there are no changes for an empty plan', () => {
    const text = renderPlanText({ ...plan, actions: [], blocked: [], notices: [] });
    expect(text).toContain('No changes.');
    expect(text).toContain('Plan: 0 to add, 0 to change, 0 to destroy, 0 to rotate.');
  });

  it('uses colour only on a terminal and never with NO_COLOR', () => {
    const escape = '\u001b[';
    expect(renderPlanText(plan, colorsFor({ isTTY: false }, {}))).not.toContain(escape);
    expect(renderPlanText(plan, colorsFor({ isTTY: true }, { NO_COLOR: '1' }))).not.toContain(escape);
    expect(renderPlanText(plan, colorsFor({ isTTY: true }, {}))).toContain(escape);
  });
});

describe('renderPlanText for review', () => {
  const createKey = (name: string) => ({
    ...base,
    id: `create-key payments/payments-deployer/${name}`,
    kind: 'create-key' as const,
    reason: 'declared; not on the key API',
    userId: 'u1',
    keyName: name,
    generation: 1,
    remoteName: name,
    expiresAt: null,
    secrets: [{ store: 'ci', name: name.toUpperCase() }],
    supersedes: [],
  });
  const only = (actions: Plan['actions']): Plan => ({ ...plan, actions, blocked: [], notices: [] });

  it('says a repeated reason once, with how many resources share it', () => {
    const keys = Array.from({ length: 23 }, (_, i) => createKey(`k${i}`));
    const text = renderPlanText(only(keys));
    expect(text.split('declared; not on the key API')).toHaveLength(2);
    expect(text).toContain('  # 23 keys: declared; not on the key API');
    expect(text.match(/^ {2}\+ create key /gm)).toHaveLength(23);
  });

  it('has a legend of only the symbols the plan uses', () => {
    const text = renderPlanText(only([createKey('a')]));
    expect(text).toContain('Resource actions are indicated with the following symbols:\n  + create\n\n');
    expect(text).not.toContain('+/-');
    expect(text).not.toContain('update in place');
  });

  it('draws a rotation as +/-: create and deliver the new key, then retire the old', () => {
    const text = renderPlanText(plan);
    expect(text).toContain('+/- create the replacement and deliver its secret first, then retire the old key');
    const rotation = text.slice(text.indexOf('+/- rotate key'));
    expect(rotation.split('\n').slice(0, 3)).toEqual([
      '+/- rotate key payments/payments-deployer/smoke → smoke#2',
      '      + create smoke#2 (never expires; secret → ci/SMOKE_KEY), then verify every store holds it',
      `      - then retire smoke (${'a'.repeat(32)}) by a later plan, once overlap and last use allow`,
    ]);
  });

  it('shows old → new values of an update', () => {
    const text = renderPlanText(
      only([
        {
          ...base,
          id: 'update-user payments/payments-deployer',
          kind: 'update-user',
          reason: 'differs from the manifest: description, groups',
          userId: 'u1',
          description: 'Deploys payments',
          groups: ['deployers', 'observability'],
          previous: { description: 'Deploys', groups: ['deployers'] },
        },
      ]),
    );
    expect(text).toContain('  ~ update service user payments/payments-deployer: description; groups');
    expect(text).toContain('      description: "Deploys" → "Deploys payments"');
    expect(text).toContain('      groups: [deployers] → [deployers, observability]');
  });

  it('lists warnings apart from notices', () => {
    const text = renderPlanText({
      ...plan,
      notices: [
        {
          code: 'expiry-not-later',
          attention: false,
          scope: 'payments',
          serviceUser: 'payments-deployer',
          keyName: 'smoke',
          message: 'smoke#2 would expire at 2026-04-01T00:00:00.000Z, no later than smoke it replaces',
          data: {},
        },
      ],
    });
    expect(text).toContain(
      'Warnings (1):\n  ! expiry-not-later: payments/payments-deployer/smoke: smoke#2 would expire',
    );
    expect(text).not.toContain('Notices:');
  });
});
