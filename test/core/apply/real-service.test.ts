// The engine against the real key service (PGlite in memory) through the real keyward driver over HTTP:
// create, deliver, consumers calling verify, rotate, retire after overlap and no use, delete after retention, orphans.
// Also on a fresh PostgreSQL database when KEYWARD_TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { FakeClock } from '../../support/fake-clock.js';
import { collectingSink } from '../../../src/kernel/events.js';
import type { DesiredModel } from '../../../src/core/desired.js';
import { observe } from '../../../src/core/observe/index.js';
import { plan, type PlanOptions } from '../../../src/core/plan/index.js';
import { apply } from '../../../src/core/apply/index.js';
import { createDriver } from '../../../src/drivers/registry.js';
import type { KeyDriver } from '../../../src/core/ports/key-driver.js';
import { startKeyService, type KeyService } from '../../../src/keyservice/server.js';
import type { SecretStore } from '../../../src/core/ports/secret-store.js';
import { MemoryStore } from '../../support/memory-store.js';
import { forwarding } from '../../support/fake-driver.js';
import { desired, dkey, dscope, duser } from '../plan/builders.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../../keyservice/support/test-database.js';

const postgres = testPostgresUrl();

function engineSuite(backend: 'pglite' | 'postgres'): void {
  const clock = new FakeClock('2026-03-01T00:00:00Z');
  let service: KeyService;
  let database: TestDatabase | undefined;
  let driver: KeyDriver;
  const adminKey = randomBytes(32).toString('hex');
  const ci = new MemoryStore('ci', clock);
  const { sink, events } = collectingSink();

  const model = (generation: number): DesiredModel =>
    desired(
      dscope(
        [
          duser('payments-deployer', [dkey('deploy', { generation })], { description: 'deploys payments' }),
          duser('payments-reader', [dkey('read'), dkey('batch', { state: 'disabled', secrets: [] })]),
        ],
        { stores: { ci: { type: 'memory' } } },
      ),
    );

  const deps = () => ({
    drivers: new Map([['payments', driver]]),
    stores: new Map<string, ReadonlyMap<string, SecretStore>>([['payments', new Map([['ci', ci]])]]),
  });
  const NONE: PlanOptions = { allowDestroy: false, forceRetire: false };

  async function planNow(m: DesiredModel, options = NONE) {
    return plan(m, await observe(m.scopes, deps()), clock.now(), options);
  }

  async function round(m: DesiredModel, options = NONE) {
    const p = await planNow(m, options);
    const result = await apply(p, { ...deps(), clock, sink });
    return { plan: p, result };
  }

  /** A consumer's call: the key service's verify endpoint (VALID records last use). */
  async function call(key: string): Promise<string> {
    const response = await fetch(`${service.url}/v2/api_keys/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${adminKey}` },
      body: JSON.stringify({ key }),
    });
    return ((await response.json()) as { result: { code: string } }).result.code;
  }

  /** What the consumer of each stored secret gets. */
  async function consumers(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of ci.names()) {
      const held = ci.read(name);
      if (held) out[name] = await call(held.secret.reveal());
    }
    await service.flushLastUsed();
    return out;
  }

  beforeAll(async () => {
    database = backend === 'postgres' ? await createTestDatabase(postgres ?? '') : undefined;
    service = await startKeyService({ bootstrapKey: adminKey, cacheTtlMs: 0, clock, databaseUrl: database?.url });
    driver = createDriver(
      { driver: 'keyward', url: service.url },
      { KEYWARD_API_KEY: adminKey },
      { clock, sleep: async () => undefined },
    );
  });

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  describe(`engine against keyward serve (${backend})`, () => {
    it('creates, delivers, rotates, retires and deletes with consumers never broken', async () => {
      const first = await round(model(1));
      expect(first.result).toMatchObject({ ok: true, failed: 0 });
      expect(first.plan.actions.map((a) => a.kind)).toEqual(['create-user', 'create-key', 'create-user', 'create-key']);
      expect(await consumers()).toEqual({ DEPLOY: 'VALID', READ: 'VALID' });
      expect((await planNow(model(1))).actions).toEqual([]);

      clock.advance(DAY_MS);
      const rotation = await round(model(2));
      expect(rotation.plan.actions.map((a) => a.kind)).toEqual(['rotate-key']);
      expect(rotation.result.ok).toBe(true);
      expect(await consumers()).toEqual({ DEPLOY: 'VALID', READ: 'VALID' });

      clock.advance(7 * DAY_MS);
      const retire = await round(model(2));
      expect(retire.plan.actions.map((a) => `${a.kind} ${'key' in a ? a.key.remoteName : ''}`)).toEqual([
        'disable-key deploy',
      ]);
      expect(await consumers()).toEqual({ DEPLOY: 'VALID', READ: 'VALID' });

      clock.advance(30 * DAY_MS);
      expect((await round(model(2))).plan.actions.map((a) => a.kind)).toEqual(['delete-key']);
      expect((await planNow(model(2))).actions).toEqual([]);
      expect(await consumers()).toEqual({ DEPLOY: 'VALID', READ: 'VALID' });
      const listed = await driver.observe();
      expect(listed.keys.map((k) => k.name).sort()).toEqual(['deploy#2', 'read']);
    });

    it('keeps a previous generation a consumer still uses for a rolling idle window, never forever; force-retire is destructive meanwhile', async () => {
      const old = ci.read('DEPLOY')?.secret;
      if (!old) throw new Error('no deploy secret');
      expect((await round(model(3))).result.ok).toBe(true);
      clock.advance(8 * DAY_MS);
      expect(await call(old.reveal())).toBe('VALID');
      await service.flushLastUsed();
      clock.advance(3_600_000);
      const waiting = await planNow(model(3));
      expect(waiting.actions).toEqual([]);
      const pending = waiting.notices.find((n) => n.code === 'retire-pending');
      expect(pending?.message).toContain('last used at');
      expect(pending?.data['waitUntil']).toBeTypeOf('string');
      const blocked = await planNow(model(3), { allowDestroy: false, forceRetire: true });
      expect(blocked.actions).toEqual([]);
      expect(blocked.blocked.map((b) => b.action.kind)).toEqual(['disable-key']);
      clock.advance(DAY_MS);
      const idle = await round(model(3));
      expect(idle.plan.actions.map((a) => a.kind)).toEqual(['disable-key']);
      expect(await call(old.reveal())).toBe('DISABLED');
      expect(await consumers()).toEqual({ DEPLOY: 'VALID', READ: 'VALID' });
      const leaks = JSON.stringify(events);
      for (const name of ci.names()) expect(leaks).not.toContain(ci.read(name)?.secret.reveal());
      expect(leaks).not.toContain(old.reveal());
    });

    it('repairs at once a key an interrupted apply created but never delivered; deletes the orphan after the grace period', async () => {
      const m = desired(dscope([duser('payments-batch', [dkey('nightly')])], { stores: { ci: { type: 'memory' } } }));
      const lost: KeyDriver = {
        ...forwarding(driver),
        createKey: async (input) => {
          await driver.createKey(input);
          throw new Error('connection reset after the key was created');
        },
      };
      const p = await planNow(m);
      const failed = await apply(p, {
        drivers: new Map([['payments', lost]]),
        stores: new Map([['payments', new Map([['ci', ci]])]]),
        clock,
        sink,
      });
      expect(failed.results.map((r) => r.status)).toEqual(['done', 'failed']);
      const repaired = await round(m);
      expect(
        repaired.plan.notices
          .filter((n) => n.code !== 'undeclared-user')
          .map((n) => `${n.code} ${String(n.data['pending'])}`),
      ).toEqual(['orphan true']);
      expect(
        repaired.plan.notices
          .filter((n) => n.code === 'undeclared-user')
          .map((n) => n.serviceUser)
          .sort(),
      ).toEqual(['payments-deployer', 'payments-reader']);
      expect(repaired.plan.actions.map((a) => a.kind)).toEqual(['repair-key']);
      expect(repaired.result.ok).toBe(true);
      expect(await call(ci.read('NIGHTLY')?.secret.reveal() ?? '')).toBe('VALID');
      clock.advance(15 * 60_000);
      const cleaned = await round(m);
      expect(cleaned.plan.actions.map((a) => `${a.kind} ${'key' in a ? a.key.remoteName : ''}`)).toEqual([
        'delete-key nightly',
      ]);
      expect((await driver.observe()).keys.filter((k) => k.name.startsWith('nightly')).map((k) => k.name)).toEqual([
        'nightly#1.r1',
      ]);
    });
  });
}

engineSuite('pglite');
if (postgres !== undefined) engineSuite('postgres');
