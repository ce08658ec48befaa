// examples/cdktf synthesized in-process (cdktf App) and applied with the real terraform through the provider's
// filesystem mirror against an in-process key service: resources exist, a second plan is empty, no secret leaks.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleApp, type ExampleAppOptions } from '../../../examples/cdktf/main.js';
import { bumpGenerationsInText } from '../../../src/core/manifest/edit-generation.js';
import { cdktfFixture, readAll, type CdktfFixture, type RemoteKey } from './support/cdktf-fixture.js';

const EXAMPLE_DIR = join(import.meta.dirname, '..', '..', '..', 'examples', 'cdktf');

interface RemoteUser {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

interface RemoteGroup {
  readonly name: string;
  readonly account_alerts: boolean;
}

interface RemoteRole {
  readonly name: string;
  readonly permissions: readonly string[];
}

/** terraform runs against a live key service; generous under a loaded parallel test run. */
const APPLY_TIMEOUT_MS = 180_000;

describe('examples/cdktf applied with terraform', () => {
  let fx: CdktfFixture;
  let outdir: string;
  let manifestDir: string;
  let options: ExampleAppOptions;
  const secrets = new Set<string>();
  const stackDir = (name: string) => join(outdir, 'stacks', name);
  const ok = async (stack: string, args: string[]) => {
    const interactive = ['init', 'plan', 'apply', 'destroy'].includes(args[0] ?? '');
    const result = await fx.terraform(stackDir(stack), [
      ...args,
      '-no-color',
      ...(interactive ? ['-input=false'] : []),
    ]);
    expect(result.code, `terraform ${args.join(' ')} in ${stack}\n${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).not.toMatch(/inconsistent|Provider produced/i);
    return result;
  };
  const keysOf = async (user: string) =>
    (await fx.list<RemoteKey>(`/v2/api_keys?_filter=${encodeURIComponent(`user_name=="${user}"`)}`))
      .map((k) => k.name)
      .sort();

  beforeAll(async () => {
    fx = await cdktfFixture();
    secrets.add(fx.adminKey);
    outdir = join(fx.tf.dir, 'cdktf.out');
    manifestDir = join(fx.tf.dir, 'manifests');
    await mkdir(manifestDir);
    // The example manifest, copied so its file store (secrets/payments.age, next to it) lands in the temp dir.
    await copyFile(join(EXAMPLE_DIR, 'keyward.yaml'), join(manifestDir, 'keyward.yaml'));
    options = {
      outdir,
      recipients: [fx.recipient],
      secretsFile: join(fx.tf.dir, 'example.age'),
      manifests: ['keyward.yaml'],
      cwd: manifestDir,
      env: { KEYWARD_AGE_RECIPIENT: fx.recipient },
      stateDir: fx.tf.dir,
    };
    (await buildExampleApp(options)).synth();
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('synthesizes both stacks for the keyward provider from the mirror', async () => {
    expect((await readdir(join(outdir, 'stacks'))).sort()).toEqual(['keyward-example', 'keyward-manifest']);
    for (const stack of ['keyward-example', 'keyward-manifest']) {
      const init = await ok(stack, ['init']);
      expect(init.stdout).toContain('Installing keyward.dev/keyward/keyward v0.1.0');
    }
  });

  it(
    'creates the service user and both keys with rotation settings; secrets land in the age file',
    async () => {
      await ok('keyward-example', ['apply', '-auto-approve']);
      const users = await fx.list<RemoteUser>(`/v2/users?_filter=${encodeURIComponent('name=="payments-deployer"')}`);
      expect(users).toMatchObject([{ name: 'payments-deployer', type: 'service', description: 'deploys payments' }]);
      expect(await keysOf('payments-deployer')).toEqual(['batch', 'deploy']);
      const stored = await fx.readSecrets(join(fx.tf.dir, 'example.age'));
      expect(Object.keys(stored).sort()).toEqual(['PAYMENTS_BATCH_KEY', 'PAYMENTS_DEPLOY_KEY']);
      for (const entry of Object.values(stored)) {
        secrets.add(entry.value);
        expect(await fx.verify(entry.value)).toBe('VALID');
      }
      const outputs = JSON.parse((await ok('keyward-example', ['output', '-json'])).stdout) as Record<
        string,
        { value: string }
      >;
      expect(outputs['deploy_key_id']?.value).toBe(stored['PAYMENTS_DEPLOY_KEY']?.keyId);
      const state = JSON.parse((await ok('keyward-example', ['show', '-json'])).stdout) as {
        values: { root_module: { resources: { type: string; values: Record<string, unknown> }[] } };
      };
      const keys = state.values.root_module.resources.filter((r) => r.type === 'keyward_api_key').map((r) => r.values);
      expect(keys).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'deploy',
            generation: 1,
            rotate_before: '14d',
            expires_in: '90d',
            state: 'enabled',
          }),
          expect.objectContaining({
            name: 'batch',
            generation: 1,
            rotate_before: '7d',
            expires_in: '30d',
            state: 'enabled',
          }),
        ]),
      );
      const plan = await fx.terraform(stackDir('keyward-example'), [
        'plan',
        '-detailed-exitcode',
        '-no-color',
        '-input=false',
      ]);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    },
    APPLY_TIMEOUT_MS,
  );

  it(
    'applies the KeywardManifest stack: the manifest role, group, users and keys exist, secrets next to the manifest',
    async () => {
      await ok('keyward-manifest', ['apply', '-auto-approve']);
      const roles = await fx.list<RemoteRole>(
        `/v2/roles?_filter=${encodeURIComponent('name=="Payments Keys Create"')}`,
      );
      expect(roles).toMatchObject([{ permissions: ['service_api_key.create'] }]);
      const groups = await fx.list<RemoteGroup>(
        `/v2/groups?_filter=${encodeURIComponent('name=="payments-pipelines"')}`,
      );
      expect(groups).toMatchObject([{ account_alerts: true }]);
      const users = await fx.list<RemoteUser>(`/v2/users?_filter=${encodeURIComponent('name=="payments-ci"')}`);
      expect(users).toMatchObject([
        { name: 'payments-ci', type: 'service', description: 'Runs the payments pipelines' },
      ]);
      expect(await keysOf('payments-ci')).toEqual(['deploy', 'smoke']);
      const stored = await fx.readSecrets(join(manifestDir, 'secrets', 'payments.age'));
      expect(Object.keys(stored).sort()).toEqual(['PAYMENTS_CI_DEPLOY_KEY', 'PAYMENTS_CI_SMOKE_KEY']);
      for (const entry of Object.values(stored)) {
        secrets.add(entry.value);
        expect(await fx.verify(entry.value)).toBe('VALID');
      }
      const plan = await fx.terraform(stackDir('keyward-manifest'), [
        'plan',
        '-detailed-exitcode',
        '-no-color',
        '-input=false',
      ]);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    },
    APPLY_TIMEOUT_MS,
  );

  it(
    'rotates a key when the manifest generation is bumped the way a rotation pull request does',
    async () => {
      const manifest = join(manifestDir, 'keyward.yaml');
      const before = await fx.readSecrets(join(manifestDir, 'secrets', 'payments.age'));
      const bumped = bumpGenerationsInText(await readFile(manifest, 'utf8'), 'keyward.yaml', [
        { serviceUser: 'payments-ci', key: 'deploy', from: 1 },
      ]);
      await writeFile(manifest, bumped.text);
      (await buildExampleApp(options)).synth();
      const applied = await ok('keyward-manifest', ['apply', '-auto-approve']);
      expect(applied.stdout).toContain('1 added, 0 changed, 1 destroyed');
      expect(await keysOf('payments-ci')).toEqual(['deploy#2', 'smoke']);
      const after = await fx.readSecrets(join(manifestDir, 'secrets', 'payments.age'));
      const rotated = after['PAYMENTS_CI_DEPLOY_KEY']?.value ?? '';
      secrets.add(rotated);
      expect(rotated).not.toBe(before['PAYMENTS_CI_DEPLOY_KEY']?.value);
      expect(await fx.verify(rotated)).toBe('VALID');
      expect(await fx.verify(before['PAYMENTS_CI_DEPLOY_KEY']?.value ?? '')).toBe('NOT_FOUND');
      const plan = await fx.terraform(stackDir('keyward-manifest'), [
        'plan',
        '-detailed-exitcode',
        '-no-color',
        '-input=false',
      ]);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    },
    APPLY_TIMEOUT_MS,
  );

  it('keeps every secret out of the synthesized JSON, the state and all terraform output', async () => {
    const files = [
      join(outdir, 'manifest.json'),
      join(stackDir('keyward-example'), 'cdk.tf.json'),
      join(stackDir('keyward-manifest'), 'cdk.tf.json'),
      join(fx.tf.dir, 'terraform.keyward-example.tfstate'),
      join(fx.tf.dir, 'terraform.keyward-manifest.tfstate'),
    ];
    const everything = (await readAll(files)) + fx.tf.transcript.join('\n');
    expect(secrets.size).toBe(6);
    for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
    // The key IDs (the first 32 characters, not secret) are in the state: the check above looks at the right files.
    for (const secret of secrets) if (secret !== fx.adminKey) expect(everything).toContain(secret.slice(0, 32));
  });

  it(
    'destroys what it created',
    async () => {
      await ok('keyward-example', ['destroy', '-auto-approve']);
      await ok('keyward-manifest', ['destroy', '-auto-approve']);
      expect(await keysOf('payments-deployer')).toEqual([]);
      expect(await keysOf('payments-ci')).toEqual([]);
      expect(await fx.list<RemoteUser>(`/v2/users?_filter=${encodeURIComponent('type=="service"')}`)).toEqual([]);
      expect(
        await fx.list<RemoteGroup>(`/v2/groups?_filter=${encodeURIComponent('name=="payments-pipelines"')}`),
      ).toEqual([]);
      expect(
        await fx.list<RemoteRole>(`/v2/roles?_filter=${encodeURIComponent('name=="Payments Keys Create"')}`),
      ).toEqual([]);
    },
    APPLY_TIMEOUT_MS,
  );
});
