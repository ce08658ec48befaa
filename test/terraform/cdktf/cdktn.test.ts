// The same generated bindings, example and KeywardManifest under cdktn (CDK Terrain, CDKTF's community
// continuation): `cdktf` resolved to cdktn as an npm alias would, synthesized by cdktn's App, applied by terraform.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleApp, type ExampleAppOptions } from '../../../examples/cdktf/main.js';
import { cdktfFixture, type CdktfFixture, type RemoteKey } from './support/cdktf-fixture.js';

const run = promisify(execFile);
const SUPPORT = join(import.meta.dirname, 'support');
const EXAMPLE_DIR = join(import.meta.dirname, '..', '..', '..', 'examples', 'cdktf');
const STACKS = ['keyward-example', 'keyward-manifest'] as const;

/** Drops the `//` metadata objects (they name the library and its version); the rest is what terraform reads. */
function terraformView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(terraformView);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '//')
      .map(([k, v]) => [k, terraformView(v)]),
  );
}

/** terraform runs against a live key service; generous under a loaded parallel test run. */
const APPLY_TIMEOUT_MS = 180_000;

describe('generated bindings under cdktn', () => {
  let fx: CdktfFixture;
  let options: Omit<ExampleAppOptions, 'outdir'>;
  let resolvedCdktf: string;
  const outdir = (library: string) => join(fx.tf.dir, `${library}.out`);
  const stackJson = async (library: string, stack: string) =>
    JSON.parse(await readFile(join(outdir(library), 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Record<
      string,
      unknown
    > & {
      '//': { metadata: { version: string } };
    };
  const tfOk = async (stack: string, args: string[]) => {
    const result = await fx.terraform(join(outdir('cdktn'), 'stacks', stack), [...args, '-no-color', '-input=false']);
    expect(result.code, `${stack}: terraform ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };
  const keysOf = async (user: string) =>
    (await fx.list<RemoteKey>(`/v2/api_keys?_filter=${encodeURIComponent(`user_name=="${user}"`)}`))
      .map((k) => k.name)
      .sort();

  beforeAll(async () => {
    fx = await cdktfFixture();
    const manifestDir = join(fx.tf.dir, 'manifests');
    await mkdir(manifestDir);
    await copyFile(join(EXAMPLE_DIR, 'keyward.yaml'), join(manifestDir, 'keyward.yaml'));
    options = {
      recipients: [fx.recipient],
      secretsFile: join(fx.tf.dir, 'example.age'),
      manifests: ['keyward.yaml'],
      cwd: manifestDir,
      env: { KEYWARD_AGE_RECIPIENT: fx.recipient },
      stateDir: fx.tf.dir,
    };
    // cdktn: the unchanged example and bindings in a child process whose `cdktf` imports load cdktn.
    const child = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        join(SUPPORT, 'cdktn-alias.mjs'),
        join(SUPPORT, 'synth-example.ts'),
        JSON.stringify({ ...options, outdir: outdir('cdktn') }),
      ],
      { cwd: join(EXAMPLE_DIR, '..', '..') },
    );
    resolvedCdktf = (JSON.parse(child.stdout) as { cdktf: string }).cdktf;
    // cdktf: the same app in this process, for comparison.
    (await buildExampleApp({ ...options, outdir: outdir('cdktf') })).synth();
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('synthesizes with cdktn: its App wrote the stacks', async () => {
    expect(resolvedCdktf).toMatch(/\/node_modules\/cdktn\//);
    const cdktnVersion = (
      JSON.parse(await readFile(join(EXAMPLE_DIR, '..', '..', 'node_modules', 'cdktn', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    for (const stack of STACKS) {
      expect((await stackJson('cdktn', stack))['//'].metadata.version).toBe(cdktnVersion);
      expect((await stackJson('cdktf', stack))['//'].metadata.version).not.toBe(cdktnVersion);
    }
  });

  it('produces the same Terraform configuration as cdktf', async () => {
    for (const stack of STACKS) {
      expect(terraformView(await stackJson('cdktn', stack)), stack).toEqual(
        terraformView(await stackJson('cdktf', stack)),
      );
    }
  });

  it(
    'applies the cdktn-synthesized stacks: users and keys on the key service, empty second plans, clean destroy',
    async () => {
      for (const stack of STACKS) {
        await tfOk(stack, ['init']);
        await tfOk(stack, ['apply', '-auto-approve']);
      }
      expect(await keysOf('payments-deployer')).toEqual(['batch', 'deploy']);
      expect(await keysOf('payments-ci')).toEqual(['deploy', 'smoke']);
      const stored = {
        ...(await fx.readSecrets(join(fx.tf.dir, 'example.age'))),
        ...(await fx.readSecrets(join(fx.tf.dir, 'manifests', 'secrets', 'payments.age'))),
      };
      expect(Object.keys(stored).sort()).toEqual([
        'PAYMENTS_BATCH_KEY',
        'PAYMENTS_CI_DEPLOY_KEY',
        'PAYMENTS_CI_SMOKE_KEY',
        'PAYMENTS_DEPLOY_KEY',
      ]);
      for (const stack of STACKS) {
        const plan = await fx.terraform(join(outdir('cdktn'), 'stacks', stack), [
          'plan',
          '-detailed-exitcode',
          '-no-color',
          '-input=false',
        ]);
        expect(plan.code, plan.stdout + plan.stderr).toBe(0);
        await tfOk(stack, ['destroy', '-auto-approve']);
      }
      expect(await keysOf('payments-deployer')).toEqual([]);
      expect(await keysOf('payments-ci')).toEqual([]);
      const transcript = fx.tf.transcript.join('\n');
      for (const secret of [fx.adminKey, ...Object.values(stored).map((s) => s.value)])
        expect(transcript.includes(secret)).toBe(false);
    },
    APPLY_TIMEOUT_MS,
  );
});
