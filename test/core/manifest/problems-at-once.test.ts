// Validation reports every problem of a run at once (not one per fix), a duplicate YAML key names its JSON path and
// the first occurrence, and a bad indentation points at the line and column that are wrong, with where it could go.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems, loadManifests } from '../../../src/core/manifest/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-at-once-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEAD = 'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nprovider: { driver: keyward }\n';

async function problems(files: Record<string, string>): Promise<string[]> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const result = await loadManifests(Object.keys(files), { env: {}, cwd: dir });
  if (result.ok) return [];
  return formatProblems(result.problems).split('\n');
}

describe('every problem in one run', () => {
  it('reports schema, semantic and cross-file problems of several files together', async () => {
    const a = `${HEAD}metadata: { name: a }
stores:
  ci: { type: github, repository: acme/a }
serviceUsers:
  - name: bot
    groupz: [deployers]
    keys:
      - name: deploy
        expiresIn: 90d
        expiresAt: 2027-01-01T00:00:00Z
        secret: { store: cd, name: A_KEY }
      - name: old
        generation: 0
        rotateBefore: 3x
`;
    const b = `${HEAD}metadata: { name: a }
serviceUsers:
  - name: other
    keys:
      - name: k
        expiresIn: 6x
`;
    const lines = await problems({ 'a.yaml': a, 'b.yaml': b });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^a\.yaml:9:5: \/serviceUsers\/0\/groupz: unknown field 'groupz' \(did you mean 'groups'\?\)$/,
        ),
        expect.stringMatching(
          /^a\.yaml:13:9: \/serviceUsers\/0\/keys\/0\/expiresAt: set either expiresIn or expiresAt, not both$/,
        ),
        expect.stringMatching(/^a\.yaml:14:\d+: \/serviceUsers\/0\/keys\/0\/secret\/store: .*'cd'/),
        expect.stringMatching(/^a\.yaml:16:21: \/serviceUsers\/0\/keys\/1\/generation: must be at least 1$/),
        expect.stringMatching(/^a\.yaml:17:23: \/serviceUsers\/0\/keys\/1\/rotateBefore: must be a duration like/),
        "b.yaml:4:19: /metadata/name: manifest name 'a' is used twice: also at a.yaml:4:19",
        expect.stringMatching(/^b\.yaml:9:20: \/serviceUsers\/0\/keys\/0\/expiresIn: must be a positive duration like/),
      ]),
    );
    expect(lines).toHaveLength(7);
  });
});

describe('YAML mistakes, located', () => {
  it('a duplicate key names its JSON path and the line of the first one', async () => {
    const text = `${HEAD}metadata: { name: d }
serviceUsers:
  - name: bot
    keys:
      - name: k
        expiresIn: 90d
        expiresIn: 30d
`;
    expect(await problems({ 'dup.yaml': text })).toEqual([
      "dup.yaml:10:9: /serviceUsers/0/keys/0/expiresIn: duplicate key 'expiresIn' in this mapping " +
        '(YAML keys must be unique; the first is on line 9)',
    ]);
  });

  it('an under-indented line is pointed at, with the columns it could line up with', async () => {
    const text = `${HEAD}metadata: { name: u }
serviceUsers:
  - name: bot
    keys:
      - name: k
       expiresIn: 90d
`;
    expect(await problems({ 'under.yaml': text })).toEqual([
      'under.yaml:9:8: bad indentation: this line starts at column 8; ' +
        'line it up with column 9 (line 8) or column 7 (line 8)',
    ]);
  });

  it('an over-indented line is pointed at, not the line before it', async () => {
    const text = `${HEAD}metadata: { name: o }
serviceUsers:
  - name: bot
    keys:
      - name: k
          expiresIn: 90d
`;
    expect(await problems({ 'over.yaml': text })).toEqual([
      'over.yaml:9:11: bad indentation: this line starts at column 11; ' +
        'it is deeper than the block it continues at column 9 (line 8)',
    ]);
  });

  it('a mapping key between two levels is pointed at with both choices', async () => {
    const text =
      'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata:\n    name: m\n' +
      '  provider: { driver: keyward }\nserviceUsers: []\n';
    expect(await problems({ 'between.yaml': text })).toEqual([
      'between.yaml:5:3: bad indentation: this line starts at column 3; ' +
        'line it up with column 5 (line 4) or column 1 (line 3)',
    ]);
  });
});
