// The provider's RPC handlers in-process over the fake driver and a memory store: plan/apply/read/import/destroy,
// unknowns at plan time, replacement rules, and no secret anywhere in state.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.js';
import { apiKeyResourceSchema } from '../../src/terraform/schema/api-key-schema.js';
import { isUnknown, str, UNKNOWN, type TfObject } from '../../src/terraform/values/value.js';
import { FakeKeyDriver } from '../support/fake-driver.js';
import { MemoryStore } from '../support/memory-store.js';
import { proposedNewState, rpcHarness, type Harness } from './support/rpc-harness.js';

const KEY = 'keyward_api_key';
const USER = 'keyward_service_user';

describe('provider RPC handlers', () => {
  let clock: FakeClock;
  let driver: FakeKeyDriver;
  let store: MemoryStore;
  let h: Harness;

  const plan = async (type: string, prior: TfObject | null, config: TfObject, proposed?: TfObject) => {
    const reply = await h.call('PlanResourceChange', {
      type_name: type,
      prior_state: h.dv(prior),
      proposed_new_state: h.dv(proposed ?? proposedNewState(apiKeyResourceSchema.block, prior, config)),
      config: h.dv(config),
    });
    return { reply, planned: h.value(reply, 'planned_state') };
  };
  const apply = async (type: string, prior: TfObject | null, planned: TfObject | null, config: TfObject | null) => {
    const reply = await h.call('ApplyResourceChange', {
      type_name: type,
      prior_state: h.dv(prior),
      planned_state: h.dv(planned),
      config: h.dv(config),
    });
    return { reply, state: h.value(reply, 'new_state') };
  };

  beforeEach(async () => {
    clock = new FakeClock('2026-03-01T00:00:00Z');
    driver = new FakeKeyDriver({ clock });
    store = new MemoryStore('secret_store', clock);
    h = rpcHarness({ driver, store, clock });
    const configured = await h.call('ConfigureProvider', {
      config: h.dv({ url: 'http://127.0.0.1:9', api_key: 'k', driver: null }),
    });
    expect(configured.diagnostics).toEqual([]);
  });

  async function createUserAndKey(extra: TfObject = {}) {
    const userConfig = { name: 'payments-deployer', description: null, groups: ['deployers'], id: null };
    const userPlan = await h.call('PlanResourceChange', {
      type_name: USER,
      prior_state: h.dv(null),
      proposed_new_state: h.dv(userConfig),
      config: h.dv(userConfig),
    });
    const plannedUser = h.value(userPlan, 'planned_state');
    expect(isUnknown(plannedUser?.['id'])).toBe(true);
    expect(plannedUser?.['description']).toBe('');
    const user = await apply(USER, null, plannedUser, userConfig);
    expect(user.state?.['id']).toEqual(expect.any(String));
    const config: TfObject = {
      service_user: 'payments-deployer',
      name: 'deploy',
      expires_in: '30d',
      secret_store: { type: 'memory', name: 'DEPLOY_KEY' },
      ...extra,
    };
    const planned = await plan(KEY, null, config);
    return { config, planned: planned.planned, plannedReply: planned.reply };
  }

  it('plans a new key with unknown computed attributes, creates it and delivers the secret only to the store', async () => {
    const { config, planned } = await createUserAndKey();
    for (const field of ['id', 'user_id', 'created_at', 'expires_at', 'generation', 'remote_name']) {
      expect(isUnknown(planned?.[field]), field).toBe(true);
    }
    expect(planned?.['state']).toBe('enabled');
    const { reply, state } = await apply(KEY, null, planned, config);
    expect(reply.diagnostics).toEqual([]);
    expect(state).toMatchObject({
      name: 'deploy',
      generation: 1,
      remote_name: 'deploy',
      state: 'enabled',
      expires_at: '2026-03-31T00:00:00Z',
    });
    const stored = store.read('DEPLOY_KEY');
    expect(stored?.meta.keyId).toBe(state?.['id']);
    const secret = stored?.secret.reveal() ?? 'missing';
    expect(JSON.stringify(state)).not.toContain(secret);
    expect(Buffer.from((reply['new_state'] as { msgpack: Buffer }).msgpack).toString('latin1')).not.toContain(secret);
  });

  it('reads back what it applied and then plans no change', async () => {
    const { config, planned } = await createUserAndKey();
    const { state } = await apply(KEY, null, planned, config);
    const read = await h.call('ReadResource', { type_name: KEY, current_state: h.dv(state) });
    expect(h.value(read, 'new_state')).toEqual(state);
    const again = await plan(KEY, state, config);
    expect(again.reply['requires_replace']).toEqual([]);
    expect(again.planned).toEqual(state);
  });

  it('disables in place, replaces on a generation bump and plans the next generation when rotation is due', async () => {
    const { config, planned } = await createUserAndKey({ rotate_before: '7d' });
    const { state } = await apply(KEY, null, planned, config);
    const disabledConfig = { ...config, state: 'disabled' };
    const disable = await plan(KEY, state, disabledConfig);
    expect(disable.reply['requires_replace']).toEqual([]);
    const disabled = await apply(KEY, state, disable.planned, disabledConfig);
    expect(disabled.state?.['state']).toBe('disabled');
    expect((await driver.observe()).keys[0]?.state).toBe('disabled');

    const bump = await plan(KEY, disabled.state, { ...disabledConfig, generation: 2 });
    expect(bump.reply['requires_replace']).toEqual([{ steps: [{ attribute_name: 'generation' }] }]);

    clock.advance(25 * 86_400_000);
    const due = await plan(KEY, disabled.state, disabledConfig);
    expect(due.planned?.['generation']).toBe(2);
    expect(isUnknown(due.planned?.['remote_name'])).toBe(true);
    expect(due.reply['requires_replace']).toEqual([{ steps: [{ attribute_name: 'generation' }] }]);
  });

  it('creates the next free generation on replacement, deletes the superseded key once the store holds its successor, and removes only its own secret on destroy', async () => {
    const { config, planned } = await createUserAndKey();
    const first = await apply(KEY, null, planned, config);
    const second = await apply(KEY, null, (await plan(KEY, null, config)).planned, config);
    expect(second.state?.['remote_name']).toBe('deploy#2');
    expect(store.read('DEPLOY_KEY')?.meta.keyId).toBe(second.state?.['id']);
    // Created before destroy (like create_before_destroy): the old key is gone once the store confirmed the new one.
    expect((await driver.observe()).keys.map((k) => k.name)).toEqual(['deploy#2']);
    await apply(KEY, first.state, null, null);
    expect(store.read('DEPLOY_KEY')?.meta.keyId).toBe(second.state?.['id']);
    await apply(KEY, second.state, null, null);
    expect(store.read('DEPLOY_KEY')).toBeUndefined();
    expect((await driver.observe()).keys).toEqual([]);
  });

  it('imports a key by id and by <service user>/<name>', async () => {
    const { config, planned } = await createUserAndKey();
    const { state } = await apply(KEY, null, planned, config);
    for (const id of [str(state, 'id') ?? '', 'payments-deployer/deploy']) {
      const reply = await h.call('ImportResourceState', { type_name: KEY, id });
      const imported = reply['imported_resources'] as { state: { msgpack: Buffer } }[];
      expect(imported).toHaveLength(1);
      expect(h.value({ s: imported[0]?.state }, 's')).toMatchObject({
        id: state?.['id'],
        name: 'deploy',
        generation: 1,
        secret_store: null,
      });
    }
    const missing = await h.call('ImportResourceState', { type_name: KEY, id: 'nope' });
    expect(missing.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', summary: 'API key not found' });
  });

  it('rolls the key back when the secret cannot be delivered', async () => {
    const failing = new MemoryStore('secret_store', clock, (phase, op) => {
      if (phase === 'before' && op === 'store.write') throw new Error('store is read-only');
    });
    h = rpcHarness({ driver, store: failing, clock });
    await h.call('ConfigureProvider', { config: h.dv({ url: null, api_key: null, driver: null }) });
    const { config, planned } = await createUserAndKey();
    const { reply, state } = await apply(KEY, null, planned, config);
    expect(state).toBeNull();
    expect(reply.diagnostics?.[0]?.summary).toBe('Creating API key deploy of payments-deployer failed');
    expect(reply.diagnostics?.[0]?.detail).toMatch(
      /store is read-only.*rolled back key [0-9a-f]{32} \(disabled and deleted\)/,
    );
    expect((await driver.observe()).keys).toEqual([]);
  });

  it('answers bad input and unknown types with diagnostics, never a crash', async () => {
    const validate = await h.call('ValidateResourceConfig', {
      type_name: KEY,
      config: h.dv({ service_user: 'u', name: 'deploy#2', expires_at: 'tomorrow', expires_in: '1x', state: 'on' }),
    });
    expect(validate.diagnostics?.map((d) => d.summary)).toEqual([
      'Invalid key name',
      'Invalid state',
      'Invalid expires_at',
      'Invalid expires_in',
      'Conflicting expiry',
    ]);
    const unknownType = await h.call('ReadResource', { type_name: 'keyward_nope', current_state: h.dv({}) });
    expect(unknownType.diagnostics?.[0]?.summary).toBe('Unknown resource type');
    const badDriver = await h.call('ValidateProviderConfig', { config: h.dv({ driver: 'vault', url: 'ftp://x' }) });
    expect(badDriver.diagnostics?.map((d) => d.summary)).toEqual(['Unknown driver', 'Invalid url']);
    const ephemeral = await h.call('OpenEphemeralResource', { type_name: 'keyward_nope' });
    expect(ephemeral.diagnostics?.[0]?.summary).toBe('Unknown ephemeral resource type');
    const moved = await h.call('MoveResourceState', {});
    expect(moved.diagnostics?.[0]?.severity).toBe('ERROR');
  });

  it('opens an ephemeral key with its secret only in the result, and deletes it on close', async () => {
    await createUserAndKey();
    const config = { service_user: 'payments-deployer', name: 'ci', expires_in: '30min' };
    const opened = await h.call('OpenEphemeralResource', { type_name: 'keyward_api_key_secret', config: h.dv(config) });
    expect(opened.diagnostics).toEqual([]);
    const result = h.value(opened, 'result');
    expect(result?.['remote_name']).toMatch(/^ci-ephemeral-[0-9a-f]{8}$/);
    expect(result?.['expires_at']).toBe('2026-03-01T00:30:00Z');
    const secret = str(result, 'secret') ?? '';
    expect(secret.startsWith(str(result, 'id') ?? '-')).toBe(true);
    expect(Buffer.from(opened['private'] as Buffer).toString('utf8')).not.toContain(secret.slice(32));
    expect((await driver.observe()).keys.map((k) => k.name)).toContain(result?.['remote_name']);
    const closed = await h.call('CloseEphemeralResource', {
      type_name: 'keyward_api_key_secret',
      private: opened['private'],
    });
    expect(closed.diagnostics).toEqual([]);
    expect((await driver.observe()).keys.map((k) => k.name)).not.toContain(result?.['remote_name']);
    expect(h.logs.join('\n')).not.toContain(secret);
  });

  it('answers an ephemeral open with unknown configuration with unknown results and creates nothing', async () => {
    await createUserAndKey();
    const opened = await h.call('OpenEphemeralResource', {
      type_name: 'keyward_api_key_secret',
      config: h.dv({ service_user: UNKNOWN, name: 'ci' }),
    });
    expect(isUnknown(h.value(opened, 'result')?.['secret'])).toBe(true);
    expect((await driver.observe()).keys).toEqual([]);
  });

  it('upgrades raw JSON state to the current schema: missing attributes null, unknown ones dropped', async () => {
    const raw = { id: 'k1', name: 'deploy', service_user: 'u', retired_field: 'x' };
    const reply = await h.call('UpgradeResourceState', {
      type_name: KEY,
      version: 0,
      raw_state: { json: Buffer.from(JSON.stringify(raw)) },
    });
    const upgraded = h.value(reply, 'upgraded_state');
    expect(upgraded).toMatchObject({
      id: 'k1',
      name: 'deploy',
      service_user: 'u',
      secret_store: null,
      expires_in: null,
    });
    expect(Object.keys(upgraded ?? {}).sort()).toEqual(
      apiKeyResourceSchema.block.attributes
        .map((a) => a.name)
        .concat('secret_store')
        .sort(),
    );
    const flatmap = await h.call('UpgradeResourceState', {
      type_name: KEY,
      version: 0,
      raw_state: { flatmap: { id: 'k1' } },
    });
    expect(flatmap.diagnostics?.[0]?.summary).toBe('Unsupported state format');
  });

  it('accepts a provider block known only after apply: plans work, refresh keeps state, reads explain why not', async () => {
    const pending = rpcHarness({ driver, store, clock });
    const configured = await pending.call('ConfigureProvider', {
      config: pending.dv({ url: null, api_key: UNKNOWN, driver: null }),
    });
    expect(configured.diagnostics).toEqual([]);
    const state = { id: 'k1', name: 'deploy', service_user: 'u', generation: 1, state: 'enabled' };
    const read = await pending.call('ReadResource', { type_name: KEY, current_state: pending.dv(state) });
    expect(pending.value(read, 'new_state')).toEqual(state);
    const config = { service_user: 'u', name: 'deploy' };
    const planned = await pending.call('PlanResourceChange', {
      type_name: KEY,
      prior_state: pending.dv(null),
      proposed_new_state: pending.dv(proposedNewState(apiKeyResourceSchema.block, null, config)),
      config: pending.dv(config),
    });
    expect(planned.diagnostics).toEqual([]);
    const data = await pending.call('ReadDataSource', { type_name: 'keyward_api_keys', config: pending.dv({}) });
    expect(data.diagnostics?.[0]?.summary).toBe('Provider not configured');
  });

  it('says so when a failed delivery cannot be rolled back, and keeps a key whose disabling failed in state', async () => {
    const faulty = new FakeKeyDriver({
      clock,
      hook: (phase, op) => {
        if (phase === 'before' && (op === 'driver.deleteKey' || op === 'driver.setKeyState'))
          throw new Error(`${op} refused`);
      },
    });
    const failingStore = new MemoryStore('secret_store', clock, (phase, op) => {
      if (phase === 'before' && op === 'store.write') throw new Error('store is read-only');
    });
    h = rpcHarness({ driver: faulty, store: failingStore, clock });
    await h.call('ConfigureProvider', { config: h.dv({}) });
    const { config, planned } = await createUserAndKey();
    const lost = await apply(KEY, null, planned, config);
    expect(lost.state).toBeNull();
    expect(lost.reply.diagnostics?.[0]?.summary).toBe('Creating API key deploy of payments-deployer failed');
    expect(lost.reply.diagnostics?.[0]?.detail).toMatch(
      /store is read-only.*rollback failed \(.*driver.setKeyState refused\)/,
    );

    h = rpcHarness({ driver: faulty, store, clock });
    await h.call('ConfigureProvider', { config: h.dv({}) });
    const disabledConfig = { ...config, name: 'other', state: 'disabled' };
    const plannedDisabled = (await plan(KEY, null, disabledConfig)).planned;
    const kept = await apply(KEY, null, plannedDisabled, disabledConfig);
    expect(kept.state).toMatchObject({ remote_name: 'other', state: 'enabled' });
    expect(kept.reply.diagnostics?.map((d) => d.summary)).toEqual(['Disabling the new key other failed']);
  });
});
