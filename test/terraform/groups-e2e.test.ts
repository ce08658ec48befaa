// keyward_role and keyward_group through the real terraform against an in-process key service: create, no-op plan,
// in-place rename and role change (ids kept), import by name, built-in roles refused, validate diagnostics, destroy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/drivers/registry.js';
import type { KeyDriver } from '../../src/core/ports/key-driver.js';
import { startTestKeyService, type TestKeyService } from './support/key-service.js';
import { terraformWorkspace, type TerraformResult, type TerraformWorkspace } from './support/terraform-cli.js';

interface Access {
  group: string;
  alerts: boolean;
  permissions: string[];
}

function config(a: Access): string {
  return `provider "keyward" {}

resource "keyward_role" "keys" {
  name        = "Service API Keys Create"
  permissions = ${JSON.stringify(a.permissions)}
}

resource "keyward_group" "deployers" {
  name           = "${a.group}"
  description    = "deploys payments"
  roles          = [keyward_role.keys.name]
  account_alerts = ${a.alerts}
}

resource "keyward_service_user" "deployer" {
  name   = "payments-deployer"
  groups = [keyward_group.deployers.name]
}
`;
}

describe('keyward_role and keyward_group end to end', { timeout: 180_000 }, () => {
  let tf: TerraformWorkspace;
  let service: TestKeyService;
  let driver: KeyDriver;
  let env: Record<string, string>;

  const tfRun = (args: string[]) => tf.run([...args, '-no-color'], env);
  const tfOk = async (args: string[]): Promise<TerraformResult> => {
    const result = await tfRun(args);
    expect(result.stderr, `terraform ${args.join(' ')}\n${result.stdout}`).toBe('');
    expect(result.stdout).not.toMatch(/inconsistent|Provider produced/i);
    expect(result.code).toBe(0);
    return result;
  };
  const expectNoChanges = async () => {
    const plan = await tfRun(['plan', '-detailed-exitcode', '-input=false']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  };
  const remote = async () => {
    const observed = await driver.observe();
    return {
      role: observed.roles.find((role) => role.name === 'Service API Keys Create'),
      groups: observed.groups,
      user: observed.users.find((user) => user.name === 'payments-deployer'),
    };
  };

  beforeAll(async () => {
    service = await startTestKeyService();
    tf = await terraformWorkspace();
    env = { KEYWARD_URL: service.url, KEYWARD_API_KEY: service.adminKey };
    driver = createDriver({ driver: 'keyward', url: service.url }, { KEYWARD_API_KEY: service.adminKey });
    await tf.writeConfig(config({ group: 'deployers', alerts: true, permissions: ['service_api_key.create'] }));
    const init = await tf.run(['init', '-input=false', '-no-color'], env);
    expect(init.code, init.stdout + init.stderr).toBe(0);
  });
  afterAll(async () => {
    await tf?.close();
    await service?.close();
  });

  it('creates the role, the group granting it and a service user in the group; then plans nothing', async () => {
    await tfOk(['apply', '-auto-approve', '-input=false']);
    const { role, groups, user } = await remote();
    expect(role).toMatchObject({ permissions: ['service_api_key.create'], builtIn: false });
    expect(groups.find((group) => group.name === 'deployers')).toMatchObject({
      description: 'deploys payments',
      roles: ['Service API Keys Create'],
      accountAlerts: true,
    });
    expect(user?.groups).toEqual(['deployers']);
    await expectNoChanges();
  });

  it('renames the group and changes the role in place, keeping their ids', async () => {
    const before = await remote();
    const groupId = before.groups.find((group) => group.name === 'deployers')?.id;
    await tf.writeConfig(
      config({ group: 'release-deployers', alerts: false, permissions: ['service_api_key.create', 'user.manage'] }),
    );
    const plan = await tfOk(['plan', '-input=false']);
    expect(plan.stdout).toContain('Plan: 0 to add, 3 to change, 0 to destroy.');
    expect(plan.stdout).not.toContain('must be replaced');
    await tfOk(['apply', '-auto-approve', '-input=false']);
    const after = await remote();
    expect(after.role?.id).toBe(before.role?.id);
    expect([...(after.role?.permissions ?? [])].sort()).toEqual(['service_api_key.create', 'user.manage']);
    expect(after.groups.find((group) => group.id === groupId)).toMatchObject({
      name: 'release-deployers',
      accountAlerts: false,
    });
    expect(after.user?.groups).toEqual(['release-deployers']);
    await expectNoChanges();
  });

  it('imports a group and a role by name', async () => {
    await tfOk(['state', 'rm', 'keyward_group.deployers', 'keyward_role.keys']);
    await tfOk(['import', '-input=false', 'keyward_group.deployers', 'release-deployers']);
    await tfOk(['import', '-input=false', 'keyward_role.keys', 'Service API Keys Create']);
    await expectNoChanges();
  });

  it('refuses to import a built-in role, and names an unknown role at apply', async () => {
    await tf.writeConfig(
      `${config({ group: 'release-deployers', alerts: false, permissions: ['service_api_key.create', 'user.manage'] })}
resource "keyward_role" "all" {
  name        = "All Access"
  permissions = ["*"]
}
`,
    );
    const imported = await tfRun(['import', '-input=false', 'keyward_role.all', 'All Access']);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('Built-in role cannot be managed');
    expect(imported.stderr).toContain('"All Access" is built into the key service');

    await tf.writeConfig(`provider "keyward" {}
resource "keyward_group" "ghost" {
  name  = "ghost-group"
  roles = ["No Such Role"]
}
`);
    const applied = await tfRun(['apply', '-auto-approve', '-input=false', '-target=keyward_group.ghost']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('Creating group ghost-group failed');
    expect(applied.stderr).toContain('No Such Role');
    expect((await remote()).groups.map((group) => group.name)).not.toContain('ghost-group');
  });

  it('reports empty names and permissions at validate, on their attributes', async () => {
    await tf.writeConfig(`provider "keyward" {}
resource "keyward_role" "blank" {
  name        = " "
  permissions = ["user.manage", ""]
}
resource "keyward_group" "blank" {
  name  = ""
  roles = [""]
}
`);
    const result = await tfRun(['validate']);
    expect(result.code).toBe(1);
    for (const summary of ['Invalid role name', 'Invalid permissions', 'Invalid group name', 'Invalid roles']) {
      expect(result.stderr).toContain(summary);
    }
    expect(result.stderr).toMatch(/on main\.tf line \d+, in resource "keyward_role" "blank":\n.*permissions/);
  });

  it('destroys the service user, the group and the role', async () => {
    await tf.writeConfig(
      config({ group: 'release-deployers', alerts: false, permissions: ['service_api_key.create', 'user.manage'] }),
    );
    await tfOk(['destroy', '-auto-approve', '-input=false']);
    const { role, groups, user } = await remote();
    expect(role).toBeUndefined();
    expect(groups.map((group) => group.name)).not.toContain('release-deployers');
    expect(user).toBeUndefined();
    expect(tf.transcript.join('\n')).not.toContain(service.adminKey);
  });
});
