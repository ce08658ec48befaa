// Key policies as data: constellix (2 keys per user, whole months or never), custom YAML files, and their errors.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, wholeMonthsAfter } from '../../src/keyservice/domain/expiry-rules.js';
import { loadPolicy, parsePolicy } from '../../src/keyservice/domain/policy.js';
import { at, serviceUser, startTestService, T0, type TestService } from './support/harness.js';

describe('whole months', () => {
  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2026-01-15T00:00:00Z'), 18).toISOString()).toBe('2027-07-15T00:00:00.000Z');
  });
  it('recognises whole months within a day, and nothing else', () => {
    const from = new Date(T0);
    expect(wholeMonthsAfter(from, new Date('2026-06-01T12:00:00Z'))).toBe(5);
    expect(wholeMonthsAfter(from, new Date('2026-06-15T00:00:00Z'))).toBeNull();
    expect(wholeMonthsAfter(from, new Date('2026-01-20T00:00:00Z'))).toBeNull();
  });
});

describe('policy files', () => {
  it('names the file and the field for every mistake', () => {
    expect(() => parsePolicy('maxKeysPerUser: 0', 'p.yaml')).toThrow(
      'p.yaml: maxKeysPerUser must be a positive whole number or null',
    );
    expect(() => parsePolicy('maxKeys: 2', 'p.yaml')).toThrow('p.yaml: unknown field maxKeys');
    expect(() => parsePolicy('wholeMonths: yes please', 'p.yaml')).toThrow('p.yaml: wholeMonths must be true or false');
    expect(() => parsePolicy('[1, 2', 'p.yaml')).toThrow(/p.yaml: not valid YAML/);
  });
  it('refuses a name that is neither built in nor a file', async () => {
    await expect(loadPolicy('strict')).rejects.toThrow(
      'policy strict: not a built-in policy (infoblox, constellix) and not a readable file',
    );
  });
});

describe('constellix policy over HTTP', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService('pglite', { policy: 'constellix' });
  });
  afterAll(async () => t?.close());

  it('allows expiry in whole months or never, and at most 2 keys per user', async () => {
    const post = (name: string, expires_at: unknown) =>
      t.call('POST', '/v2/current_api_keys', { body: { name, expires_at } });
    const notWhole = await post('odd', at(45));
    expect([notWhole.status, notWhole.error]).toEqual([400, expect.stringContaining('whole number of months')]);
    // The bootstrap key is one of admin's two.
    const never = await post('never', null);
    expect([never.status, never.result.expires_at]).toEqual([201, null]);
    const third = await post('third', addMonths(new Date(T0), 10).toISOString());
    expect([third.status, third.error]).toEqual([
      409,
      expect.stringContaining('maximum of 2 API keys (policy constellix)'),
    ]);
    const user = await serviceUser(t, 'rollover');
    for (const months of [1, 18]) {
      const r = await t.call('POST', '/v2/api_keys', {
        body: { name: `m${months}`, user_id: user, expires_at: addMonths(new Date(T0), months).toISOString() },
      });
      expect(r.status).toBe(201);
    }
    expect(
      (await t.call('POST', '/v2/api_keys', { body: { name: 'm3', user_id: user, expires_at: null } })).status,
    ).toBe(409);
  });
});

describe('custom policy file over HTTP', () => {
  let t: TestService;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyward-policy-'));
    await writeFile(join(dir, 'policy.yaml'), 'name: tight\nmaxServiceKeysPerServiceUser: 2\nmaxLifetimeDays: 30\n');
    t = await startTestService('pglite', { policy: 'policy.yaml', cwd: dir });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the limits the file sets', async () => {
    expect(t.service.policy).toMatchObject({
      name: 'tight',
      maxServiceKeysPerServiceUser: 2,
      maxLifetimeDays: 30,
      expiryRequired: true,
      wholeMonths: false,
    });
    const user = await serviceUser(t, 'tight-user');
    const post = (expires_at: unknown) =>
      t.call('POST', '/v2/api_keys', { body: { name: 'k', user_id: user, expires_at } });
    expect((await post(at(31))).error).toContain('maximum lifetime of 30 days set by policy tight');
    expect((await post(null)).error).toContain('expires_at is required by policy tight');
    expect((await post(at(30))).status).toBe(201);
    expect((await post(at(30))).status).toBe(201);
    expect((await post(at(30))).error).toContain('maximum of 2 service API keys (policy tight)');
  });
});
