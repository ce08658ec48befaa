// KeywardManifest: the synthesized JSON declares exactly the manifest's users and keys (the same manifests the CLI
// demo plans), with rotation settings, secret stores and providers mapped; bad manifests fail with locations.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allKeys, allServiceUsers, loadManifests } from '../../../src/core/manifest/index.js';
import { isKeywardError } from '../../../src/kernel/errors.js';
import { KeywardManifest } from '../../../src/terraform/cdktf/keyward-manifest.js';
import { provider } from '../../../src/terraform/generated/keyward/index.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

interface SynthStack {
  readonly provider: { keyward: Record<string, unknown>[] };
  readonly resource: {
    keyward_service_user: Record<string, Record<string, unknown>>;
    keyward_api_key?: Record<string, Record<string, unknown>>;
    keyward_group?: Record<string, Record<string, unknown>>;
    keyward_role?: Record<string, Record<string, unknown>>;
  };
}

let dir: string;
let runs = 0;

/** Synthesizes one stack holding a KeywardManifest over the given manifests and returns its JSON. */
async function synth(paths: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<SynthStack> {
  const outdir = join(dir, `out-${++runs}`);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'stack');
  await KeywardManifest.load(stack, 'manifests', { paths, cwd, env });
  app.synth();
  return JSON.parse(await readFile(join(outdir, 'stacks', 'stack', 'cdk.tf.json'), 'utf8')) as SynthStack;
}

