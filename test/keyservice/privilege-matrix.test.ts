// The permission matrix over HTTP: every caller (role combination) × every endpoint × target privilege, with the
// expected status in the table; it holds every escalation path of issue 11 (no permission grows itself).
// The table: support/privilege-cases-access.ts and support/privilege-cases-keys.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, backends } from './support/harness.js';
import { CALLERS, startPrivilegeWorld, type PrivilegeWorld } from './support/privilege-world.js';
import { accessCases } from './support/privilege-cases-access.js';
import { keyCases } from './support/privilege-cases-keys.js';

const cases = [...accessCases, ...keyCases];

describe.each(backends())('privilege matrix on %s', (backend) => {
  let w: PrivilegeWorld;
  beforeAll(async () => {
    w = await startPrivilegeWorld(backend);
  }, 60_000);
  afterAll(async () => w?.close());

  let n = 0;
  for (const c of cases) {
    it(`${c.call} [target ${c.target}]: ${CALLERS.map((caller, i) => `${caller} ${c.expect[i]}`).join(', ')}`, async () => {
      const seen = [];
      for (const caller of CALLERS) {
        const r = await c.run(w, caller, w.keys.get(caller) as string, n++);
        seen.push({ caller, status: r.status, ...(r.status >= 400 ? { code: r.code, error: r.error } : {}) });
      }
      expect(seen.map((s) => [s.caller, s.status])).toEqual(CALLERS.map((caller, i) => [caller, c.expect[i]]));
      for (const s of seen) if (s.status === 403) expect(s.code).toBe('forbidden');
    });
  }

  it('names what is missing when a caller would grow a permission, and audits the denial', async () => {
    const adminUser = await w.target('admin');
    const r = await w.t.call('POST', '/v2/api_keys', {
      key: w.keys.get('keyCreate'),
      body: { name: 'k', user_id: adminUser, expires_at: at(9) },
    });
    expect([r.status, r.error]).toEqual([
      403,
      expect.stringMatching(/requires permission \* \(All Access\), which that user holds/),
    ]);
    const denied = await w.asAdmin(
      'GET',
      `/api/auditlog/v1/logs?_filter=${encodeURIComponent(`outcome=="denied" and target=="${adminUser}"`)}`,
    );
    expect(denied.results[0]).toMatchObject({
      actor: 'caller-keyCreate',
      actor_type: 'service',
      action: 'api_key.create',
    });
  });

  it('a caller holding only service_api_key.create cannot become an administrator by any route', async () => {
    const k = w.keys.get('keyCreate') as string;
    const me = w.ids.get('keyCreate') as string;
    const attempts = [
      await w.t.call('POST', '/v2/api_keys', {
        key: k,
        body: { name: 'x', user_id: await w.target('admin'), expires_at: at(9) },
      }),
      await w.t.call('PATCH', `/v2/users/${me}`, { key: k, body: { group_ids: [w.groups.admins] } }),
      await w.t.call('POST', '/v2/roles', { key: k, body: { name: 'mine', permissions: ['*'] } }),
      await w.t.call('PATCH', `/v2/groups/${w.groups.keyCreate}`, { key: k, body: { roles: [] } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect((await w.t.call('GET', '/v2/current_user', { key: k })).result.group_ids).toEqual([w.groups.keyCreate]);
    expect((await w.t.call('GET', '/api/auditlog/v1/logs', { key: k })).status).toBe(403);
  });
});
