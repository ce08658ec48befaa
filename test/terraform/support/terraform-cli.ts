// Runs the real terraform binary against a freshly packaged terraform-provider-keyward through a filesystem mirror.
// Terraform never reaches the network: CLI config with only the mirror, no plugin cache, checkpoint disabled.
import { runProcess } from '../../support/run-process.js';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageProvider, type PackagedProvider } from '../../../src/terraform/package.js';

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformWorkspace {
  readonly dir: string;
  readonly provider: PackagedProvider;
  /** The environment every run starts from (mirror-only CLI config, no network, this Node for the provider). */
  readonly env: Readonly<Record<string, string>>;
  /** Every byte terraform printed so far, for "no secret anywhere" assertions. */
  readonly transcript: string[];
  writeConfig(hcl: string): Promise<void>;
  run(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<TerraformResult>;
  close(): Promise<void>;
}

export const TERRAFORM_HEADER = `terraform {
  required_providers {
    keyward = { source = "keyward.dev/keyward/keyward" }
  }
}
`;

/** Packages the provider into a temp dir and prepares a working directory that installs it from the mirror. */
export async function terraformWorkspace(): Promise<TerraformWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'keyward-tf-'));
  const provider = await packageProvider({ outDir: join(root, 'dist') });
  const dir = join(root, 'work');
  const home = join(root, 'home');
  await mkdir(dir);
  await mkdir(home);
  const cliConfig = join(root, 'cli.tfrc');
  await writeFile(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(provider.mirrorDir)}\n    include = ["keyward.dev/*/*"]\n  }\n}\n`,
  );
  const transcript: string[] = [];
  const baseEnv: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    KEYWARD_NODE: process.execPath,
  };
  return {
    dir,
    provider,
    env: baseEnv,
    transcript,
    writeConfig: (hcl) => writeFile(join(dir, 'main.tf'), TERRAFORM_HEADER + hcl),
    async run(args, env = {}) {
      const started = Date.now();
      const result = await runProcess('terraform', args, { cwd: dir, env: { ...baseEnv, ...env } });
      transcript.push(result.stdout, result.stderr);
      if (process.env['KEYWARD_TF_TIMING']) process.stderr.write(`terraform ${args[0]} ${Date.now() - started}ms\n`);
      return result;
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}
