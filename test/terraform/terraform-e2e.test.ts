// The provider end to end through the real terraform against an in-process keyward key service:
// init (mirror) → create → no-op plan → disable → rotate by generation → import → ephemeral key → destroy,
// with the secret delivered to an age file store and never present in state or in any terraform output.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../src/drivers/registry.js';
import type { KeyDriver } from '../../src/core/ports/key-driver.js';
import { formatIdentityFile, generateAgeIdentity } from '../../src/stores/file/identity.js';
import { startTestKeyService } from './support/key-service.js';
import { terraformWorkspace, type TerraformResult, type TerraformWorkspace } from './support/terraform-cli.js';

const run = promisify(execFile);

interface Stack {
  deployGeneration: number;
  batchState: 'enabled' | 'disabled';
  imports: string;
  ephemeral: boolean;
}

function stackConfig(recipient: string, s: Stack): string {
  return `provider "keyward" {}

resource "keyward_service_user" "deployer" {
  name        = "payments-deployer"
  description = "deploys payments"
}

resource "keyward_api_key" "deploy" {
  service_user = keyward_service_user.deployer.name
  name         = "deploy"
  generation   = ${s.deployGeneration}
  expires_in   = "30d"
  secret_store {
    type       = "file"
    path       = "secrets.age"
    recipients = ["${recipient}"]
    name       = "PAYMENTS_DEPLOY_KEY"
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "keyward_api_key" "batch" {
  service_user = keyward_service_user.deployer.name
  name         = "batch"
  expires_at   = "2027-06-01T00:00:00Z"
  state        = "${s.batchState}"
  secret_store {
    type       = "file"
    path       = "secrets.age"
    recipients = ["${recipient}"]
    name       = "PAYMENTS_BATCH_KEY"
  }
}

data "keyward_service_user" "deployer" {
  name = keyward_service_user.deployer.name
}

data "keyward_api_keys" "deploy" {
  service_user = keyward_service_user.deployer.name
  name         = "deploy"
  depends_on   = [keyward_api_key.deploy]
}
${s.imports}${s.ephemeral ? EPHEMERAL : ''}`;
}

const EPHEMERAL = `
ephemeral "keyward_api_key_secret" "ci" {
  service_user = "payments-deployer"
  name         = "ci"
  expires_in   = "10min"
}

provider "keyward" {
  alias   = "ci"
  api_key = ephemeral.keyward_api_key_secret.ci.secret
}

data "keyward_api_keys" "seen_by_ci" {
  provider     = keyward.ci
  service_user = "payments-deployer"
}
`;

