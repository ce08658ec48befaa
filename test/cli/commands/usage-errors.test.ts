// The CLI as a careless user meets it, offline: no arguments, unknown flags, bad numbers, missing and odd files,
// missing credentials, a malformed KEYWARD_NOW, import's flags. Each is one clear line, exit 1, no stack, no secret.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeyward, type CliRun } from '../../support/cli-run.js';

const API_KEY = 'c0ffee'.repeat(10) + 'c0de';
const MANIFEST =
  'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: x }\nprovider: { driver: keyward }\nserviceUsers:\n  - name: a\n';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-cli-usage-'));
  await writeFile(join(dir, 'ok.yaml'), MANIFEST);
  await mkdir(join(dir, 'empty'));
  await writeFile(join(dir, 'driver.yaml'), MANIFEST.replace('driver: keyward', 'driver: nosuch'));
  await writeFile(
    join(dir, 'store.yaml'),
    MANIFEST.replace('serviceUsers:', 'stores:\n  s: { type: s3, bucket: b }\nserviceUsers:'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function keyward(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runKeyward(args, { cwd: dir, env: { PATH: process.env.PATH, ...env } });
}

/** One failure as the brief demands it: exit 1, the expected message on stderr, nothing on stdout, no stack, no key. */
function expectUserError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at |unexpected failure/);
  expect(run.stdout).toBe('');
  expect(run.stdout + run.stderr).not.toContain(API_KEY);
}

