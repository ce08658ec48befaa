// Hostile and odd input beyond the static corpus: files too big to commit, nesting deep enough to crash a parser,
// prototype pollution, quotes that fool the nesting guard, missing paths. Always clear problems, never a throw.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatProblems,
  loadManifests,
  MAX_DOCUMENTS_PER_FILE,
  MAX_MANIFEST_BYTES,
  MAX_PROBLEMS,
} from '../../../src/core/manifest/index.js';

const HEADER =
  'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: hostile }\nprovider: { driver: keyward }\n';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'keyward-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(name: string, content: string | Buffer): Promise<string[]> {
  await writeFile(path.join(dir, name), content);
  const result = await loadManifests([name], { env: {}, cwd: dir });
  if (result.ok) throw new Error(`expected ${name} to fail`);
  return formatProblems(result.problems).split('\n');
}

describe('hostile manifest input', () => {
  it('refuses a file over 1 MiB before parsing it', async () => {
    const big = HEADER + 'serviceUsers:\n' + '  - name: padding\n'.repeat(Math.ceil(MAX_MANIFEST_BYTES / 18));
    expect(await problemsOf('huge.yaml', big)).toEqual([
      `huge.yaml:1:1: file is ${Buffer.byteLength(big)} bytes; manifests are limited to 1048576 bytes (1 MiB), split it`,
    ]);
  });

  it('accepts a file of exactly 1 MiB', async () => {
    const body = HEADER + 'serviceUsers: []\n';
    const padded = body + '#'.repeat(MAX_MANIFEST_BYTES - Buffer.byteLength(body));
    await writeFile(path.join(dir, 'max.yaml'), padded);
    const result = await loadManifests(['max.yaml'], { env: {}, cwd: dir });
    expect(result.ok).toBe(true);
  });

  it('survives nesting far deeper than any parser recursion, even when a stray quote fools the guard', async () => {
    const depth = 100_000;
    expect(await problemsOf('flow.yaml', `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)).toEqual([
      'flow.yaml:1:68: nesting is deeper than 64 levels; manifests are shallow, this is not one',
    ]);
    const fooled = `note: it's\nb: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const lines = await problemsOf('fooled.yaml', fooled);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fooled\.yaml:\d+:\d+: nesting is deeper than 64 levels/);
  });

  it('does not mistake brackets inside text for nesting', async () => {
    const users = Array.from(
      { length: 100 },
      (_, i) => `  - name: user-${i}\n    description: see [WIP {draft (${i}\n`,
    ).join('');
    await writeFile(path.join(dir, 'text.yaml'), `${HEADER}serviceUsers:\n${users}`);
    const result = await loadManifests(['text.yaml'], { env: {}, cwd: dir });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.model.scopes[0]?.serviceUsers[99]?.description).toBe('see [WIP {draft (99');
  });

  it('refuses nesting that passes the lexical guard but not the parsed structure (aliases multiply depth)', async () => {
    const level = (n: number): string => `${'['.repeat(n)}x${']'.repeat(n)}`;
    const doc = `${HEADER}a: &a ${level(40)}\nb: ${'['.repeat(40)}*a${']'.repeat(40)}\nserviceUsers: []\n`;
    const lines = await problemsOf('alias-depth.yaml', doc);
    // The pointer runs through the alias in b; the position is where that depth is reached, inside the anchored a.
    expect(lines).toEqual([
      'alias-depth.yaml:5:30: /b/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0: nesting is deeper than 64 levels; manifests are shallow, this is not one',
    ]);
  });

  it('never pollutes prototypes and never lets __proto__ through', async () => {
    const lines = await problemsOf(
      'proto.yaml',
      `${HEADER}serviceUsers: []\n__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\n`,
    );
    expect(lines).toEqual([
      "proto.yaml:6:1: /__proto__: unknown field '__proto__'",
      "proto.yaml:7:1: /constructor: unknown field 'constructor'",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('escapes control characters in file names and field names when printing', async () => {
    const lines = await problemsOf('bell\u0007.yaml', `${HEADER}serviceUsers: []\n"\\u202Eevil": 1\n`);
    expect(lines).toEqual(["bell\\u0007.yaml:6:1: /\\u202eevil: unknown field '\\u202eevil'"]);
  });

  it('stops reading a file after 500 documents', async () => {
    const lines = await problemsOf('flood.yaml', 'a: 1\n---\n'.repeat(100_000));
    expect(lines).toHaveLength(MAX_DOCUMENTS_PER_FILE + 1);
    expect(lines[0]).toBe(
      'flood.yaml:1:1: not a keyward manifest: it needs apiVersion: keyward.dev/v1 and kind: ServiceUsers',
    );
    expect(lines[MAX_DOCUMENTS_PER_FILE]).toBe('flood.yaml:1000:1: file holds more than 500 YAML documents; split it');
  });

  it('lists at most 1000 problems, then counts the rest', async () => {
    for (let f = 0; f < 3; f++) await writeFile(path.join(dir, `f${f}.yaml`), 'a: 1\n---\n'.repeat(400));
    const result = await loadManifests(['.'], { env: {}, cwd: dir });
    const lines = result.ok ? [] : formatProblems(result.problems).split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[MAX_PROBLEMS]).toBe(
      'f2.yaml:401:1: and 200 more problems from here on (only the first 1000 are listed)',
    );
  });

  it('reports many problems of a large file at once, each with its own position', async () => {
    const users = Array.from(
      { length: 500 },
      (_, i) => `  - name: user-${i}\n    keys: [{ name: k, state: on }]\n`,
    ).join('');
    const lines = await problemsOf('many.yaml', `${HEADER}serviceUsers:\n${users}`);
    expect(lines).toHaveLength(500);
    expect(lines[499]).toBe(
      'many.yaml:1005:30: /serviceUsers/499/keys/0/state: must be one of: enabled, disabled, deleted',
    );
  });
});

describe('line endings and byte order marks', () => {
  it('positions problems the same with CRLF line endings and a UTF-8 byte order mark', async () => {
    const body = `${HEADER}serviceUsers:\n  - name: a\n    keys: [{ name: k, stat: enabled }]\n`;
    const expected = ["m.yaml:7:23: /serviceUsers/0/keys/0/stat: unknown field 'stat' (did you mean 'state'?)"];
    expect(await problemsOf('m.yaml', body)).toEqual(expected);
    expect(await problemsOf('m.yaml', body.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(await problemsOf('m.yaml', `\ufeff${body}`)).toEqual(expected);
  });
});

describe('manifest paths', () => {
  it('reports missing paths, empty directories and no paths at all', async () => {
    await mkdir(path.join(dir, 'empty'));
    const result = await loadManifests(['missing.yaml', 'empty'], { env: {}, cwd: dir });
    expect(result.ok ? [] : formatProblems(result.problems).split('\n')).toEqual([
      'empty:1:1: directory holds no *.yaml or *.yml files',
      'missing.yaml:1:1: no such file or directory',
    ]);
    const none = await loadManifests([], { env: {}, cwd: dir });
    expect(none.ok ? [] : formatProblems(none.problems).split('\n')).toEqual([
      '(arguments):1:1: no manifest files or directories were given',
    ]);
  });

  it('skips dot-directories, node_modules and directory symlinks, and reads nested files in sorted order', async () => {
    const manifest = (name: string): string => `${HEADER.replace('hostile', name)}serviceUsers: []\n`;
    await mkdir(path.join(dir, 'm/b'), { recursive: true });
    await mkdir(path.join(dir, 'm/.git'), { recursive: true });
    await mkdir(path.join(dir, 'm/node_modules'), { recursive: true });
    await writeFile(path.join(dir, 'm/z.yml'), manifest('z'));
    await writeFile(path.join(dir, 'm/b/a.YAML'), manifest('a'));
    await writeFile(path.join(dir, 'm/.git/x.yaml'), 'not: [valid');
    await writeFile(path.join(dir, 'm/node_modules/x.yaml'), 'not: [valid');
    await symlink(path.join(dir, 'm'), path.join(dir, 'm/loop'));
    const result = await loadManifests(['m'], { env: {}, cwd: dir });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.model.scopes.map((s) => `${s.name}@${s.file}`)).toEqual(['a@m/b/a.YAML', 'z@m/z.yml']);
  });
});
