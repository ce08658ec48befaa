// bench/terraform: plan with no changes over 1,000 keys three ways, side by side in one run — `terraform plan` through
// keyward's provider, `keyward plan`, and Terraform's floor: the same plan over 1,000 `terraform_data` (no provider).
// Both Terraform configurations share one `locals` map of strings and differ only in the resource type (configs.ts),
// so provider / floor is what the provider adds. Rounds alternate the three; medians of wall and CPU time (the command
// and all its processes) are printed with their ratios, and the provider side's CPU split between the provider
// processes Terraform started and Terraform itself (provider-cpu.ts). A fourth side, a measurement aid, plans through a
// provider that answers from recorded bytes (replay-provider.ts): what Terraform costs with a provider that does almost
// no work. Ratios only; nothing is asserted.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startKeyService } from '../../src/keyservice/server.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { seedKeys, seededUserName } from '../support/seed-keys.js';
import { terraformWorkspace, type TerraformWorkspace } from '../../test/terraform/support/terraform-cli.js';
import { floorConfig, providerConfig, providerState, type BenchShape } from './configs.js';
import { providerCpuRecorder } from './provider-cpu.js';
import { replaySide } from './replay-side.js';
import { timedCommand, type TimedResult } from './timed-command.js';

const SHAPE: BenchShape = { users: Number(process.env.KEYWARD_BENCH_TF_USERS ?? 100), keysPerUser: 10 };
const ROUNDS = Number(process.env.KEYWARD_BENCH_TF_ROUNDS ?? 3);
const root = join(import.meta.dirname, '..', '..');
const PLAN = ['plan', '-detailed-exitcode', '-input=false', '-no-color'];

type Side = 'floor' | 'provider' | 'replay' | 'keyward';
/** The sides that start provider processes. */
type ProviderSide = 'provider' | 'replay';

interface Timing {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
}

export interface TerraformBenchResult {
  readonly keys: number;
  readonly rounds: Readonly<Record<Side, readonly Timing[]>>;
  /** Medians over the rounds. */
  readonly median: Readonly<Record<Side, Timing>>;
  /** `keyward plan`'s own in-process time (median), without Node's start-up. */
  readonly keywardInProcessSeconds: number;
  /** CPU seconds of each provider process of each round, in the order they ended. */
  readonly providerProcesses: Readonly<Record<ProviderSide, readonly (readonly number[])[]>>;
  /** Medians over the rounds of the provider processes' CPU, and of the rest: Terraform's own. */
  readonly split: Readonly<Record<ProviderSide, CpuSplit>>;
}

interface CpuSplit {
  readonly providerCpuSeconds: number;
  readonly terraformCpuSeconds: number;
}

async function mustSucceed(workspace: TerraformWorkspace, args: string[], env?: Record<string, string>) {
  const done = await workspace.run(args, env);
  if (done.code !== 0) throw new Error(`terraform ${args[0]} failed in ${workspace.dir}:\n${done.stderr}`);
}

