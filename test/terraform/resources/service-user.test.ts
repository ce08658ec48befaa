// keyward_service_user's computed created_at through the provider's RPC handlers: unknown at plan, known after apply,
// unchanged by updates and refreshes (no "inconsistent result"), and present on import and in the data source.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { serviceUserResourceSchema } from '../../../src/terraform/schema/service-user-schema.js';
import { isUnknown, type TfObject } from '../../../src/terraform/values/value.js';
import { FakeKeyDriver } from '../../support/fake-driver.js';
import { MemoryStore } from '../../support/memory-store.js';
import { proposedNewState, rpcHarness, type Harness } from '../support/rpc-harness.js';

const USER = 'keyward_service_user';
const CREATED = '2026-03-01T00:00:00Z';

describe('keyward_service_user created_at', () => {
  let clock: FakeClock;
  let driver: FakeKeyDriver;
  let h: Harness;

  const plan = async (prior: TfObject | null, config: TfObject) => {
    const reply = await h.call('PlanResourceChange', {
      type_name: USER,
      prior_state: h.dv(prior),
      proposed_new_state: h.dv(proposedNewState(serviceUserResourceSchema.block, prior, config)),
      config: h.dv(config),
    });
    expect(reply.diagnostics ?? []).toEqual([]);
    return h.value(reply, 'planned_state');
  };
  const apply = async (prior: TfObject | null, planned: TfObject | null, config: TfObject) => {
    const reply = await h.call('ApplyResourceChange', {
      type_name: USER,
      prior_state: h.dv(prior),
      planned_state: h.dv(planned),
      config: h.dv(config),
    });
    expect(reply.diagnostics ?? []).toEqual([]);
    return h.value(reply, 'new_state');
  };
  const config = (description: string | null): TfObject => ({
    name: 'payments-deployer',
    description,
    groups: ['deployers'],
  });

  beforeEach(async () => {
    clock = new FakeClock(CREATED);
    driver = new FakeKeyDriver({ clock });
    h = rpcHarness({ driver, store: new MemoryStore('secret_store', clock), clock });
    const configured = await h.call('ConfigureProvider', {
      config: h.dv({ url: 'http://127.0.0.1:9', api_key: 'k', driver: null }),
    });
    expect(configured.diagnostics).toEqual([]);
  });

  it('is unknown when planning a new user and the creation time once applied', async () => {
    const planned = await plan(null, config(null));
    expect(isUnknown(planned?.['created_at'])).toBe(true);
    const state = await apply(null, planned, config(null));
    expect(state?.['created_at']).toBe(CREATED);
  });

  it('stays as planned through an update, a refresh and a no-change plan', async () => {
    const created = await apply(null, await plan(null, config(null)), config(null));
    clock.advance(3_600_000);
    const planned = await plan(created, config('deploys payments'));
    expect(planned?.['created_at']).toBe(CREATED);
    const updated = await apply(created, planned, config('deploys payments'));
    expect(updated).toEqual(planned);
    const read = await h.call('ReadResource', { type_name: USER, current_state: h.dv(updated) });
    expect(h.value(read, 'new_state')).toEqual(updated);
    expect(await plan(updated, config('deploys payments'))).toEqual(updated);
  });

  it('is filled in on refresh of state written before the attribute existed', async () => {
    const created = await apply(null, await plan(null, config(null)), config(null));
    const upgraded = await h.call('UpgradeResourceState', {
      type_name: USER,
      raw_state: { json: Buffer.from(JSON.stringify({ ...created, created_at: undefined })) },
    });
    const old = h.value(upgraded, 'upgraded_state');
    expect(old?.['created_at']).toBeNull();
    const read = await h.call('ReadResource', { type_name: USER, current_state: h.dv(old) });
    expect(h.value(read, 'new_state')?.['created_at']).toBe(CREATED);
  });

  it('is shown on import and by the data source', async () => {
    const created = await apply(null, await plan(null, config(null)), config(null));
    const id = String(created?.['id']);
    const reply = await h.call('ImportResourceState', { type_name: USER, id: 'payments-deployer' });
    const imported = reply['imported_resources'] as { state: { msgpack: Buffer } }[];
    expect(h.value({ s: imported[0]?.state }, 's')).toMatchObject({ id, created_at: CREATED });
    const data = await h.call('ReadDataSource', { type_name: USER, config: h.dv({ name: 'payments-deployer' }) });
    expect(h.value(data, 'state')).toMatchObject({ id, created_at: CREATED });
  });

  it('is null when the key API does not report it', async () => {
    const created = await apply(null, await plan(null, config(null)), config(null));
    const id = String(created?.['id']);
    const user = driver.users.get(id);
    if (!user) throw new Error('the fake lost the user');
    driver.users.set(id, { ...user, createdAt: null });
    const read = await h.call('ReadResource', { type_name: USER, current_state: h.dv(created) });
    expect(h.value(read, 'new_state')).toMatchObject({ id, created_at: null });
    const data = await h.call('ReadDataSource', { type_name: USER, config: h.dv({ name: 'payments-deployer' }) });
    expect(h.value(data, 'state')).toMatchObject({ id, created_at: null });
  });
});