describe('keyward --version and --help', () => {
  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const run = await keyward([flag]);
      expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it('--help lists every command, the environment and the exit codes', async () => {
    const run = await keyward(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['validate', 'plan', 'apply', 'status', 'import', 'serve', 'demo'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stdout).toMatch(/^ {4}KEYWARD_API_KEY +API key \[credential\]$/m);
    expect(run.stdout).toContain('Exit codes: 0 success, 1 error, 2 something to do or needing attention');
  });

  it('each command has its own help; serve names its environment', async () => {
    for (const command of ['validate', 'plan', 'apply', 'status', 'import', 'serve', 'demo']) {
      const run = await keyward([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: keyward ${command} `));
    }
    expect((await keyward(['serve', '--help'])).stdout).toContain('KEYWARD_BOOTSTRAP_KEY');
  });

  it('no arguments shows the help on stderr and exits 1', async () => {
    const run = await keyward([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Usage: keyward [options] [command]');
  });
});

describe('usage errors', () => {
  it('an unknown command or flag points at the help of that command', async () => {
    const unknown = await keyward(['nosuch']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: unknown command 'nosuch'");
    const flag = await keyward(['plan', '--bogus', 'ok.yaml']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe("error: unknown option '--bogus'\n(run keyward plan --help for usage)\n");
  });

  it('a command without its paths says what is missing', async () => {
    const run = await keyward(['validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: missing required argument 'paths'");
  });

  it.each(['0', 'abc', '1.5', '0x10', '-3', '65', ''])(
    '--parallelism %j is refused before anything runs',
    async (value) => {
      const run = await keyward(['apply', 'ok.yaml', '--auto-approve', '--parallelism', value]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--parallelism must be a whole number from 1 to 64');
      expect(run.stdout).toBe('');
    },
  );
});

describe('manifest paths and contents', () => {
  it('a missing file names it', async () => {
    expectUserError(await keyward(['validate', 'nofile.yaml']), /nofile\.yaml:1:1: no such file or directory/);
  });

  it('a directory with no manifests names it', async () => {
    expectUserError(await keyward(['plan', 'empty']), /empty:1:1: directory holds no \*\.yaml or \*\.yml files/);
  });

  it('an unknown driver or store type names the field and the valid values', async () => {
    expectUserError(
      await keyward(['plan', 'driver.yaml'], { KEYWARD_URL: 'http://127.0.0.1:1', KEYWARD_API_KEY: API_KEY }),
      /driver\.yaml:4:21: \/provider\/driver: must be one of: keyward, infoblox/,
    );
    expectUserError(
      await keyward(['validate', 'store.yaml']),
      /store\.yaml:6:14: \/stores\/s\/type: must be one of: file, github, vault, exec/,
    );
  });
});

describe('credentials and environment', () => {
  it('missing KEYWARD_URL or KEYWARD_API_KEY names the variable', async () => {
    expectUserError(
      await keyward(['plan', 'ok.yaml'], { KEYWARD_API_KEY: API_KEY }),
      /^Error: driver keyward: no URL: set provider\.url in the manifest or KEYWARD_URL\n$/,
    );
    expectUserError(
      await keyward(['status', 'ok.yaml'], { KEYWARD_URL: 'http://127.0.0.1:1' }),
      /^Error: driver keyward: no API key: set KEYWARD_API_KEY in the environment\n$/,
    );
  });

  it('a bad KEYWARD_URL is named without echoing it', async () => {
    expectUserError(
      await keyward(['plan', 'ok.yaml'], { KEYWARD_URL: API_KEY, KEYWARD_API_KEY: API_KEY }),
      /KEYWARD_URL is not a URL/,
    );
    expectUserError(
      await keyward(['plan', 'ok.yaml'], { KEYWARD_URL: 'ftp://host', KEYWARD_API_KEY: API_KEY }),
      /KEYWARD_URL must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it.each([
    ['a line break', 'abc\ndef'],
    ['an inner space', 'abc def'],
    ['non-ASCII text', 'ключ'],
  ])('an API key with %s is named, not sent, and not echoed', async (_label, key) => {
    const run = await keyward(['plan', 'ok.yaml'], { KEYWARD_URL: 'http://127.0.0.1:1', KEYWARD_API_KEY: key });
    expectUserError(
      run,
      /^Error: driver keyward: KEYWARD_API_KEY holds a character an HTTP header cannot carry \(a line break, a space or non-ASCII text\); set it to the key alone\n$/,
    );
    expect(run.stderr).not.toContain(key);
  });

  it.each(['yesterday', '1', '2026-02-30T00:00:00Z', '2026-01-31', '2026-01-31T25:00:00Z'])(
    'KEYWARD_NOW=%j is a clear error (it was silent or accepted)',
    async (value) => {
      const run = await keyward(['plan', 'ok.yaml'], {
        KEYWARD_NOW: value,
        KEYWARD_URL: 'http://127.0.0.1:1',
        KEYWARD_API_KEY: API_KEY,
      });
      expectUserError(
        run,
        /^Error: KEYWARD_NOW must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z, got ".*"; unset it to use the current time\n$/,
      );
    },
  );

  it('a well-formed KEYWARD_NOW passes on to the next check', async () => {
    const run = await keyward(['plan', 'ok.yaml'], { KEYWARD_NOW: '2026-01-31T12:00:00+01:00' });
    expectUserError(run, /no URL/);
  });
});

describe('an unreachable key service', () => {
  it('names the URL it tried and the call, after retrying; nothing is planned', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await keyward(['plan', 'ok.yaml'], {
      KEYWARD_URL: `http://127.0.0.1:${port}`,
      KEYWARD_API_KEY: API_KEY,
    });
    expectUserError(
      run,
      new RegExp(
        `^Error: listing service users and keys of keyward for scope x: GET /v2/roles: key service unavailable \\(ECONNREFUSED at http://127\\.0\\.0\\.1:${port}\\); gave up after \\d+ attempts\n$`,
      ),
    );
  }, 60_000);
});

describe('an https:// URL for a plain-http service', () => {
  it('says the TLS handshake failed at that URL', async () => {
    const plain = createHttpServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    try {
      const run = await keyward(['plan', 'ok.yaml'], {
        KEYWARD_URL: `https://127.0.0.1:${port}`,
        KEYWARD_API_KEY: API_KEY,
      });
      expectUserError(
        run,
        new RegExp(`key service unavailable \\(TLS handshake failed, EPROTO at https://127\\.0\\.0\\.1:${port}\\)`),
      );
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  }, 60_000);
});

describe('keyward import flags', () => {
  it('neither --service-user nor --all says how to name them', async () => {
    expectUserError(
      await keyward(['import']),
      /^Error: name the service users to import with --service-user <name>\.\.\., or import them all with --all\n$/,
    );
  });

  it('both --service-user and --all is refused', async () => {
    expectUserError(
      await keyward(['import', '--all', '--service-user', 'a'], {
        KEYWARD_URL: 'http://127.0.0.1:1',
        KEYWARD_API_KEY: API_KEY,
      }),
      /^Error: give either --service-user <name>\.\.\. or --all, not both\n$/,
    );
  });

  it('a missing or bad URL names --url, not a manifest field', async () => {
    expectUserError(
      await keyward(['import', '--all'], { KEYWARD_API_KEY: API_KEY }),
      /^Error: driver keyward: no URL: set --url or KEYWARD_URL\n$/,
    );
    expectUserError(
      await keyward(['import', '--all', '--url', 'not a url'], { KEYWARD_API_KEY: API_KEY }),
      /^Error: driver keyward: --url is not a URL\n$/,
    );
    expectUserError(
      await keyward(['import', '--all', '--driver', 'nosuch']),
      /unknown driver "nosuch": valid drivers are infoblox, keyward/,
    );
  });
});
