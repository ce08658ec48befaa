// bench/terraform: plan with no changes over 1,000 keys three ways in one run — `terraform plan` through keyward's
// provider, `keyward plan`, and Terraform's own floor (1,000 `terraform_data`, no provider). Ratios only.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { createDriver } from '../../src/drivers/registry.js';
import { startKeyService } from '../../src/keyservice/server.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { seedKeys, seededUserName } from '../support/seed-keys.js';
import { terraformWorkspace } from '../../test/terraform/support/terraform-cli.js';

const run = promisify(execFile);
const USERS = Number(process.env.KEYWARD_BENCH_TF_USERS ?? 100);
const KEYS_PER_USER = 10;
const root = join(import.meta.dirname, '..', '..');

function terraformConfig(expiresAt: string): string {
  return `provider "keyward" {}

locals {
  keys = { for pair in setproduct(range(${USERS}), range(${KEYS_PER_USER})) :
    "svc-\${format("%03d", pair[0])}/key-\${pair[1]}" => { user = "svc-\${format("%03d", pair[0])}", name = "key-\${pair[1]}" } }
}

resource "keyward_api_key" "k" {
  for_each     = local.keys
  service_user = each.value.user
  name         = each.value.name
  expires_at   = "${expiresAt}"
}
`;
}

/**
 * A Terraform state (format 4) holding every seeded key, as `terraform import` would leave it: importing 1,000 keys
 * through terraform first would make the bench mostly about importing. The plan then refreshes each one for real.
 */
async function stateFor(url: string, adminKey: string, expiresAt: string): Promise<object> {
  const observed = await createDriver({ driver: 'keyward', url }, { KEYWARD_API_KEY: adminKey }).observe();
  const users = new Map(observed.users.map((user) => [user.id, user.name]));
  const instances = observed.keys.map((key) => {
    const user = users.get(key.userId) ?? '';
    return {
      index_key: `${user}/${key.name}`,
      schema_version: 0,
      attributes: {
        id: key.id,
        service_user: user,
        name: key.name,
        generation: 1,
        remote_name: key.name,
        user_id: key.userId,
        state: key.state,
        expires_at: expiresAt,
        expires_in: null,
        rotate_before: null,
        created_at: key.createdAt.toISOString(),
        secret_store: null,
      },
    };
  });
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'keyward_api_key',
        name: 'k',
        provider: 'provider["keyward.dev/keyward/keyward"]',
        instances,
      },
    ],
  };
}

/** The same 1,000 addresses as plain `terraform_data`: what Terraform costs with no provider at all. */
function floorConfig(): string {
  return `locals {
  keys = { for pair in setproduct(range(${USERS}), range(${KEYS_PER_USER})) :
    "svc-\${format("%03d", pair[0])}/key-\${pair[1]}" => "key-\${pair[1]}" }
}

resource "terraform_data" "k" {
  for_each = local.keys
  input    = each.value
}
`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

export async function benchTerraform(): Promise<Record<string, number>> {
  const adminKey = randomBytes(32).toString('hex');
  const database = await openPgliteDatabase('memory://');
  const service = await startKeyService({ bootstrapKey: adminKey, database });
  const tf = await terraformWorkspace();
  const floor = await terraformWorkspace();
  const env = { KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey };
  try {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 300 * 86_400_000).toISOString();
    await seedKeys(database, { users: USERS, keysPerUser: KEYS_PER_USER, digits: 3, expiresAt });
    await tf.writeConfig(terraformConfig(expiresAt));
    const init = await tf.run(['init', '-input=false', '-no-color'], env);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stderr}`);
    await writeFile(
      join(tf.dir, 'terraform.tfstate'),
      JSON.stringify(await stateFor(service.url, adminKey, expiresAt)),
    );
    const plan = await timed(() => tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'], env));
    if (plan.value.code !== 0)
      throw new Error(
        `terraform plan was expected to find no changes (exit 0), got ${plan.value.code}:\n${plan.value.stdout.slice(-2000)}`,
      );

    await writeFile(join(floor.dir, 'main.tf'), floorConfig());
    for (const step of [
      ['init', '-input=false', '-no-color'],
      ['apply', '-auto-approve', '-input=false', '-no-color'],
    ]) {
      const done = await floor.run(step);
      if (done.code !== 0) throw new Error(`terraform ${step[0]} (terraform_data) failed:\n${done.stderr}`);
    }
    const floorPlan = await timed(() => floor.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']));
    if (floorPlan.value.code !== 0) throw new Error(`terraform_data plan found changes (exit ${floorPlan.value.code})`);

    const manifest = {
      apiVersion: 'keyward.dev/v1',
      kind: 'ServiceUsers',
      metadata: { name: 'bench' },
      provider: { driver: 'keyward' },
      serviceUsers: Array.from({ length: USERS }, (_, i) => ({
        name: seededUserName(i, 3),
        keys: Array.from({ length: KEYS_PER_USER }, (_, k) => ({ name: `key-${k}`, expiresAt })),
      })),
    };
    await writeFile(join(tf.dir, 'bench.yaml'), stringify(manifest));
    const keyward = await timed(() =>
      run(process.execPath, [join(root, 'bench/plan/measure-plan.mjs'), 'plan', 'bench.yaml', '--detailed-exitcode'], {
        cwd: tf.dir,
        env: { PATH: process.env.PATH, ...env },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((err: { stderr?: string }) => ({ stdout: '', stderr: err.stderr ?? '' })),
    );
    const line = keyward.value.stderr.split('\n').find((l) => l.startsWith('MEASURE '));
    if (!line) throw new Error(`keyward plan printed no measurement:\n${keyward.value.stderr.slice(-2000)}`);
    const measured = JSON.parse(line.slice('MEASURE '.length)) as { code: number; ms: number };
    if (measured.code !== 0)
      throw new Error(`keyward plan was expected to find no changes (exit 0), got ${measured.code}`);
    return {
      keys: USERS * KEYS_PER_USER,
      terraformPlanSeconds: plan.seconds,
      terraformDataPlanSeconds: floorPlan.seconds,
      keywardPlanSeconds: keyward.seconds,
      keywardPlanInProcessSeconds: measured.ms / 1000,
      ratio: plan.seconds / keyward.seconds,
    };
  } finally {
    await tf.close();
    await floor.close();
    await service.close();
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchTerraform();
  const floorSeconds = r.terraformDataPlanSeconds ?? NaN;
  const providerSeconds = r.terraformPlanSeconds ?? NaN;
  const keywardSeconds = r.keywardPlanSeconds ?? NaN;
  console.log(`bench/terraform: plan with no changes over ${r.keys} keys, side by side, one key service (PGlite)`);
  console.log(
    `  terraform plan, ${r.keys} terraform_data (no provider)   ${floorSeconds.toFixed(2)} s   (Terraform's floor)`,
  );
  console.log(
    `  terraform plan, ${r.keys} keyward_api_key                ${providerSeconds.toFixed(2)} s   ` +
      `provider / floor = ${(providerSeconds / floorSeconds).toFixed(2)}x (target <= 1.5x)`,
  );
  console.log(
    `  keyward plan, the same keys                      ${keywardSeconds.toFixed(2)} s   ` +
      `floor / keyward = ${(floorSeconds / keywardSeconds).toFixed(1)}x faster (target >= 4x)`,
  );
  console.log(
    `  (keyward plan in-process ${r.keywardPlanInProcessSeconds?.toFixed(2)} s; ` +
      `terraform with the provider / keyward = ${r.ratio?.toFixed(1)}x)`,
  );
}