describe('terraform-provider-keyward end to end', { timeout: 180_000 }, () => {
  let tf: TerraformWorkspace;
  let service: Awaited<ReturnType<typeof startTestKeyService>>;
  let driver: KeyDriver;
  let recipient: string;
  let identityFile: string;
  let env: Record<string, string>;
  const secretsSeen = new Set<string>();
  const stack: Stack = { deployGeneration: 1, batchState: 'enabled', imports: '', ephemeral: false };

  /** Runs `terraform <command> <flags...> <args...>` and expects a clean success. */
  const tfOk = async (args: string[]): Promise<TerraformResult> => {
    const [command = '', ...rest] = args;
    const flags = command === 'show' ? ['-no-color'] : ['-no-color', '-input=false'];
    const result = await tf.run([command, ...flags, ...rest], env);
    expect(result.stderr, `terraform ${args.join(' ')}\n${result.stdout}`).toBe('');
    expect(result.stdout).not.toMatch(/inconsistent|Provider produced/i);
    expect(result.code).toBe(0);
    return result;
  };
  const applyStack = async () => {
    await tf.writeConfig(stackConfig(recipient, stack));
    return tfOk(['apply', '-auto-approve']);
  };
  const expectNoChanges = async () => {
    const result = await tf.run(['plan', '-detailed-exitcode', '-no-color', '-input=false'], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  };
  const storedSecrets = async (): Promise<Record<string, { value: string; keyId: string }>> => {
    const { stdout } = await run('age', ['-d', '-i', identityFile, join(tf.dir, 'secrets.age')]);
    const doc = JSON.parse(stdout) as Record<string, { value: string; keyId: string }>;
    for (const entry of Object.values(doc)) secretsSeen.add(entry.value);
    return doc;
  };
  const verify = async (key: string): Promise<string> => {
    const response = await fetch(`${service.url}/v2/api_keys/verify`, {
      method: 'POST',
      headers: { Authorization: `Token ${service.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    return ((await response.json()) as { result: { code: string } }).result.code;
  };
  const state = async () =>
    JSON.parse((await tfOk(['show', '-json'])).stdout) as {
      values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
    };
  const resource = async (address: string) =>
    (await state()).values?.root_module?.resources?.find((r) => r.address === address)?.values ?? {};
  const remoteKeys = async () => (await driver.observe()).keys;

  beforeAll(async () => {
    service = await startTestKeyService();
    tf = await terraformWorkspace();
    const identity = await generateAgeIdentity();
    recipient = identity.recipient;
    identityFile = join(tf.dir, '..', 'identity.txt');
    await writeFile(identityFile, formatIdentityFile(identity, new Date(0)), { mode: 0o600 });
    env = { KEYWARD_URL: service.url, KEYWARD_API_KEY: service.adminKey, KEYWARD_AGE_IDENTITY: identityFile };
    secretsSeen.add(service.adminKey);
    driver = createDriver({ driver: 'keyward', url: service.url }, { KEYWARD_API_KEY: service.adminKey });
    await tf.writeConfig(stackConfig(recipient, stack));
    const init = await tf.run(['init', '-input=false', '-no-color'], env);
    expect(init.stdout).toContain('Terraform has been successfully initialized');
  });

  afterAll(async () => {
    await tf?.close();
    await service?.close();
  });

  it('creates a service user and two keys, delivering each secret to the age file store', async () => {
    await applyStack();
    const deploy = await resource('keyward_api_key.deploy');
    expect(deploy).toMatchObject({ name: 'deploy', generation: 1, remote_name: 'deploy', state: 'enabled' });
    const secrets = await storedSecrets();
    expect(secrets['PAYMENTS_DEPLOY_KEY']?.keyId).toBe(deploy['id']);
    expect(secrets['PAYMENTS_DEPLOY_KEY']?.value.startsWith(String(deploy['id']))).toBe(true);
    expect(await verify(secrets['PAYMENTS_DEPLOY_KEY']?.value ?? '')).toBe('VALID');
    expect((await remoteKeys()).map((k) => k.name).sort()).toEqual(['batch', 'deploy']);
    const listed = (await resource('data.keyward_api_keys.deploy'))['keys'] as Record<string, unknown>[];
    expect(listed.map((k) => [k['remote_name'], k['id'], k['service_user']])).toEqual([
      ['deploy', deploy['id'], 'payments-deployer'],
    ]);
    const managed = await resource('keyward_service_user.deployer');
    expect(managed['created_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const user = await resource('data.keyward_service_user.deployer');
    expect(user).toMatchObject({
      id: managed['id'],
      description: 'deploys payments',
      created_at: managed['created_at'],
    });
    await expectNoChanges();
  });

  it('disables a key in place', async () => {
    stack.batchState = 'disabled';
    const applied = await applyStack();
    expect(applied.stdout).toContain('1 changed');
    expect((await remoteKeys()).find((k) => k.name === 'batch')?.state).toBe('disabled');
    await expectNoChanges();
  });

  it('rotates on a generation bump: new key delivered, old key gone', async () => {
    const before = await storedSecrets();
    stack.deployGeneration = 2;
    const applied = await applyStack();
    expect(applied.stdout).toContain('1 added, 0 changed, 1 destroyed');
    const after = await storedSecrets();
    const deploy = await resource('keyward_api_key.deploy');
    expect(deploy['remote_name']).toBe('deploy#2');
    expect(after['PAYMENTS_DEPLOY_KEY']?.keyId).toBe(deploy['id']);
    expect(await verify(after['PAYMENTS_DEPLOY_KEY']?.value ?? '')).toBe('VALID');
    expect(await verify(before['PAYMENTS_DEPLOY_KEY']?.value ?? '')).toBe('NOT_FOUND');
    expect((await remoteKeys()).map((k) => k.name).sort()).toEqual(['batch', 'deploy#2']);
    await expectNoChanges();
  });

  it('imports existing keys with an import block and with terraform import', async () => {
    const user = (await driver.observe()).users.find((u) => u.name === 'payments-deployer');
    const legacy = await driver.createKey({
      userId: user?.id ?? '',
      name: 'legacy',
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    const ops = await driver.createKey({
      userId: user?.id ?? '',
      name: 'ops#3',
      expiresAt: new Date('2027-02-01T00:00:00Z'),
    });
    secretsSeen.add(legacy.secret.reveal());
    secretsSeen.add(ops.secret.reveal());
    stack.imports = `
import {
  to = keyward_api_key.legacy
  id = "${legacy.key.id}"
}

resource "keyward_api_key" "legacy" {
  service_user = keyward_service_user.deployer.name
  name         = "legacy"
  expires_at   = "2027-01-01T00:00:00Z"
}

resource "keyward_api_key" "ops" {
  service_user = keyward_service_user.deployer.name
  name         = "ops"
  generation   = 3
  expires_at   = "2027-02-01T00:00:00Z"
}
`;
    await tf.writeConfig(stackConfig(recipient, stack));
    await tfOk(['import', 'keyward_api_key.ops', 'payments-deployer/ops#3']);
    const applied = await tfOk(['apply', '-auto-approve']);
    expect(applied.stdout).toContain('1 imported, 0 added, 0 changed, 0 destroyed');
    expect(await resource('keyward_api_key.legacy')).toMatchObject({ id: legacy.key.id, remote_name: 'legacy' });
    expect(await resource('keyward_api_key.ops')).toMatchObject({ id: ops.key.id, generation: 3 });
    await expectNoChanges();
  });

  it('hands a short-lived key to another provider block without keeping it', async () => {
    stack.ephemeral = true;
    const applied = await applyStack();
    expect(applied.stdout).toContain('ephemeral.keyward_api_key_secret.ci: Closing complete');
    expect((await remoteKeys()).some((k) => k.name.startsWith('ci-ephemeral-'))).toBe(false);
    const seen = await resource('data.keyward_api_keys.seen_by_ci');
    expect(JSON.stringify(seen)).toMatch(/ci-ephemeral-[0-9a-f]{8}/);
  });

  it('plans the next generation when a key expires within rotate_before', async () => {
    stack.imports += `
resource "keyward_api_key" "short" {
  service_user  = keyward_service_user.deployer.name
  name          = "short"
  expires_in    = "1d"
  rotate_before = "7d"
}
`;
    await applyStack();
    const result = await tf.run(['plan', '-detailed-exitcode', '-no-color', '-input=false'], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/keyward_api_key\.short must be replaced/);
    expect(result.stdout).toMatch(/generation\s+= 1 -> \(known after apply\) # forces replacement/);
    expect(result.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  });

  it('turns a rejected API key into a diagnostic that names the fix and not the key', async () => {
    const wrongKey = 'f'.repeat(64);
    const result = await tf.run(['plan', '-no-color', '-input=false'], { ...env, KEYWARD_API_KEY: wrongKey });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain("Check the provider's api_key");
    expect(result.stderr + result.stdout).not.toContain(wrongKey);
    expect(result.stderr).not.toMatch(/plugin crashed|panic:/);
  });

  it('destroys everything and never leaked a secret into state or output', async () => {
    await tfOk(['destroy', '-auto-approve']);
    const observed = await driver.observe();
    expect(observed.users.some((u) => u.name === 'payments-deployer')).toBe(false);
    expect(observed.keys).toEqual([]);
    const stateFiles = await Promise.all(
      ['terraform.tfstate', 'terraform.tfstate.backup'].map((name) =>
        readFile(join(tf.dir, name), 'utf8').catch(() => ''),
      ),
    );
    const everything = [...tf.transcript, ...stateFiles].join('\n');
    expect(secretsSeen.size).toBeGreaterThanOrEqual(5);
    for (const secret of secretsSeen) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice(32));
    }
  });
});
