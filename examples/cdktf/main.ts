// The example CDKTF app: `keyward-example` (hand-written resources) and `keyward-manifest` (keyward.yaml through
// the KeywardManifest construct). Run `npx tsx examples/cdktf/main.ts`; credentials stay in the environment.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { KeywardManifest } from '../../src/terraform/cdktf/keyward-manifest.js';
import { KeywardExampleStack } from './example-stack.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ExampleAppOptions {
  /** Where synth writes (manifest.json and stacks/<name>/cdk.tf.json). */
  readonly outdir: string;
  readonly recipients: readonly string[];
  /** The age file of the hand-written stack. */
  readonly secretsFile: string;
  readonly url?: string;
  /** keyward manifests for the manifest stack, resolved against cwd. */
  readonly manifests: readonly string[];
  readonly cwd: string;
  /** What `${VAR}` references in the manifests read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where each stack keeps its local state (terraform.<stack>.tfstate); default: the directory synth runs in. */
  readonly stateDir?: string;
}

/** Builds both stacks in a cdktf App (call synth() on it). */
export async function buildExampleApp(options: ExampleAppOptions): Promise<App> {
  const app = new App({ outdir: options.outdir });
  const example = new KeywardExampleStack(app, 'keyward-example', {
    recipients: options.recipients,
    secretsFile: options.secretsFile,
    ...(options.url !== undefined && { url: options.url }),
  });
  const manifestStack = new TerraformStack(app, 'keyward-manifest');
  const stateDir = options.stateDir;
  if (stateDir !== undefined) {
    for (const stack of [example, manifestStack])
      new LocalBackend(stack, { path: join(stateDir, `terraform.${stack.node.id}.tfstate`) });
  }
  await KeywardManifest.load(manifestStack, 'payments', {
    paths: options.manifests,
    cwd: options.cwd,
    env: options.env,
  });
  return app;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const recipient = env['KEYWARD_AGE_RECIPIENT'];
  if (recipient === undefined || recipient === '') {
    process.stderr.write('set KEYWARD_AGE_RECIPIENT to the age recipient (age1...) that may read the secrets files\n');
    process.exit(1);
  }
  try {
    const app = await buildExampleApp({
      outdir: env['CDKTF_OUTDIR'] ?? join(HERE, 'cdktf.out'),
      recipients: [recipient],
      secretsFile: resolve(HERE, 'secrets', 'example.age'),
      manifests: [join(HERE, 'keyward.yaml')],
      cwd: HERE,
      env,
    });
    app.synth();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
