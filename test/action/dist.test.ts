// dist/index.js is what action.yml runs: it must be the bundle of today's sources (like check-dist), and it must
// run on its own under Node 24 (action.yml: node24): parse inputs, find the manifest schema from dist/, fail with a
// message and no stack.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildAction, ROOT } from '../../src/action/build.js';

const exec = promisify(execFile);
const DIST = join(ROOT, 'dist', 'index.js');

async function runBundle(
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.env['KEYWARD_TEST_NODE24'] ?? '', [DIST], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dist/index.js', () => {
  it('is up to date with the sources (rebuild with: npm run build:action, then commit dist/)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'keyward-dist-'));
    try {
      const fresh = await readFile(await buildAction(out), 'utf8');
      const committed = await readFile(DIST, 'utf8');
      expect(
        committed === fresh,
        'dist/index.js differs from a fresh build: run `npm run build:action` and commit dist/',
      ).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs standalone: a bad input and a broken manifest fail the step with a clear message and no stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-dist-run-'));
    try {
      const bad = await runBundle({ INPUT_COMMAND: 'destroy', GITHUB_REPOSITORY: 'acme/payments' }, dir);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('::error::input command: "destroy" is not one of plan, apply, rotate');
      await mkdir(join(dir, 'keyward'));
      await writeFile(
        join(dir, 'keyward', 'a.yaml'),
        'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: a }\nprovider: { driver: keyward }\nserviceUsers:\n  - name: a\n    keyz: []\n',
      );
      const broken = await runBundle(
        { INPUT_COMMAND: 'plan', GITHUB_REPOSITORY: 'acme/payments', GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir },
        dir,
      );
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(
        /::error::1 problem in the manifests:.*keyward\/a\.yaml:7:5: \/serviceUsers\/0\/keyz/,
      );
      expect(broken.stdout + broken.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
