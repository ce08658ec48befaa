// What the user may not read or write: an unreadable manifest file or directory is a problem naming the path, an
// unwritable serve --data names --data; never an unexpected failure. A subprocess; as root (which may do anything) it
// runs without the capabilities that bypass file permissions (setpriv), so the checkout stays readable wherever CI
// clones it.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const MANIFEST =
  'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: x }\nprovider: { driver: keyward }\nserviceUsers:\n  - name: a\n';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cli-unreadable-'));
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'ok.yaml'), MANIFEST);
  await chmod(join(dir, 'ok.yaml'), 0o644);
  await writeFile(join(dir, 'locked.yaml'), MANIFEST);
  await chmod(join(dir, 'locked.yaml'), 0o000);
  await mkdir(join(dir, 'tree', 'locked'), { recursive: true });
  await chmod(join(dir, 'tree'), 0o755);
  await writeFile(join(dir, 'tree', 'locked', 'inside.yaml'), MANIFEST);
  await chmod(join(dir, 'tree', 'locked'), 0o000);
  await mkdir(join(dir, 'read-only'));
  await chmod(join(dir, 'read-only'), 0o555);
});

afterAll(async () => {
  await chmod(join(dir, 'tree', 'locked'), 0o755);
  await rm(dir, { recursive: true, force: true });
});

async function keyward(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  const command = [
    process.execPath,
    '--import',
    import.meta.resolve('tsx'),
    join(root, 'src', 'cli', 'main.ts'),
    ...args,
  ];
  const [file, ...argv] = asRoot
    ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--', ...command]
    : command;
  const env = { PATH: process.env.PATH, HOME: dir, KEYWARD_BOOTSTRAP_KEY: 'cd'.repeat(32) };
  try {
    const { stdout, stderr } = await exec(file ?? 'node', argv, { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('unreadable manifests', () => {
  it('an unreadable file is a problem at that file', async () => {
    const run = await keyward('validate', 'locked.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Error: 1 problem in the manifests:\nlocked.yaml:1:1: cannot be read (EACCES): permission denied\n',
    );
  }, 60_000);

  it('an unreadable directory is a problem at that directory, not an unexpected failure', async () => {
    const run = await keyward('validate', 'ok.yaml', 'tree');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Error: 1 problem in the manifests:\ntree/locked:1:1: directory cannot be read (EACCES): permission denied\n',
    );
  }, 60_000);
});

describe('an unwritable --data directory', () => {
  it('names --data and what to do, and creates nothing', async () => {
    const run = await keyward('serve', '--port', '0', '--data', 'read-only/data');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Error: --data ${join(dir, 'read-only', 'data')}: this user cannot create it in ${join(dir, 'read-only')} (permission denied); choose a writable directory with --data, or set DATABASE_URL to use PostgreSQL\n`,
    );
    expect(run.stdout).toBe('');
  }, 60_000);
});
