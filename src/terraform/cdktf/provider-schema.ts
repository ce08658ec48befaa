// Reads terraform-provider-keyward's schema the way `cdktf get` would: package the provider into a filesystem
// mirror, `terraform init` offline in a temp dir, `terraform providers schema -json`. Never touches the network.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userError } from '../../kernel/errors.js';
import { packageProvider, PROVIDER_SOURCE } from '../package.js';

/**
 * The parts of `terraform providers schema -json` the generator reads, plus `provider_versions` as `cdktf get` adds.
 */
export interface ProviderSchemaJson {
  readonly format_version: string;
  readonly provider_schemas: Readonly<Record<string, unknown>>;
  readonly provider_versions: Readonly<Record<string, string>>;
}

export interface ReadSchemaOptions {
  /** Terraform binary; default `terraform` from PATH. */
  readonly terraform?: string;
  /** PATH for terraform; default this process's PATH. */
  readonly path?: string;
}

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (e) =>
      reject(userError('terraform.binary-missing', `could not run ${command}: ${e.message}`, { cause: e })),
    );
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

async function terraformOrFail(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw userError(
      'terraform.failed',
      `terraform ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return result.stdout;
}

/** Packages the provider from this checkout and returns its schema JSON, with `provider_versions` filled in. */
export async function readProviderSchema(options: ReadSchemaOptions = {}): Promise<ProviderSchemaJson> {
  const root = await mkdtemp(join(tmpdir(), 'keyward-cdktf-schema-'));
  try {
    const provider = await packageProvider({ outDir: join(root, 'dist') });
    const work = join(root, 'work');
    const home = join(root, 'home');
    await mkdir(work);
    await mkdir(home);
    const cliConfig = join(root, 'cli.tfrc');
    await writeFile(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(provider.mirrorDir)}\n    include = ["keyward.dev/*/*"]\n  }\n}\n`,
    );
    await writeFile(
      join(work, 'main.tf'),
      `terraform {\n  required_providers {\n    keyward = { source = "${PROVIDER_SOURCE}", version = "${provider.version}" }\n  }\n}\n`,
    );
    const env: Record<string, string> = {
      PATH: options.path ?? process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: home,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      KEYWARD_NODE: process.execPath,
    };
    const terraform = options.terraform ?? 'terraform';
    await terraformOrFail(terraform, ['init', '-no-color', '-backend=false'], work, env);
    const text = await terraformOrFail(terraform, ['providers', 'schema', '-json'], work, env);
    const parsed = JSON.parse(text) as { format_version?: unknown; provider_schemas?: unknown };
    const schemas = parsed.provider_schemas;
    if (typeof schemas !== 'object' || schemas === null || !(PROVIDER_SOURCE in schemas)) {
      throw userError(
        'terraform.schema-missing',
        `terraform providers schema -json did not describe ${PROVIDER_SOURCE}`,
      );
    }
    return {
      format_version: String(parsed.format_version),
      provider_schemas: { [PROVIDER_SOURCE]: (schemas as Record<string, unknown>)[PROVIDER_SOURCE] },
      provider_versions: { [PROVIDER_SOURCE]: provider.version },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
