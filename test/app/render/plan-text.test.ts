// The plan text renderer: Terraform-like symbols, reasons, blocked actions, notices and the summary line; plain when not a TTY.
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
