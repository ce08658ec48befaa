// The Action with roles and groups as code, end to end (bare git remote, GitHub fake, live key service): the plan
// comment shows the role and group creates in order, apply makes them, and the next run has nothing to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/drivers/registry.js';
import { loadGithubDescription } from '../support/github-fake/index.js';
import { REPO, startActionWorld, type ActionWorld } from './support/world.js';

const ACCESS = `# access: managed by keyward
apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: access }
provider: { driver: keyward }
stores:
  ci: { type: github, repository: ${REPO} }
roles:
  - name: Service API Keys Create
    permissions: [service_api_key.create]
groups:
  - name: key-makers
    description: Create service keys
    roles: [Service API Keys Create]
    accountAlerts: true
serviceUsers:
  - name: maker-bot
    groups: [key-makers]
    keys:
      - name: make
        secret: { store: ci, name: MAKER_KEY }
`;

let world: ActionWorld;
beforeAll(async () => {
  world = await startActionWorld(await loadGithubDescription(), { 'keyward/access.yaml': ACCESS });
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe('the Action with roles and groups', () => {
  it('comments the plan with roles before groups before users, applies it, then has nothing to do', async () => {
    const pr = world.fake.state.pulls.open(REPO, { title: 'Access', head: 'access', base: 'main' }, world.clock.now());
    const planned = await world.act({ command: 'plan' }, { pullRequest: pr.number });
    expect(planned.error).toBeUndefined();
    const body = world.fake.state.pulls.commentsOn(REPO, pr.number)[0]?.body ?? '';
    expect(body).toContain('**Plan:** 4 to add, 0 to change, 0 to destroy, 0 to rotate, 0 to repair.');
    const role = body.indexOf('+ create role Service API Keys Create (access; permissions: service_api_key.create)');
    const group = body.indexOf('+ create group key-makers (access; roles: Service API Keys Create; account alerts)');
    const user = body.indexOf('+ create service user access/maker-bot (groups: key-makers)');
    expect(role).toBeGreaterThan(-1);
    expect(group).toBeGreaterThan(role);
    expect(user).toBeGreaterThan(group);

    const applied = await world.act({ command: 'apply' });
    expect(applied.error).toBeUndefined();
    expect(applied.recorded.summaries.join('\n')).toContain('**Apply complete:** 4 done, 0 failed, 0 skipped.');
    const seen = await createDriver(
      { driver: 'keyward', url: world.service.url },
      { KEYWARD_API_KEY: world.adminKey },
    ).observe();
    expect(seen.groups.find((g) => g.name === 'key-makers')).toMatchObject({
      roles: ['Service API Keys Create'],
      accountAlerts: true,
    });
    expect(seen.users.find((u) => u.name === 'maker-bot')?.groups).toEqual(['key-makers']);
    const again = await world.act({ command: 'apply' });
    expect(again.result?.changes).toBe(false);
  });
});