const users = (s: SynthStack) => Object.values(s.resource.keyward_service_user);
const keys = (s: SynthStack) => Object.values(s.resource.keyward_api_key ?? {});
/** A key's service_user is a reference to its user resource; resolve it to the user's name. */
function ownerOf(s: SynthStack, key: Record<string, unknown>): string {
  const match = /^\$\{keyward_service_user\.([^.]+)\.name\}$/.exec(String(key['service_user']));
  return String(s.resource.keyward_service_user[match?.[1] ?? '']?.['name']);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cdktf-manifest-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('KeywardManifest', () => {
  it('declares exactly the users and keys the demo manifests hold, one aliased provider per manifest', async () => {
    const env = { KEYWARD_DEMO_RECIPIENT: RECIPIENT };
    const paths = ['examples/demo'];
    const loaded = await loadManifests(paths, { cwd: REPO, env });
    if (!loaded.ok) throw new Error('demo manifests must load');
    const out = await synth(paths, REPO, env);
    expect(
      users(out)
        .map((u) => u['name'])
        .sort(),
    ).toEqual(
      allServiceUsers(loaded.model)
        .map((u) => u.name)
        .sort(),
    );
    expect(
      keys(out)
        .map((k) => `${ownerOf(out, k)}/${String(k['name'])}`)
        .sort(),
    ).toEqual(
      allKeys(loaded.model)
        .map((k) => `${k.serviceUser}/${k.name}`)
        .sort(),
    );
    expect(out.provider.keyward.map((p) => p['alias']).sort()).toEqual(['batch', 'monitoring', 'payments']);
    const scraper = Object.values(out.resource.keyward_service_user).find((u) => u['name'] === 'metrics-scraper');
    expect(scraper).toMatchObject({
      provider: 'keyward.monitoring',
      groups: [expect.stringMatching(/^\$\{keyward_group\.[^.]*observability[^.]*\.name\}$/)],
      description: 'Reads key usage for dashboards',
    });
  });

  it('declares roles and groups; a declared name becomes a reference, so Terraform creates it first', async () => {
    const paths = ['examples/groups/platform-access.yaml'];
    const out = await synth(paths, REPO, { KEYWARD_AGE_RECIPIENT: RECIPIENT });
    const roles = Object.entries(out.resource.keyward_role ?? {});
    expect(roles.map(([, r]) => r).sort((a, b) => String(a['name']).localeCompare(String(b['name'])))).toMatchObject([
      { provider: 'keyward', name: 'Service API Keys Create', permissions: ['service_api_key.create'] },
      { provider: 'keyward', name: 'User Manage', permissions: ['user.manage'] },
    ]);
    const refOf = (type: string, name: string, entries: [string, Record<string, unknown>][]) =>
      `\${${type}.${entries.find(([, r]) => r['name'] === name)?.[0]}.name}`;
    const groups = Object.entries(out.resource.keyward_group ?? {});
    const admins = groups.find(([, g]) => g['name'] === 'key-admins')?.[1];
    expect(admins).not.toHaveProperty('account_alerts');
    expect(admins).toMatchObject({
      provider: 'keyward',
      name: 'key-admins',
      description: 'Create service users and their keys',
      roles: [refOf('keyward_role', 'User Manage', roles), refOf('keyward_role', 'Service API Keys Create', roles)],
    });
    expect(groups.find(([, g]) => g['name'] === 'key-expiry-alerts')?.[1]).toMatchObject({ account_alerts: true });
    expect(users(out)).toMatchObject([
      {
        name: 'provisioner',
        groups: [refOf('keyward_group', 'key-admins', groups), refOf('keyward_group', 'key-expiry-alerts', groups)],
      },
    ]);
  });

  it('keeps names nobody declares as written: built-in roles and groups made elsewhere', async () => {
    await writeFile(
      join(dir, 'builtin.yaml'),
      `apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: builtin }
provider: { driver: keyward }
groups:
  - name: admins-too
    roles: [All Access]
serviceUsers:
  - name: bot
    groups: [admins-too, Administrators]
`,
    );
    const out = await synth(['builtin.yaml'], dir);
    const declared = Object.values(out.resource.keyward_group ?? {});
    expect(declared).toMatchObject([{ provider: 'keyward', name: 'admins-too', roles: ['All Access'] }]);
    expect(declared[0]).not.toHaveProperty('description');
    expect(out.resource.keyward_role).toBeUndefined();
    expect(users(out)[0]?.['groups']).toEqual([
      expect.stringMatching(/^\$\{keyward_group\..+\.name\}$/),
      'Administrators',
    ]);
  });

  it('maps generation, state, expiry, rotate_before and the secret store of each key', async () => {
    const out = await synth(['examples/demo'], REPO, { KEYWARD_DEMO_RECIPIENT: RECIPIENT });
    const byName = new Map(keys(out).map((k) => [`${ownerOf(out, k)}/${String(k['name'])}`, k]));
    expect(byName.get('payments-deployer/deploy')).toMatchObject({
      generation: 1,
      state: 'enabled',
      expires_in: '90d',
      rotate_before: '14d',
      lifecycle: { create_before_destroy: true },
      secret_store: {
        type: 'file',
        name: 'PAYMENTS_DEPLOY_KEY',
        path: join(REPO, 'examples', 'demo', 'secrets.age'),
        recipients: [RECIPIENT],
      },
    });
    expect(byName.get('payments-deployer/smoke-test')).toMatchObject({ expires_in: '30d', rotate_before: '7d' });
    expect(byName.get('billing-batch/legacy-export')).toMatchObject({
      state: 'disabled',
      expires_in: '6mo',
      rotate_before: '30d',
    });
    expect(byName.get('billing-batch/legacy-export')).not.toHaveProperty('secret_store');
    // Durations stay as written (`12w`, the defaults' `6mo`): the provider reads the manifests' grammar.
    expect(byName.get('metrics-scraper/scrape')).toMatchObject({ expires_in: '12w' });
  });

  it('writes expires_at for a fixed expiry, the github store fields, and the manifest driver and url on its provider', async () => {
    await writeFile(
      join(dir, 'ci.yaml'),
      `apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: ci }
provider: { driver: infoblox, url: https://csp.example.com }
stores:
  gh: { type: github, repository: acme/payments, environment: production }
serviceUsers:
  - name: ci-bot
    keys:
      - name: push
        generation: 3
        expiresAt: 2027-03-01T00:00:00Z
        secret: { store: gh, name: CI_PUSH_KEY }
`,
    );
    const out = await synth(['ci.yaml'], dir);
    expect(out.provider.keyward).toEqual([{ driver: 'infoblox', url: 'https://csp.example.com' }]);
    expect(keys(out)).toMatchObject([
      {
        name: 'push',
        generation: 3,
        expires_at: '2027-03-01T00:00:00Z',
        secret_store: { type: 'github', name: 'CI_PUSH_KEY', repository: 'acme/payments', environment: 'production' },
      },
    ]);
    expect(keys(out)[0]).not.toHaveProperty('expires_in');
  });

  it('attaches every resource to a provider the stack passes in and declares none itself', async () => {
    const outdir = join(dir, 'given-provider');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'stack');
    const given = new provider.KeywardProvider(stack, 'mine', { alias: 'mine', url: 'https://keys.example.com' });
    const env = { KEYWARD_DEMO_RECIPIENT: RECIPIENT };
    const construct = await KeywardManifest.load(stack, 'manifests', {
      paths: ['examples/demo'],
      cwd: REPO,
      env,
      provider: given,
    });
    app.synth();
    const out = JSON.parse(await readFile(join(outdir, 'stacks', 'stack', 'cdk.tf.json'), 'utf8')) as SynthStack;
    expect(out.provider.keyward).toEqual([{ alias: 'mine', url: 'https://keys.example.com' }]);
    expect(new Set([...users(out), ...keys(out)].map((r) => r['provider']))).toEqual(new Set(['keyward.mine']));
    expect([...construct.serviceUsers.keys()].sort()).toEqual([
      'billing-batch',
      'metrics-scraper',
      'payments-deployer',
      'payments-reporting',
    ]);
    expect(construct.apiKeys.size).toBe(keys(out).length);
  });

  it('refuses manifests with problems, naming file, line and column', async () => {
    await writeFile(
      join(dir, 'bad.yaml'),
      'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: bad }\nserviceUsers:\n  - nme: x\n',
    );
    const failure = await synth(['bad.yaml'], dir).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isKeywardError(failure) && failure.source).toBe('user');
    expect(String((failure as Error).message)).toMatch(/bad\.yaml:5:\d+/);
  });

  it('refuses a key delivered to two stores, since keyward_api_key has one secret_store block', async () => {
    await writeFile(
      join(dir, 'two.yaml'),
      `apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: two }
provider: { driver: keyward }
stores:
  a: { type: github, repository: acme/a }
  b: { type: github, repository: acme/b }
serviceUsers:
  - name: bot
    keys:
      - name: k
        secrets: [{ store: a, name: K }, { store: b, name: K }]
`,
    );
    const failure = await synth(['two.yaml'], dir).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(String((failure as Error).message)).toMatch(/two\.yaml:11:\d+ .*delivers to 2 stores/);
  });

  it('carries every store field a manifest sets: github visibility, exec describe, delete, env and timeout', async () => {
    await writeFile(
      join(dir, 'org.yaml'),
      `apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: org }
provider: { driver: keyward }
stores:
  org: { type: github, organization: acme, visibility: selected, repositories: [payments] }
  script:
    type: exec
    command: ["/opt/deliver", "write", "{name}"]
    describe: ["/opt/deliver", "describe", "{name}"]
    delete: ["/opt/deliver", "delete", "{name}"]
    env: { TARGET: edge }
    timeout: 45s
serviceUsers:
  - name: bot
    keys:
      - name: k
        secret: { store: org, name: K }
      - name: e
        secret: { store: script, name: E }
`,
    );
    const out = await synth(['org.yaml'], dir);
    const byName = new Map(keys(out).map((k) => [String(k['name']), k]));
    expect(byName.get('k')?.['secret_store']).toEqual({
      type: 'github',
      name: 'K',
      organization: 'acme',
      visibility: 'selected',
      repositories: ['payments'],
    });
    expect(byName.get('e')?.['secret_store']).toEqual({
      type: 'exec',
      name: 'E',
      command: ['/opt/deliver', 'write', '{name}'],
      describe: ['/opt/deliver', 'describe', '{name}'],
      delete: ['/opt/deliver', 'delete', '{name}'],
      env: { TARGET: 'edge' },
      timeout: '45s',
    });
  });
});
