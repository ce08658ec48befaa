// `keyward serve` started wrongly: a port in use, an address not on this machine, an unusable --data, a missing or
// malformed --policy. Each fails before serving with one clear error, exit 1, and leaves no half-made data directory.
import { createServer, type Server } from 'node:net';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeyward, type CliRun } from '../../support/cli-run.js';

const BOOTSTRAP = 'ab'.repeat(32);
let dir: string;
let blocker: Server;
let busyPort: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cli-serve-'));
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  busyPort = (blocker.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function serve(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runKeyward(['serve', ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env } });
}

function expectUserError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at |unexpected failure/);
  expect(run.stdout + run.stderr).not.toContain(BOOTSTRAP);
  expect(run.stdout).not.toContain('listening');
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('keyward serve: where it listens', () => {
  it('a port in use names the port and what to do, before any storage is made', async () => {
    const run = await serve(['--port', String(busyPort), '--data', 'busy-data'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP });
    expectUserError(
      run,
      new RegExp(
        `^Error: cannot listen on 127\\.0\\.0\\.1:${busyPort}: port ${busyPort} is already in use on 127\\.0\\.0\\.1 .*; stop it or choose another port \\(0 picks a free one\\)\\n$`,
      ),
    );
    expect(await exists(join(dir, 'busy-data'))).toBe(false);
  });

  it('a port in use without KEYWARD_BOOTSTRAP_KEY stores no admin key nobody saw', async () => {
    const run = await serve(['--port', String(busyPort), '--data', 'busy-generated']);
    expectUserError(run, /is already in use/);
    expect(run.stderr).not.toContain('generated the key');
    expect(await exists(join(dir, 'busy-generated'))).toBe(false);
  });

  it('an address that is not this machine says so', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a host.
    expectUserError(
      await serve(['--port', '0', '--host', '192.0.2.1', '--data', 'd'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP }),
      /^Error: cannot listen on 192\.0\.2\.1:0: address 192\.0\.2\.1 does not belong to this machine/,
    );
  });

  it('a bad --port is refused before anything starts', async () => {
    expectUserError(await serve(['--port', 'abc']), /^Error: --port must be a number from 0 to 65535, got "abc"\n$/);
    expectUserError(
      await serve(['--port', '70000']),
      /^Error: --port must be a number from 0 to 65535, got "70000"\n$/,
    );
  });
});

describe('keyward serve: --data and --policy', () => {
  it('--data under a file, or naming a file, names --data and the fix', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    expectUserError(
      await serve(['--port', '0', '--data', 'a-file/sub'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP }),
      /^Error: --data .*a-file\/sub: a parent of it is a file, not a directory \(ENOTDIR\); choose a writable directory with --data, or set DATABASE_URL/,
    );
    expectUserError(
      await serve(['--port', '0', '--data', 'a-file'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP }),
      /^Error: --data .*a-file: it is a file, not a directory;/,
    );
  });

  it('a missing --policy file names it and the built-in policies', async () => {
    expectUserError(
      await serve(['--port', '0', '--data', 'p1', '--policy', 'nope.yaml'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP }),
      /^Error: policy nope\.yaml: not a built-in policy \(infoblox, constellix\) and not a readable file\n$/,
    );
    expect(await exists(join(dir, 'p1'))).toBe(false);
  });

  it('a malformed or unknown-field --policy file names the file and the problem', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'maxKeysPerUser: [\n');
    await writeFile(join(dir, 'odd.yaml'), 'colour: blue\n');
    expectUserError(
      await serve(['--port', '0', '--data', 'p2', '--policy', 'broken.yaml'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP }),
      /^Error: broken\.yaml: not valid YAML/,
    );
    expectUserError(
      await serve(['--port', '0', '--data', 'p2', '--policy', 'odd.yaml'], { KEYWARD_BOOTSTRAP_KEY: BOOTSTRAP }),
      /^Error: odd\.yaml: unknown field colour; fields: name, /,
    );
  });

  it('a malformed KEYWARD_BOOTSTRAP_KEY is refused without echoing it', async () => {
    const run = await serve(['--port', '0', '--data', 'p3'], { KEYWARD_BOOTSTRAP_KEY: 'not-hex-secret' });
    expectUserError(run, /^Error: KEYWARD_BOOTSTRAP_KEY must be 64 lowercase hex characters/);
    expect(run.stderr).not.toContain('not-hex-secret');
    expect(await exists(join(dir, 'p3'))).toBe(false);
  });
});
