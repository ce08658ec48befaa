// The reconciler commands through the CLI against a live key service (PGlite) and a real age file:
// exit codes, refusal without approval in CI, JSON output, import, clear errors, and no secret in any output.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeyward, type CliRun } from '../../support/cli-run.js';
import { startDemoCliWorld, type CliWorld } from '../support/cli-world.js';

const run = promisify(execFile);

let world: CliWorld;
let dir: string;
let env: Record<string, string | undefined>;
let adminKey: string;
let outputs: CliRun[];

const keyward = (...args: string[]): Promise<CliRun> => world.keyward(...args);

beforeAll(async () => {
  world = await startDemoCliWorld('keyward-cli-');
  ({ dir, env, adminKey, outputs } = world);
});

afterAll(async () => world?.close());

describe('keyward plan / apply / status / import', () => {
  it('validate reports every problem with file:line:col and exits 1, without a stack trace', async () => {
    await writeFile(
      join(dir, 'broken.yaml'),
      'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: x }\nprovider: { driver: keyward }\nserviceUsers:\n  - name: a\n    keyz: []\n',
    );
    const result = await keyward('validate', 'broken.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml:7:5: \/serviceUsers\/0\/keyz: .*\(did you mean 'keys'\?\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('plan exits 2 with changes, apply refuses without --auto-approve when there is no terminal', async () => {
    const plan = await keyward('plan', 'manifests', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 11 to add, 0 to change, 0 to destroy, 0 to rotate.');
    const refused = await keyward('apply', 'manifests');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to apply without --auto-approve');
  });

  it('apply converges and a second plan is empty; --json is the documented shape', async () => {
    const applied = await keyward('apply', 'manifests', '--auto-approve', '--parallelism', '2');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 11 done, 0 failed, 0 skipped.');
    const again = await keyward('plan', 'manifests', '--detailed-exitcode', '--json');
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout) as {
      formatVersion: number;
      changes: boolean;
      summary: Record<string, number>;
      unchanged: unknown[];
    };
    expect(json.formatVersion).toBe(1);
    expect(json.changes).toBe(false);
    expect(json.summary).toEqual({ add: 0, change: 0, destroy: 0, rotate: 0, repair: 0 });
  });

  it('status lists every declared key with the stores that hold it; --json is the documented shape', async () => {
    const status = await keyward('status', 'manifests');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/payments-deployer\s+deploy\s+[0-9a-f]{32}\s+enabled\s+.*\S+\/PAYMENTS_DEPLOY_KEY/);
    expect(status.stdout).toContain('In sync with the manifests.');
    const json = await keyward('status', 'manifests', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      formatVersion: number;
      keys: { delivery: string; remote: { heldBy: string[] }[] }[];
      problems: unknown[];
      settled: boolean;
    };
    expect(report.formatVersion).toBe(1);
    expect(report.problems).toEqual([]);
    expect(report.settled).toBe(true);
    expect(report.keys.filter((k) => k.delivery === 'confirmed').length).toBeGreaterThan(0);
    expect(
      report.keys.every((k) => k.delivery === 'confirmed' || k.delivery === 'no-store' || k.delivery === 'not-wanted'),
    ).toBe(true);
  });

  it('rotation due: plan --detailed-exitcode exits 2 with no action, status exits 2 naming the problem', async () => {
    const later = { ...env, KEYWARD_NOW: new Date(Date.now() + 24 * 86_400_000).toISOString() };
    const plan = await runKeyward(['plan', 'manifests', '--detailed-exitcode'], { cwd: dir, env: later });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Nothing to apply now, but something needs attention');
    expect(plan.stdout).toContain('rotation-due');
    const status = await runKeyward(['status', 'manifests', '--json'], { cwd: dir, env: later });
    expect(status.code).toBe(2);
    expect((JSON.parse(status.stdout) as { problems: { code: string }[] }).problems.map((p) => p.code)).toContain(
      'due',
    );
    outputs.push(plan, status);
  });

  it('import writes a manifest naming the existing users and keys', async () => {
    const imported = await keyward('import', '--service-user', 'payments-deployer');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('name: payments-deployer');
    expect(imported.stdout).toContain('- name: smoke-test');
    const unknown = await keyward('import', '--service-user', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no service user named nobody');
  });

  it('a wrong API key or an unreachable key API is a clear error, never "everything is missing"', async () => {
    const denied = await runKeyward(['plan', 'manifests'], {
      cwd: dir,
      env: { ...env, KEYWARD_API_KEY: 'f'.repeat(64) },
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/401|not authenticated|unauthenticated/i);
    expect(denied.stdout).not.toContain('to add');
    const down = await runKeyward(['plan', 'manifests'], {
      cwd: dir,
      env: { ...env, KEYWARD_URL: 'http://127.0.0.1:1' },
    });
    expect(down.code).toBe(1);
    expect(down.stdout).not.toContain('to add');
    outputs.push(denied, down);
  }, 120_000);

  it('no output of any command holds a secret', async () => {
    const { stdout } = await run('age', ['-d', '-i', join(dir, 'identity.txt'), join(dir, 'manifests', 'secrets.age')]);
    const values = Object.values(JSON.parse(stdout) as Record<string, { value: string }>).map((s) => s.value);
    expect(values.length).toBe(5);
    const everything = outputs.map((o) => o.stdout + o.stderr).join('\n');
    for (const value of values) {
      expect(everything).not.toContain(value);
      expect(everything).not.toContain(value.slice(32));
    }
    expect(everything).not.toContain(adminKey);
  });
});
