// The kill matrix for the Terraform provider: real `terraform apply`, the provider process SIGKILLed mid-create at
// every step a dry run emits, then one fresh apply; custody checked on the live service, no secret in state or output.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_AT_VARIABLE, EVENT_LOG_VARIABLE } from '../../src/kernel/crash-points.js';
import { mapLimit } from '../../src/core/apply/limit.js';
import {
  TERRAFORM_HEADER,
  terraformWorkspace,
  type TerraformResult,
  type TerraformWorkspace,
} from '../terraform/support/terraform-cli.js';
import { createCell, custodyProblems, leaks, SECRET_NAME, type Cell } from './support/custody-cell.js';
import { startServe, type ServeProcess } from './support/processes.js';

let service: ServeProcess;
let tf: TerraformWorkspace;
let root: string;

function config(cell: Cell): string {
  return `
provider "keyward" {}

resource "keyward_service_user" "u" {
  name = "${cell.user}"
}

resource "keyward_api_key" "deploy" {
  service_user = keyward_service_user.u.name
  name         = "deploy"
  generation   = 1
  expires_in   = "90d"
  secret_store {
    type       = "file"
    path       = "${join(cell.dir, 'secrets.age')}"
    recipients = ["${cell.recipient}"]
    name       = "${SECRET_NAME}"
  }
}
`;
}

/** The cell's own terraform directory (config, state), sharing the workspace's initialised .terraform and lock file. */
async function useCell(cell: Cell): Promise<void> {
  await mkdir(join(cell.dir, 'tf'), { recursive: true });
  await writeFile(join(cell.dir, 'tf', 'main.tf'), TERRAFORM_HEADER + config(cell));
  await copyFile(join(tf.dir, '.terraform.lock.hcl'), join(cell.dir, 'tf', '.terraform.lock.hcl')).catch(
    () => undefined,
  );
}

function terraform(cell: Cell, args: readonly string[], extra: Record<string, string> = {}): Promise<TerraformResult> {
  const env = {
    KEYWARD_URL: service.url,
    KEYWARD_API_KEY: service.adminKey,
    KEYWARD_AGE_IDENTITY: join(cell.dir, 'identity.txt'),
    TF_DATA_DIR: join(tf.dir, '.terraform'),
  };
  return tf.run([`-chdir=${join(cell.dir, 'tf')}`, ...args, '-no-color', '-input=false'], { ...env, ...extra });
}

async function steps(log: string): Promise<string[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { step: string | null }).step)
    .filter((s): s is string => s !== null);
}

function pointsOf(stepList: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return stepList.map((step) => {
    const n = (seen.get(step) ?? 0) + 1;
    seen.set(step, n);
    return `${step}#${n}`;
  });
}

beforeAll(async () => {
  [service, tf] = await Promise.all([startServe(), terraformWorkspace()]);
  root = await mkdtemp(join(tmpdir(), 'keyward-kill-tf-'));
}, 180_000);

afterAll(async () => {
  await service?.stop();
  await tf?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function runCell(id: string, point: string): Promise<string[]> {
  const cell = await createCell(root, id, ['file'], service);
  await useCell(cell);
  const log = join(cell.dir, 'events.jsonl');
  const problems: string[] = [];
  const secrets = new Set<string>();
  const remember = async (): Promise<void> => {
    for (const h of await cell.holdings()) if (h.secret !== null) secrets.add(h.secret);
  };
  const killed = await terraform(cell, ['apply', '-auto-approve'], {
    [CRASH_AT_VARIABLE]: point,
    [EVENT_LOG_VARIABLE]: log,
  });
  const [step = '', n = '1'] = point.split('#');
  const reached = (await steps(log)).filter((s) => s === step).length >= Number(n);
  if (!reached || killed.code === 0)
    problems.push(`the provider was not killed at ${point} (terraform exit ${killed.code})`);
  await remember();
  const repaired = await terraform(cell, ['apply', '-auto-approve']);
  if (repaired.code !== 0)
    problems.push(`repair apply exited ${repaired.code}: ${repaired.stderr.trim().slice(0, 600)}`);
  const plan = await terraform(cell, ['plan', '-detailed-exitcode']);
  if (plan.code !== 0) problems.push(`plan -detailed-exitcode exits ${plan.code}: ${plan.stdout.trim().slice(-600)}`);
  await remember();
  problems.push(...(await custodyProblems(service, cell.user, await cell.holdings())));
  const state = await readFile(join(cell.dir, 'tf', 'terraform.tfstate'), 'utf8').catch(() => '');
  problems.push(...leaks([state, ...tf.transcript], [...secrets]).map((p) => `${p} (state or terraform output)`));
  return problems;
}

describe('terraform apply with the provider killed mid-create', () => {
  it('every cell converges after one fresh apply, custody kept, no secret in state', async () => {
    const dry = await createCell(root, 'dry', ['file'], service);
    await tf.writeConfig(config(dry));
    const init = await tf.run(['init', '-no-color', '-input=false']);
    expect(init.stdout).toContain('Terraform has been successfully initialized');
    await useCell(dry);
    const dryLog = join(dry.dir, 'events.jsonl');
    const first = await terraform(dry, ['apply', '-auto-approve'], { [EVENT_LOG_VARIABLE]: dryLog });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const points = pointsOf(await steps(dryLog));
    expect(points.length).toBeGreaterThan(2);
    // Cells share the key service and the provider installation only: two at a time.
    const results = await mapLimit(points, 2, (point, i) => runCell(`tf-c${i}`, point));
    const failures = results.flatMap((problems, i) =>
      problems.length > 0 ? [`${points[i]}: ${problems.join('; ')}`] : [],
    );
    console.log(`kill matrix (terraform provider): ${points.length} cells, ${points.length - failures.length} hold`);
    expect(failures).toEqual([]);
  }, 900_000);
});
