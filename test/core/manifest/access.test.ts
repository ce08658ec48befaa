// Roles and groups in manifests: loaded with defaults and source positions; a name declared twice (in one document or
// across files on one key API) names both places; a built-in is referenced, never declared; a typo is suggested.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems, loadManifests } from '../../../src/core/manifest/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-access-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const head = (name: string, url = 'http://keys.example.com'): string =>
  `apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: ${name} }\nprovider: { driver: keyward, url: ${url} }\n`;

async function load(files: Record<string, string>): Promise<Awaited<ReturnType<typeof loadManifests>>> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return loadManifests(Object.keys(files), { env: {}, cwd: dir });
}

async function problems(files: Record<string, string>): Promise<string[]> {
  const result = await load(files);
  if (result.ok) return [];
  return formatProblems(result.problems).split('\n');
}

describe('roles and groups in manifests', () => {
  it('load with defaults and where they were declared; a manifest without the lists has none', async () => {
    const result = await load({
      'a.yaml': `${head('a')}roles:
  - name: User Manage
    permissions: [user.manage]
groups:
  - name: deployers
    description: ship it
    roles: [User Manage, All Access]
    accountAlerts: true
  - name: plain
serviceUsers:
  - name: bot
    groups: [deployers, Administrators]
`,
      'b.yaml': `${head('b')}serviceUsers: []\n`,
    });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    const [a, b] = result.model.scopes;
    expect(a?.roles).toEqual([
      {
        name: 'User Manage',
        permissions: ['user.manage'],
        scope: 'a',
        source: { file: 'a.yaml', line: 6, column: 5, path: '/roles/0' },
      },
    ]);
    expect(a?.groups).toEqual([
      {
        name: 'deployers',
        description: 'ship it',
        roles: ['User Manage', 'All Access'],
        accountAlerts: true,
        scope: 'a',
        source: { file: 'a.yaml', line: 9, column: 5, path: '/groups/0' },
      },
      {
        name: 'plain',
        description: '',
        roles: [],
        accountAlerts: false,
        scope: 'a',
        source: { file: 'a.yaml', line: 13, column: 5, path: '/groups/1' },
      },
    ]);
    expect(b?.roles).toBeUndefined();
    expect(b?.groups).toBeUndefined();
  });

  it('reports together: twice in one document, twice across files, a built-in declared, a misspelt field', async () => {
    const lines = await problems({
      'one.yaml': `${head('one')}roles:
  - name: All Access
    permissions: ['*']
  - name: Keys
    permissions: [service_api_key.create]
  - name: Keys
    permissions: [service_api_key.create]
groups:
  - name: Administrators
  - name: deployers
    acountAlerts: true
serviceUsers: []
`,
      'two.yaml': `${head('two')}groups:
  - name: deployers
roles:
  - name: Keys
    permissions: []
serviceUsers: []
`,
    });
    expect(lines).toEqual([
      "one.yaml:6:11: /roles/0/name: 'All Access' is a built-in role: reference it, do not declare it",
      "one.yaml:10:11: /roles/2/name: role 'Keys' is declared twice: also at one.yaml:8:11",
      "one.yaml:13:11: /groups/0/name: 'Administrators' is a built-in group: reference it, do not declare it",
      "one.yaml:15:5: /groups/1/acountAlerts: unknown field 'acountAlerts' (did you mean 'accountAlerts'?)",
      "two.yaml:6:11: /groups/0/name: group 'deployers' is declared twice: also at one.yaml:14:11",
      "two.yaml:8:11: /roles/0/name: role 'Keys' is declared twice: also at one.yaml:8:11",
    ]);
  });

  it('the same names on two different key APIs are two different roles and groups', async () => {
    const group = 'groups:\n  - name: deployers\nroles:\n  - name: Keys\n    permissions: []\nserviceUsers: []\n';
    const result = await load({
      'x.yaml': `${head('x', 'http://one.example.com')}${group}`,
      'y.yaml': `${head('y', 'http://two.example.com')}${group}`,
    });
    expect(result.ok).toBe(true);
  });
});
