// Groups and roles as code through the CLI against a live key service (PGlite) and a real age file: the example's
// roles, groups and service user are planned in order, applied, updated, pruned, imported back, and every problem of a
// run is reported at once.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyService } from '../../../src/keyservice/server.js';
import { createDriver } from '../../../src/drivers/registry.js';
import type { ObservedRemote } from '../../../src/core/ports/key-driver.js';
import type { CliRun } from '../../support/cli-run.js';
import { startCliWorld, type CliWorld } from '../support/cli-world.js';

const example = join(import.meta.dirname, '..', '..', '..', 'examples', 'groups', 'platform-access.yaml');

let world: CliWorld;
let service: KeyService;
let dir: string;
let adminKey: string;
let manifest: string;

async function keyward(...args: string[]): Promise<CliRun> {
  return world.keyward(...args);
}

async function remote(): Promise<ObservedRemote> {
  return createDriver({ driver: 'keyward', url: service.url }, { KEYWARD_API_KEY: adminKey }).observe();
}

async function edit(from: string, to: string): Promise<void> {
  const text = await readFile(manifest, 'utf8');
  expect(text).toContain(from);
  await writeFile(manifest, text.replace(from, to));
}

beforeAll(async () => {
  world = await startCliWorld({
    prefix: 'keyward-groups-',
    manifests: example,
    recipientVariable: 'KEYWARD_AGE_RECIPIENT',
  });
  ({ service, dir, adminKey } = world);
  manifest = join(dir, 'manifests', 'platform-access.yaml');
});

afterAll(async () => world?.close());

