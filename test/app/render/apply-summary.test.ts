// The closing summary of an apply: one aligned line per resource with what was done — new key IDs and stores,
// the generation a rotation retires and when, failures with their message, skipped actions — and never a secret.
import { describe, expect, it } from 'vitest';
import { renderApplySummary } from '../../../src/app/render/apply-summary.js';
import type { ApplyResult } from '../../../src/core/apply/index.js';
import type { Plan } from '../../../src/core/plan/index.js';
import { userError } from '../../../src/kernel/errors.js';

const base = { scope: 'payments', serviceUser: 'bot', risk: 'low' as const, destructive: false, reason: 'r' };
const oldKey = { keyId: 'a'.repeat(32), remoteName: 'deploy', keyName: 'deploy', generation: 1 };
const plan: Plan = {
  at: '2026-03-01T00:00:00.000Z',
  options: { allowDestroy: false, forceRetire: false },
  actions: [
    { ...base, id: 'u', kind: 'create-user', description: '', groups: [] },
    {
      ...base,
      id: 'r',
      kind: 'rotate-key',
      userId: 'u1',
      keyName: 'deploy',
      generation: 2,
      remoteName: 'deploy#2',
      expiresAt: null,
      secrets: [{ store: 'ci', name: 'DEPLOY' }],
      supersedes: [oldKey],
      retireAfterDelivery: [],
    },
    { ...base, id: 'd', kind: 'disable-key', key: { ...oldKey, keyId: 'b'.repeat(32), remoteName: 'legacy' } },
    {
      ...base,
      id: 'c',
      kind: 'create-key',
      userId: 'u1',
      keyName: 'smoke',
      generation: 1,
      remoteName: 'smoke',
      expiresAt: null,
      secrets: [{ store: 'ci', name: 'SMOKE' }],
      supersedes: [],
    },
  ],
  blocked: [],
  unchanged: [],
  notices: [],
};
const newId = 'c'.repeat(32);
const result: ApplyResult = {
  ok: false,
  results: [
    { actionId: 'u', kind: 'create-user', status: 'done' },
    { actionId: 'r', kind: 'rotate-key', status: 'done', keyId: newId },
    { actionId: 'd', kind: 'disable-key', status: 'failed', error: userError('driver.forbidden', 'HTTP 403') },
    { actionId: 'c', kind: 'create-key', status: 'skipped' },
  ],
  done: 2,
  failed: 1,
  skipped: 1,
};

describe('renderApplySummary', () => {
  it('says per resource what was done, with the new key ID and the retirement to come', () => {
    expect(renderApplySummary(plan, result).split('\n')).toEqual([
      '  + payments/bot           created service user',
      `+/- payments/bot/deploy#2  created key ${newId} → ci/DEPLOY; deploy (${'a'.repeat(32)}) retired by a later plan`,
      '  ~ payments/bot/legacy    failed: HTTP 403',
      '  + payments/bot/smoke     skipped',
      '',
    ]);
  });

  it('is empty when nothing ran', () => {
    expect(renderApplySummary({ ...plan, actions: [] }, { ...result, results: [] })).toBe('');
  });
});
