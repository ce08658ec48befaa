// An exec secret store from Terraform, end to end with the real terraform and key service: examples/terraform's
// exec-store.tf creates a key whose secret the store's command delivers (confirmed by describe), plans no change
// after, and destroy removes the key and, through the store's delete command, its secret. No secret in output or state.
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeyService, type TestKeyService } from './support/key-service.js';
import { terraformWorkspace, type TerraformWorkspace } from './support/terraform-cli.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const SCRIPT = join(REPO, 'examples', 'manifests', 'exec', 'file-secret.sh');

describe('terraform with an exec secret store', { timeout: 180_000 }, () => {
  let tf: TerraformWorkspace;
  let service: TestKeyService;
  let env: Record<string, string>;
  let secretsDir: string;

  beforeAll(async () => {
    service = await startTestKeyService();
    tf = await terraformWorkspace();
    secretsDir = join(tf.dir, '..', 'secrets');
    await mkdir(secretsDir);
    await copyFile(join(REPO, 'examples', 'terraform', 'exec-store.tf'), join(tf.dir, 'main.tf'));
    env = {
      KEYWARD_URL: service.url,
      KEYWARD_API_KEY: service.adminKey,
      TF_VAR_script: SCRIPT,
      TF_VAR_secrets_dir: secretsDir,
    };
    const init = await tf.run(['init', '-input=false', '-no-color'], env);
    expect(init.code, init.stdout + init.stderr).toBe(0);
  });
  afterAll(async () => {
    await tf?.close();
    await service?.close();
  });

  const verify = async (key: string): Promise<string> => {
    const response = await fetch(`${service.url}/v2/api_keys/verify`, {
      method: 'POST',
      headers: { Authorization: `Token ${service.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    return ((await response.json()) as { result: { code: string } }).result.code;
  };

  it('delivers through command, confirms by describe, and deletes through delete', async () => {
    const apply = await tf.run(['apply', '-auto-approve', '-no-color', '-input=false'], env);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const state = JSON.parse(await readFile(join(tf.dir, 'terraform.tfstate'), 'utf8')) as {
      resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
    };
    const key = state.resources.find((r) => r.type === 'keyward_api_key')?.instances[0]?.attributes ?? {};
    const keyId = String(key['id']);
    expect(keyId).toMatch(/^\S{32}$/);
    expect(await readFile(join(secretsDir, 'EDGE_PURGE_KEY.keyid'), 'utf8')).toBe(keyId);
    const secret = await readFile(join(secretsDir, 'EDGE_PURGE_KEY'), 'utf8');
    expect(secret.startsWith(keyId)).toBe(true);
    expect(await verify(secret)).toBe('VALID');

    const plan = await tf.run(['plan', '-detailed-exitcode', '-no-color', '-input=false'], env);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    const destroy = await tf.run(['destroy', '-auto-approve', '-no-color', '-input=false'], env);
    expect(destroy.stderr).toBe('');
    expect(destroy.code).toBe(0);
    expect(await readdir(secretsDir)).toEqual([]);
    expect(await verify(secret)).toBe('NOT_FOUND');

    for (const text of [...tf.transcript, await readFile(join(tf.dir, 'terraform.tfstate.backup'), 'utf8')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(service.adminKey);
    }
  });
});