describe('keyward plan / apply / import with groups and roles', () => {
  it('plans roles, then groups, then the service user that names them', async () => {
    const valid = await keyward('validate', 'manifests');
    expect(valid.stdout).toBe('Valid: 1 manifest(s), 1 service user(s), 1 key(s), 2 role(s), 2 group(s).\n');
    const plan = await keyward('plan', 'manifests', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    const lines = plan.stdout.split('\n');
    const at = (text: string): number => lines.findIndex((l) => l.includes(text));
    const first = at('+ create role Service API Keys Create (platform-access; permissions: service_api_key.create)');
    expect(first).toBeGreaterThan(-1);
    expect(at('create role User Manage')).toBeGreaterThan(first);
    expect(
      at('+ create group key-admins (platform-access; roles: User Manage, Service API Keys Create)'),
    ).toBeGreaterThan(at('create role User Manage'));
    expect(at('create group key-expiry-alerts (platform-access; roles: (none); account alerts)')).toBeGreaterThan(-1);
    expect(at('create service user platform-access/provisioner')).toBeGreaterThan(at('create group key-expiry-alerts'));
    expect(plan.stdout).toContain('Plan: 6 to add, 0 to change, 0 to destroy, 0 to rotate.');
  });

  it('applies them; the service user is in both groups; a second plan is empty', async () => {
    const applied = await keyward('apply', 'manifests', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 6 done, 0 failed, 0 skipped.');
    const seen = await remote();
    expect(seen.roles.find((r) => r.name === 'User Manage')).toMatchObject({
      permissions: ['user.manage'],
      builtIn: false,
    });
    expect(seen.groups.find((g) => g.name === 'key-admins')).toMatchObject({
      description: 'Create service users and their keys',
      roles: expect.arrayContaining(['User Manage', 'Service API Keys Create']) as unknown,
      accountAlerts: false,
    });
    expect(seen.groups.find((g) => g.name === 'key-expiry-alerts')).toMatchObject({ accountAlerts: true, roles: [] });
    expect([...(seen.users.find((u) => u.name === 'provisioner')?.groups ?? [])].sort()).toEqual([
      'key-admins',
      'key-expiry-alerts',
    ]);
    const again = await keyward('plan', 'manifests', '--detailed-exitcode', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ changes: false, actions: [], blocked: [] });
    const status = await keyward('status', 'manifests');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('In sync with the manifests.');
  });

  it('updates a role and a group in place, showing old → new values', async () => {
    await edit('permissions: [user.manage]', 'permissions: [user.manage, service_api_key.create]');
    await edit(
      '    roles: [User Manage, Service API Keys Create]\n',
      '    roles: [User Manage]\n    accountAlerts: true\n',
    );
    const plan = await keyward('plan', 'manifests', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(
      '~ update role User Manage (platform-access): permissions user.manage → service_api_key.create, user.manage',
    );
    expect(plan.stdout).toContain(
      '~ update group key-admins (platform-access): roles Service API Keys Create, User Manage → User Manage; accountAlerts false → true',
    );
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy, 0 to rotate.');
    const json = await keyward('plan', 'manifests', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      actions: [
        { kind: 'update-role', role: 'User Manage', permissions: ['user.manage', 'service_api_key.create'] },
        { kind: 'update-group', group: 'key-admins', roles: ['User Manage'], accountAlerts: true },
      ],
    });
    expect((await keyward('apply', 'manifests', '--auto-approve')).code).toBe(0);
    expect((await keyward('plan', 'manifests', '--detailed-exitcode')).code).toBe(0);
  });

  it('reports every missing group and role of a run at once', async () => {
    await writeFile(
      join(dir, 'broken.yaml'),
      [
        'apiVersion: keyward.dev/v1',
        'kind: ServiceUsers',
        'metadata: { name: broken }',
        'provider: { driver: keyward }',
        'groups:',
        '  - name: watchers',
        '    roles: [No Such Role]',
        'serviceUsers:',
        '  - name: one',
        '    groups: [ghosts]',
        '  - name: two',
        '    groups: [phantoms, watchers]',
        '',
      ].join('\n'),
    );
    const plan = await keyward('plan', 'broken.yaml');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('3 problems stop this plan');
    expect(plan.stderr).toContain('group watchers (broken.yaml:6:5): role No Such Role does not exist');
    expect(plan.stderr).toContain('group ghosts does not exist on the key API and no manifest declares it');
    expect(plan.stderr).toContain('group phantoms does not exist on the key API and no manifest declares it');
    expect(plan.stderr).not.toContain('group watchers does not exist');
  });

  it('import --all writes the custom roles and groups (no built-in) and plans empty against the key API', async () => {
    const imported = await keyward('import', '--all', '--name', 'platform-access');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('roles:\n  - name: Service API Keys Create\n');
    expect(imported.stdout).toContain('  - name: key-expiry-alerts\n');
    expect(imported.stdout).toContain('accountAlerts: true');
    expect(imported.stdout).not.toContain('All Access');
    expect(imported.stdout).not.toContain('Administrators');
    await writeFile(join(dir, 'imported.yaml'), imported.stdout);
    const plan = await keyward('plan', 'imported.yaml', '--detailed-exitcode');
    // The one warning: the imported key has no secret destination (a secret cannot be read back).
    expect(plan.stderr).not.toContain('error');
    expect(plan.code).toBe(0);
    const one = await keyward('import', '--service-user', 'provisioner');
    expect(one.stdout).toContain('name: key-admins');
    expect(one.stdout).toContain('name: User Manage');
  });

  it('prunes an undeclared group only under prune: true and with --allow-destroy, after the service users', async () => {
    await edit('groups: [key-admins, key-expiry-alerts]', 'groups: [key-admins]');
    await edit(
      '  - name: key-expiry-alerts\n    description: Hears about service keys about to expire\n    accountAlerts: true\n',
      '',
    );
    const kept = await keyward('plan', 'manifests');
    expect(kept.stdout).not.toContain('delete group');
    await edit('kind: ServiceUsers\n', 'kind: ServiceUsers\nprune: true\n');
    const blocked = await keyward('plan', 'manifests');
    expect(blocked.stdout).toMatch(/- delete group key-expiry-alerts \(id [0-9a-f-]+\): .*needs --allow-destroy/);
    const applied = await keyward('apply', 'manifests', '--auto-approve', '--allow-destroy');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 2 done, 0 failed, 0 skipped.');
    const seen = await remote();
    expect(seen.groups.map((g) => g.name).sort()).toEqual(['Administrators', 'key-admins']);
    expect(seen.users.find((u) => u.name === 'provisioner')?.groups).toEqual(['key-admins']);
    expect((await keyward('plan', 'manifests', '--detailed-exitcode', '--allow-destroy')).code).toBe(0);
  });
});
