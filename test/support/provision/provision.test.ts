// The test provisioning itself: every worker sees a PostgreSQL server that answers, the tools and Node 24 are there,
// a missing tool stops with one line naming it and how to install it, and root installs Debian's with one update.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { hydrateSymlinks } from './postgres-binaries.js';
import { ensureTools, TOOLS, which, type InstallHost } from './tools.js';

const exec = promisify(execFile);

function host(over: Partial<InstallHost> = {}): InstallHost & { calls: string[][]; lines: string[] } {
  const calls: string[][] = [];
  const lines: string[] = [];
  return {
    isRoot: false,
    hasAptGet: true,
    calls,
    lines,
    log: (line) => lines.push(line),
    aptGet(args) {
      calls.push([...args]);
      return { status: 0, lastLine: '' };
    },
    ...over,
  };
}

describe('the run this test is part of', () => {
  it('has a PostgreSQL server that answers, so the PostgreSQL suites are registered in every worker', async () => {
    const url = process.env['KEYWARD_TEST_DATABASE_URL'];
    expect(url, 'globalSetup sets KEYWARD_TEST_DATABASE_URL when none is given').toMatch(/^postgres(ql)?:\/\//);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('has age, chromium and terraform, and a Node 24 binary for the Action bundle', async () => {
    for (const tool of TOOLS) expect(which(tool), tool.command).toBeDefined();
    const node24 = process.env['KEYWARD_TEST_NODE24'] ?? '';
    const { stdout } = await exec(node24, ['--version']);
    expect(stdout.trim()).toMatch(/^v24\.\d+\.\d+$/);
  });
});

describe('ensureTools', () => {
  it('stops with one line naming the missing tool and how to install it when it may not install', () => {
    const dir = tmpdir();
    const noAge = TOOLS.filter((t) => t.command === 'age');
    let message = '';
    try {
      ensureTools(noAge, host({ isRoot: false }), dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      '`age` (needed by the file store tests) is not on PATH (not root, so not installing it): ' +
        'install it with `apt-get install age` (Debian/Ubuntu) or `brew install age`',
    );
    expect(message).not.toContain('\n');
  });

  it('stops at once, before installing anything, when a tool no registry has (terraform) is missing', () => {
    const h = host({ isRoot: true });
    expect(() => ensureTools(TOOLS, h, tmpdir())).toThrow(
      /^`terraform` \(needed by the Terraform provider tests\) is not on PATH: install it with the release from https:/,
    );
    expect(h.calls).toEqual([]);
  });

  it('as root with apt-get, runs one update and one install of every missing Debian package', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-tools-'));
    try {
      const debianTools = TOOLS.filter((t) => t.debian !== undefined).map((t) => ({ ...t, paths: [] }));
      const h = host({ isRoot: true });
      h.aptGet = (args) => {
        h.calls.push([...args]);
        if (args[0] === 'install')
          for (const t of debianTools) writeFileSync(join(dir, t.command), '', { mode: 0o755 });
        return { status: 0, lastLine: '' };
      };
      expect(ensureTools(debianTools, h, dir)).toEqual(
        new Map([
          ['age', join(dir, 'age')],
          ['chromium', join(dir, 'chromium')],
          ['x86_64-w64-mingw32-gcc', join(dir, 'x86_64-w64-mingw32-gcc')],
        ]),
      );
      const packages = ['age', 'chromium', 'gcc-mingw-w64-x86-64-win32'];
      expect(h.calls).toEqual([['update'], ['install', '-y', '--no-install-recommends', ...packages]]);
      expect(h.lines).toEqual([
        `keyward tests: installing ${packages.join(', ')} from Debian (apt-get update, apt-get install)`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports a failed apt-get in one line with apt's last words", () => {
    const h = host({ isRoot: true });
    h.aptGet = (args) =>
      args[0] === 'update' ? { status: 0, lastLine: '' } : { status: 100, lastLine: 'E: Unable to locate package age' };
    const ageOnly = TOOLS.filter((t) => t.command === 'age');
    expect(() => ensureTools(ageOnly, h, tmpdir())).toThrow(
      /\(apt-get install failed: E: Unable to locate package age\)$/,
    );
  });
});

describe('hydrateSymlinks', () => {
  it('recreates the library symlinks npm skipped, relative to their directory, keeping existing files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-hydrate-'));
    try {
      await mkdir(join(dir, 'native', 'lib'), { recursive: true });
      await writeFile(join(dir, 'native', 'lib', 'libicuuc.so.60.2'), 'x');
      await writeFile(join(dir, 'native', 'lib', 'libz.so.1'), 'kept');
      await writeFile(
        join(dir, 'native', 'pg-symlinks.json'),
        JSON.stringify([
          { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
          { source: 'native/lib/libz.so.1.2', target: 'native/lib/libz.so.1' },
        ]),
      );
      expect(await hydrateSymlinks(dir)).toBe(1);
      expect(await readlink(join(dir, 'native', 'lib', 'libicuuc.so.60'))).toBe('libicuuc.so.60.2');
      expect(await hydrateSymlinks(dir)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
