// Happy paths: a directory of manifests (recursive, multi-document, empty files) loads into exactly this model,
// with defaults resolved, ${ENV} substituted, durations in milliseconds and every source position recorded.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DesiredModel } from '../../../src/core/desired.js';
import { DAY_MS, HOUR_MS, formatProblems, keyRefs, loadManifests } from '../../../src/core/manifest/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/manifests/', import.meta.url));
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const env = { PORTAL_URL: 'https://csp.example.com', RECIPIENT };

const defaultRotation = {
  rotateBeforeMs: 14 * DAY_MS,
  overlapMs: 7 * DAY_MS,
  retainDisabledMs: 30 * DAY_MS,
  retireIdleMs: 24 * HOUR_MS,
};
const paymentsRotation = {
  rotateBeforeMs: 21 * DAY_MS,
  overlapMs: 7 * DAY_MS,
  retainDisabledMs: 60 * DAY_MS,
  retireIdleMs: 24 * HOUR_MS,
};

const expectedModel: DesiredModel = {
  scopes: [
    {
      name: 'first',
      file: 'valid/nested/more.yml',
      provider: { driver: 'keyward' },
      stores: {},
      prune: false,
      allowDestroy: false,
      source: { file: 'valid/nested/more.yml', line: 1, column: 1, path: '' },
      serviceUsers: [
        {
          name: 'alpha',
          description: '',
          groups: [],
          scope: 'first',
          source: { file: 'valid/nested/more.yml', line: 6, column: 5, path: '/serviceUsers/0' },
          keys: [
            {
              serviceUser: 'alpha',
              name: 'k',
              generation: 1,
              state: 'enabled',
              expiry: { kind: 'in', ms: 365 * DAY_MS, text: '1y' },
              rotation: { ...defaultRotation, rotateBeforeMs: 36 * HOUR_MS },
              secrets: [],
              source: { file: 'valid/nested/more.yml', line: 8, column: 9, path: '/serviceUsers/0/keys/0' },
            },
          ],
        },
      ],
    },
    {
      name: 'second',
      file: 'valid/nested/more.yml',
      provider: { driver: 'keyward' },
      stores: {},
      prune: false,
      allowDestroy: false,
      source: { file: 'valid/nested/more.yml', line: 14, column: 1, path: '' },
      serviceUsers: [],
    },
    {
      name: 'payments',
      file: 'valid/payments.yaml',
      provider: { driver: 'keyward', url: 'https://csp.example.com' },
      stores: {
        ci: { type: 'github', repository: 'acme/payments', environment: 'production' },
        local: { type: 'file', path: 'secrets.age', recipients: [RECIPIENT] },
      },
      prune: true,
      allowDestroy: true,
      source: { file: 'valid/payments.yaml', line: 2, column: 1, path: '' },
      serviceUsers: [
        {
          name: 'payments-deployer',
          description: 'Deploys payments (${literal})',
          groups: ['deployers', 'release'],
          scope: 'payments',
          source: { file: 'valid/payments.yaml', line: 13, column: 5, path: '/serviceUsers/0' },
          keys: [
            {
              serviceUser: 'payments-deployer',
              name: 'deploy',
              generation: 3,
              state: 'enabled',
              expiry: { kind: 'in', ms: 84 * DAY_MS, text: '12w' },
              rotation: paymentsRotation,
              secrets: [
                { store: 'ci', name: 'PAYMENTS_DEPLOY_KEY' },
                { store: 'local', name: 'PAYMENTS_DEPLOY_KEY' },
              ],
              source: { file: 'valid/payments.yaml', line: 17, column: 9, path: '/serviceUsers/0/keys/0' },
            },
            {
              serviceUser: 'payments-deployer',
              name: 'fixed',
              generation: 1,
              state: 'enabled',
              expiry: { kind: 'at', at: new Date('2027-06-30T10:00:00Z') },
              rotation: { ...paymentsRotation, overlapMs: 2 * DAY_MS },
              secrets: [{ store: 'local', name: 'FIXED' }],
              source: { file: 'valid/payments.yaml', line: 22, column: 9, path: '/serviceUsers/0/keys/1' },
            },
            {
              serviceUser: 'payments-deployer',
              name: 'forever',
              generation: 1,
              state: 'disabled',
              expiry: { kind: 'never' },
              rotation: paymentsRotation,
              secrets: [],
              source: { file: 'valid/payments.yaml', line: 26, column: 9, path: '/serviceUsers/0/keys/2' },
            },
          ],
        },
        {
          name: 'payments-reader',
          description: '',
          groups: [],
          keys: [],
          scope: 'payments',
          source: { file: 'valid/payments.yaml', line: 29, column: 5, path: '/serviceUsers/1' },
        },
      ],
    },
  ],
};

