// Planning rules of keyward_api_key: what replaces a key, what changes in place, what stays unknown.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { planApiKey } from '../../../src/terraform/resources/api-key-plan.js';
import { apiKeyResourceSchema, secretStoreBlock } from '../../../src/terraform/schema/api-key-schema.js';
import { isUnknown, type TfObject } from '../../../src/terraform/values/value.js';
import { proposedNewState } from '../support/rpc-harness.js';

const clock = new FakeClock('2026-03-01T00:00:00Z');
/** A file store block as Terraform sends it: every field of the block, null where unset. */
const store: TfObject = {
  ...Object.fromEntries(secretStoreBlock.attributes.map((attribute) => [attribute.name, null])),
  type: 'file',
  name: 'K',
  path: 's.age',
  recipients: ['age1x'],
};
const prior: TfObject = {
  id: 'k1',
  service_user: 'u',
  name: 'deploy',
  generation: 1,
  remote_name: 'deploy',
  user_id: 'u1',
  state: 'enabled',
  expires_at: '2026-03-31T00:00:00Z',
  expires_in: '30d',
  rotate_before: null,
  created_at: '2026-03-01T00:00:00Z',
  secret_store: store,
};
const baseConfig: TfObject = { service_user: 'u', name: 'deploy', expires_in: '30d', secret_store: store };

function plan(config: TfObject, from: TfObject = prior) {
  const result = planApiKey({
    prior: from,
    proposed: proposedNewState(apiKeyResourceSchema.block, from, config),
    config,
    clock,
  });
  return { ...result, replace: result.requiresReplace.map((path) => path.join('.')) };
}

describe('keyward_api_key planning', () => {
  it('plans nothing when configuration and state agree', () => {
    const result = plan(baseConfig);
    expect(result.replace).toEqual([]);
    expect(result.planned).toEqual(prior);
  });

  it('replaces on a changed name, service user, expiry or secret destination', () => {
    expect(plan({ ...baseConfig, name: 'other' }).replace).toEqual(['name']);
    expect(plan({ ...baseConfig, service_user: 'v' }).replace).toEqual(['service_user']);
    expect(plan({ ...baseConfig, expires_in: '60d' }).replace).toEqual(['expires_in']);
    expect(plan({ ...baseConfig, secret_store: { ...store, name: 'OTHER' } }).replace).toEqual(['secret_store']);
    const replaced = plan({ ...baseConfig, name: 'other' }).planned;
    expect(isUnknown(replaced?.['id'])).toBe(true);
  });

  it('treats the same instant written differently as no change, and a different instant as a replacement', () => {
    const at = { ...prior, expires_in: null, expires_at: '2026-03-31T00:00:00Z' };
    const config = { ...baseConfig, expires_in: null };
    expect(plan({ ...config, expires_at: '2026-03-31T00:00:00.000Z' }, at).replace).toEqual([]);
    expect(plan({ ...config, expires_at: '2026-04-30T00:00:00Z' }, at).replace).toEqual(['expires_at']);
  });

  it('replaces an expired key that should be enabled, but leaves one that should be disabled', () => {
    const expired = { ...prior, state: 'expired' };
    expect(plan(baseConfig, expired).replace).toEqual(['state']);
    expect(plan({ ...baseConfig, state: 'disabled' }, expired).replace).toEqual([]);
  });

  it('re-enables a key disabled outside Terraform in place', () => {
    const result = plan(baseConfig, { ...prior, state: 'disabled' });
    expect(result.replace).toEqual([]);
    expect(result.planned?.['state']).toBe('enabled');
  });

  it('adopts configuration for an imported key without replacing it, and warns that no secret was delivered', () => {
    const imported = { ...prior, expires_in: null, secret_store: null };
    const result = plan(baseConfig, imported);
    expect(result.replace).toEqual([]);
    expect(result.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['WARNING', 'Secret not delivered for an existing key'],
    ]);
  });

  it('warns instead of rotating when rotation is due but generation is pinned', () => {
    const config = { ...baseConfig, rotate_before: '40d', generation: 1 };
    const result = plan(config);
    expect(result.replace).toEqual([]);
    expect(result.diagnostics[0]?.detail).toContain('set generation = 2');
  });
});
