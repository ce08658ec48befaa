// `keyward plan --out FILE` then `keyward apply FILE`: exactly the reviewed plan is applied, a stale one is refused
// saying what changed, and the file holds no secret.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliRun } from '../../support/cli-run.js';
import { startDemoCliWorld, type CliWorld } from '../support/cli-world.js';

let world: CliWorld;
let dir: string;
let adminKey: string;
let outputs: CliRun[];

const keyward = (...args: string[]): Promise<CliRun> => world.keyward(...args);

beforeAll(async () => {
  world = await startDemoCliWorld('keyward-saved-plan-');
  ({ dir, adminKey, outputs } = world);
});

afterAll(async () => world?.close());

describe('saved plans', () => {
  it('plan -out=FILE saves the plan, and apply FILE applies exactly it without asking', async () => {
    const planned = await keyward('plan', 'manifests', '-out=reviewed.plan', '--detailed-exitcode');
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain('Saved the plan to reviewed.plan');
    const applied = await keyward('apply', 'reviewed.plan');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 11 done, 0 failed, 0 skipped.');
    // The reviewed plan is not printed a second time; what was done is, per resource, with the new key IDs.
    expect(applied.stdout).not.toContain('keyward will perform');
    expect(applied.stdout).toContain('Applying the reviewed plan in reviewed.plan: Plan: 11 to add, 0 to change');
    expect(applied.stdout).toMatch(
      /\n {2}\+ payments\/payments-deployer\/deploy +created key [0-9a-f]{32} → vault-file\/PAYMENTS_DEPLOY_KEY\n/,
    );
    expect(applied.stdout).toMatch(/\n {2}\+ payments\/payments-deployer +created service user\n/);
    expect(applied.stdout + applied.stderr).not.toMatch(/[0-9a-f]{33}/); // a key ID, never a longer piece of a key
    expect((await keyward('plan', 'manifests', '--detailed-exitcode')).code).toBe(0);
  });

  it('refuses a plan whose world changed, saying what changed, and changes nothing', async () => {
    const planned = await keyward('plan', 'manifests', '--out', 'old.plan');
    expect(planned.code).toBe(0);
    const manifest = join(dir, 'manifests', 'payments.yaml');
    const text = await readFile(manifest, 'utf8');
    const bumped = text.replace(/generation: (\d+)/, (_, n: string) => `generation: ${Number(n) + 1}`);
    await writeFile(
      manifest,
      bumped === text ? text.replace('- name: deploy\n', '- name: deploy\n        generation: 2\n') : bumped,
    );
    const rotated = await keyward('plan', 'manifests', '--out', 'rotate.plan');
    expect(rotated.code).toBe(0);
    // Someone else applies in between: the reviewed plan no longer matches the key API.
    expect((await keyward('apply', 'manifests', '--auto-approve')).code).toBe(0);
    const stale = await keyward('apply', 'rotate.plan');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/rotate\.plan is stale: the key API or a store changed since it was made:\n {2}- /);
    expect(stale.stderr).toContain('Nothing was applied');
    const staleManifest = await keyward('apply', 'old.plan');
    expect(staleManifest.code).toBe(1);
    expect(staleManifest.stderr).toContain('old.plan is stale: the manifests changed');
  });

  it('holds no secret, and no output showed one', async () => {
    const saved = await readFile(join(dir, 'reviewed.plan'), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ format: 'keyward-plan/1' });
    const everything = [saved, ...outputs.flatMap((o) => [o.stdout, o.stderr])].join('\n');
    expect(everything).not.toContain(adminKey);
    expect(everything).not.toMatch(/[0-9a-f]{64}/);
  });
});