describe('loadManifests on valid manifests', () => {
  it('loads a directory recursively into exactly the expected model', async () => {
    const result = await loadManifests(['valid'], { env, cwd: fixtures });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.model).toEqual(expectedModel);
  });

  it('warns (without failing) about empty files, keys without a secret destination and overlaps longer than rotateBefore', async () => {
    const result = await loadManifests(['valid'], { env, cwd: fixtures });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(formatProblems(result.warnings).split('\n')).toEqual([
      'valid/nested/empty.yaml:1:1: file holds no manifest documents',
      "valid/nested/more.yml:8:9: /serviceUsers/0/keys/0: key 'k' has no secret destination: its secret would be shown to nobody, so the key could not be used",
      'valid/nested/more.yml:9:23: /serviceUsers/0/keys/0/rotateBefore: overlap (7d) is longer than rotateBefore (36h): the previous generation expires before the overlap ends',
    ]);
  });

  it('gives the same model whichever way the same files are named, and reads each file once', async () => {
    const byDir = await loadManifests(['valid'], { env, cwd: fixtures });
    const byFiles = await loadManifests(
      ['./valid/payments.yaml', `${fixtures}valid/nested`, 'valid/nested/more.yml', 'valid'],
      { env, cwd: fixtures },
    );
    expect(byFiles).toEqual(byDir);
  });

  it('names files relative to cwd, or absolute when outside it', async () => {
    const result = await loadManifests([`${fixtures}valid/nested/more.yml`], { env, cwd: '/nonexistent-elsewhere' });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.model.scopes[0]?.file).toBe(`${fixtures}valid/nested/more.yml`);
  });

  it('offers key references with remote names for the planner', async () => {
    const result = await loadManifests(['valid/payments.yaml'], { env, cwd: fixtures });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(keyRefs(result.model).map((k) => k.remoteName)).toEqual(['deploy#3', 'fixed', 'forever']);
  });

  it('reports the same service user in two files, naming both places, but not the same name on another key API', async () => {
    const result = await loadManifests(['duplicates'], { env, cwd: fixtures });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatProblems(result.problems).split('\n')).toEqual([
      "duplicates/b.yaml:3:19: /metadata/name: manifest name 'team' is used twice: also at duplicates/a.yaml:3:19",
      "duplicates/b.yaml:7:11: /serviceUsers/1/name: service user 'shared-bot' is declared twice: also at duplicates/a.yaml:6:11",
    ]);
  });
});

describe('secrets delivered to one place by two keys', () => {
  it('are reported across manifests when two store declarations reach the same file', async () => {
    const result = await loadManifests(['shared-destinations'], { env, cwd: fixtures });
    expect(result.ok ? [] : formatProblems(result.problems).split('\n')).toEqual([
      "shared-destinations/team-a.yaml:11:9: /serviceUsers/0/keys/0: secret 'SHARED' in store 'local' is the same place as the secret of key 'b/k' at shared-destinations/sub/team-b.yaml:11:9 (store 'mine'); each key needs its own secret",
    ]);
  });
});
