// The real-process kill matrix: `keyward apply` as a child process, SIGKILLed at every step a dry run emits (the core's
// data.step events and the stores' store.step events), then repaired by fresh applies; custody checked on the service.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_AT_VARIABLE, EVENT_LOG_VARIABLE } from '../../src/kernel/crash-points.js';
import { mapLimit } from '../../src/core/apply/limit.js';
import { createCell, custodyProblems, leaks, type Cell, type StoreKind } from './support/custody-cell.js';
import {
  bundleCli,
  runProcess,
  startServe,
  type CliBundle,
  type ProcessResult,
  type ServeProcess,
} from './support/processes.js';

let service: ServeProcess;
let cli: CliBundle;
let root: string;
const summary: string[] = [];

beforeAll(async () => {
  [service, cli] = await Promise.all([startServe(), bundleCli()]);
  root = await mkdtemp(join(tmpdir(), 'keyward-kill-matrix-'));
}, 120_000);

afterAll(async () => {
  console.log(`kill matrix (keyward apply):\n${summary.join('\n')}`);
  await service?.stop();
  await cli?.remove();
  if (root) await rm(root, { recursive: true, force: true });
});

function keyward(cell: Cell, args: readonly string[], extra: Record<string, string> = {}): Promise<ProcessResult> {
  return runProcess(cli.argv(args), { cwd: cell.dir, env: { ...cell.env, ...extra } });
}

interface Scenario {
  readonly name: string;
  readonly stores: readonly StoreKind[];
  /** The declared generation the killed apply delivers; above 1, generation 1 is applied first (a rotation). */
  readonly generation: number;
}

/** A fresh cell in the state the scenario's killed apply starts from. */
async function prepare(scenario: Scenario, id: string): Promise<{ cell: Cell; outputs: string[] }> {
  const cell = await createCell(root, id, scenario.stores, service);
  const outputs: string[] = [];
  if (scenario.generation > 1) {
    const setup = await keyward(cell, ['apply', '.', '--auto-approve']);
    outputs.push(setup.stdout, setup.stderr);
    if (setup.code !== 0) throw new Error(`setup apply failed (${setup.code}):\n${setup.stdout}\n${setup.stderr}`);
    await cell.setGeneration(scenario.generation);
  }
  return { cell, outputs };
}

/** Crash points named `<step>#<n>`, in the order a failure-free apply of a fresh cell emits them. */
async function enumerateSteps(scenario: Scenario, id: string): Promise<string[]> {
  const { cell } = await prepare(scenario, id);
  const log = join(cell.dir, 'events.jsonl');
  const dry = await keyward(cell, ['apply', '.', '--auto-approve'], { [EVENT_LOG_VARIABLE]: log });
  if (dry.code !== 0) throw new Error(`dry run failed (${dry.code}):\n${dry.stdout}\n${dry.stderr}`);
  const seen = new Map<string, number>();
  const points: string[] = [];
  for (const line of (await readFile(log, 'utf8')).split('\n').filter(Boolean)) {
    const { step } = JSON.parse(line) as { code: string; step: string | null };
    if (step === null) continue;
    const n = (seen.get(step) ?? 0) + 1;
    seen.set(step, n);
    points.push(`${step}#${n}`);
  }
  return points;
}

/** One cell: kill at `point`, repair (a second apply when the plan still asks), then every check. Problems, or none. */
async function runCell(scenario: Scenario, id: string, point: string): Promise<string[]> {
  const { cell, outputs } = await prepare(scenario, id);
  const secrets = new Set<string>();
  const remember = async (): Promise<void> => {
    for (const h of await cell.holdings()) if (h.secret !== null) secrets.add(h.secret);
  };
  const run = async (args: string[], extra: Record<string, string> = {}): Promise<ProcessResult> => {
    const result = await keyward(cell, args, extra);
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const problems: string[] = [];
  await remember();
  const killed = await run(['apply', '.', '--auto-approve'], { [CRASH_AT_VARIABLE]: point });
  if (killed.signal !== 'SIGKILL') problems.push(`the crash point was not reached (exit ${killed.code})`);
  await remember();
  // Later than the orphan grace (15 min): a key left undelivered by the killed run may then be judged an orphan.
  const later = { KEYWARD_NOW: new Date(Date.now() + 20 * 60_000).toISOString() };
  let plan: ProcessResult | null = null;
  for (let round = 1; round <= 2 && plan?.code !== 0; round += 1) {
    const repaired = await run(['apply', '.', '--auto-approve'], later);
    if (repaired.code !== 0)
      problems.push(`repair apply ${round} exited ${repaired.code}: ${repaired.stderr.trim().slice(0, 400)}`);
    plan = await run(['plan', '.', '--detailed-exitcode'], later);
  }
  if (plan?.code !== 0)
    problems.push(`plan --detailed-exitcode exits ${plan?.code} after two repairs:\n${plan?.stdout.trim()}`);
  await remember();
  problems.push(...(await custodyProblems(service, cell.user, await cell.holdings(), scenario.generation)));
  problems.push(...leaks([...outputs, service.output()], [...secrets]));
  return problems;
}

const CELLS_AT_ONCE = 2;

const SCENARIOS: readonly Scenario[] = [
  { name: 'create, one store (file)', stores: ['file'], generation: 1 },
  { name: 'create, two stores (file + exec)', stores: ['file', 'exec'], generation: 1 },
  { name: 'rotation to generation 2, two stores (file + exec)', stores: ['file', 'exec'], generation: 2 },
];

describe('keyward apply killed at every step', () => {
  SCENARIOS.forEach((scenario, s) => {
    it(`${scenario.name}: every cell converges with custody kept`, async () => {
      const points = await enumerateSteps(scenario, `s${s}-dry`);
      expect(points.length).toBeGreaterThan(2);
      // Cells share nothing but the key service (each has its own service user, files and processes): two at a time.
      const results = await mapLimit(points, CELLS_AT_ONCE, (point, i) => runCell(scenario, `s${s}-c${i}`, point));
      const failures = results.flatMap((problems, i) =>
        problems.length > 0 ? [`${points[i]}: ${problems.join('; ')}`] : [],
      );
      summary.push(`  ${scenario.name}: ${points.length} cells, ${points.length - failures.length} hold`);
      expect(failures).toEqual([]);
    }, 600_000);
  });
});