function expectNoChanges(what: string, result: TimedResult): TimedResult {
  if (result.code !== 0)
    throw new Error(
      `${what} was expected to find no changes (exit 0), got ${result.code}:\n${result.stderr.slice(-2000)}`,
    );
  return result;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function manifest(expiresAt: string): object {
  return {
    apiVersion: 'keyward.dev/v1',
    kind: 'ServiceUsers',
    metadata: { name: 'bench' },
    provider: { driver: 'keyward' },
    serviceUsers: Array.from({ length: SHAPE.users }, (_, i) => ({
      name: seededUserName(i, 3),
      keys: Array.from({ length: SHAPE.keysPerUser }, (_, k) => ({ name: `key-${k}`, expiresAt })),
    })),
  };
}

export async function benchTerraform(): Promise<TerraformBenchResult> {
  const adminKey = randomBytes(32).toString('hex');
  const database = await openPgliteDatabase('memory://');
  const service = await startKeyService({ bootstrapKey: adminKey, database });
  const tf = await terraformWorkspace();
  const floor = await terraformWorkspace();
  const env = { KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey };
  try {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 300 * 86_400_000).toISOString();
    await seedKeys(database, { users: SHAPE.users, keysPerUser: SHAPE.keysPerUser, digits: 3, expiresAt });
    await tf.writeConfig(providerConfig(SHAPE, expiresAt));
    await mustSucceed(tf, ['init', '-input=false', '-no-color'], env);
    await writeFile(
      join(tf.dir, 'terraform.tfstate'),
      JSON.stringify(await providerState(service.url, adminKey, expiresAt)),
    );
    await writeFile(join(tf.dir, 'bench.yaml'), stringify(manifest(expiresAt)));
    await writeFile(join(floor.dir, 'main.tf'), floorConfig(SHAPE));
    await mustSucceed(floor, ['init', '-input=false', '-no-color']);
    await mustSucceed(floor, ['apply', '-auto-approve', '-input=false', '-no-color']);
    const recorder = await providerCpuRecorder(tf.dir, 'provider', tf.env['KEYWARD_NODE'] ?? process.execPath);
    const replay = await replaySide(tf, env, PLAN);
    const recorders = { provider: recorder, replay: replay.recorder };

    const measure: Record<Side, () => Promise<TimedResult>> = {
      floor: () => timedCommand('terraform', PLAN, { cwd: floor.dir, env: floor.env }),
      provider: () => timedCommand('terraform', PLAN, { cwd: tf.dir, env: { ...tf.env, ...env, ...recorder.env } }),
      replay: () => replay.plan(),
      keyward: () =>
        timedCommand(
          process.execPath,
          [join(root, 'bench/plan/measure-plan.mjs'), 'plan', 'bench.yaml', '--detailed-exitcode'],
          { cwd: tf.dir, env: { PATH: process.env['PATH'], ...env } },
        ),
    };
    const rounds: Record<Side, Timing[]> = { floor: [], provider: [], replay: [], keyward: [] };
    const inProcess: number[] = [];
    const processes: Record<ProviderSide, number[][]> = { provider: [], replay: [] };
    const sides: Side[] = ['floor', 'provider', 'replay', 'keyward'];
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with a different side, so none always runs first (or last) in a round.
      for (const side of [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)]) {
        const result = expectNoChanges(side, await measure[side]());
        rounds[side].push({ wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds });
        if (side === 'provider' || side === 'replay') processes[side].push(await recorders[side].take());
        if (side !== 'keyward') continue;
        const line = result.stderr.split('\n').find((l) => l.startsWith('MEASURE '));
        if (!line) throw new Error(`keyward plan printed no measurement:\n${result.stderr.slice(-2000)}`);
        inProcess.push((JSON.parse(line.slice('MEASURE '.length)) as { ms: number }).ms / 1000);
      }
    }
    const splitOf = (side: ProviderSide): CpuSplit => ({
      providerCpuSeconds: median(processes[side].map(sum)),
      terraformCpuSeconds: median(processes[side].map((p, i) => (rounds[side][i]?.cpuSeconds ?? NaN) - sum(p))),
    });
    const medianOf = (side: Side): Timing => ({
      wallSeconds: median(rounds[side].map((t) => t.wallSeconds)),
      cpuSeconds: median(rounds[side].map((t) => t.cpuSeconds)),
    });
    return {
      keys: SHAPE.users * SHAPE.keysPerUser,
      rounds,
      median: {
        floor: medianOf('floor'),
        provider: medianOf('provider'),
        replay: medianOf('replay'),
        keyward: medianOf('keyward'),
      },
      keywardInProcessSeconds: median(inProcess),
      providerProcesses: processes,
      split: { provider: splitOf('provider'), replay: splitOf('replay') },
    };
  } finally {
    await tf.close();
    await floor.close();
    await service.close();
    await database.close();
  }
}

function report(r: TerraformBenchResult): string {
  const { floor, provider, replay, keyward } = r.median;
  const seconds = (t: Timing) => `${t.wallSeconds.toFixed(2)} s (CPU ${t.cpuSeconds.toFixed(2)} s)`;
  const spread = (side: Side) => r.rounds[side].map((t) => t.wallSeconds.toFixed(2)).join(', ');
  const split = (side: ProviderSide) =>
    `    CPU split: provider processes ${r.split[side].providerCpuSeconds.toFixed(2)} s (per process, by round: ` +
    `${r.providerProcesses[side].map((p) => p.map((s) => s.toFixed(2)).join(' + ')).join('; ')}), ` +
    `Terraform itself ${r.split[side].terraformCpuSeconds.toFixed(2)} s = ` +
    `${(r.split[side].terraformCpuSeconds / floor.cpuSeconds).toFixed(2)}x the floor's CPU`;
  return [
    `bench/terraform: plan with no changes over ${r.keys} keys, ${r.rounds.floor.length} alternating rounds (medians), ` +
      'one key service (PGlite)',
    `  terraform plan, ${r.keys} terraform_data (no provider)   ${seconds(floor)}   Terraform's floor; rounds ${spread('floor')}`,
    `  terraform plan, ${r.keys} keyward_api_key                ${seconds(provider)}   rounds ${spread('provider')}`,
    `    provider / floor = ${(provider.wallSeconds / floor.wallSeconds).toFixed(2)}x wall, ` +
      `${(provider.cpuSeconds / floor.cpuSeconds).toFixed(2)}x CPU (target <= 1.5x)`,
    split('provider'),
    `  measurement aid: the same plan through a provider answering from recorded bytes   ${seconds(replay)}   ` +
      `rounds ${spread('replay')}`,
    `    replay / floor = ${(replay.wallSeconds / floor.wallSeconds).toFixed(2)}x wall, ` +
      `${(replay.cpuSeconds / floor.cpuSeconds).toFixed(2)}x CPU`,
    split('replay'),
    `  keyward plan, the same keys                      ${seconds(keyward)}   rounds ${spread('keyward')}`,
    `    floor / keyward = ${(floor.wallSeconds / keyward.wallSeconds).toFixed(1)}x faster wall, ` +
      `${(floor.cpuSeconds / keyward.cpuSeconds).toFixed(1)}x CPU (target >= 4x); ` +
      `keyward plan in-process ${r.keywardInProcessSeconds.toFixed(2)} s`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(report(await benchTerraform()));
}
