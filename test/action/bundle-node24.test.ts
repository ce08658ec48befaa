// The committed bundle (dist/index.js) end to end under a Node 24 binary, as a runner with `using: node24` runs it:
// plan with read-only credentials comments on the PR, apply delivers secrets, manifest errors become annotations,
// a file store is refused before any key exists, and no secret reaches the step's output except to be masked.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/action/build.js';
import { startKeyService, type KeyService } from '../../src/keyservice/server.js';
import {
  loadGithubDescription,
  pullRequestRoutes,
  repoScope,
  startGithubFake,
  type GithubFake,
} from '../support/github-fake/index.js';

const exec = promisify(execFile);
const REPO = 'acme/payments';
const ADMIN_KEY = 'a1b2c3d4e5f6a7b8'.repeat(4);
/** What a plan job gets: comment on PRs, read (describe) the repository's secrets and variables, nothing more. */
const READ_TOKEN = 'read-only-token';
const WRITE_TOKEN = 'secrets-write-token';

const manifest = (store: string): string => `apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: payments }
provider: { driver: keyward }
stores:
  ci: ${store}
serviceUsers:
  - name: payments-bot
    keys:
      - name: deploy
        expiresIn: 90d
        secret: { store: ci, name: PAYMENTS_DEPLOY_KEY }
`;

let node24: string;
let fake: GithubFake;
let service: KeyService;
let dir: string;

beforeAll(async () => {
  node24 = process.env['KEYWARD_TEST_NODE24'] ?? '';
  fake = await startGithubFake({
    description: await loadGithubDescription(),
    repositories: [REPO],
    routes: pullRequestRoutes,
    tokens: {
      [READ_TOKEN]: { secrets: 'read', variables: 'read', pull_requests: 'write' },
      [WRITE_TOKEN]: { secrets: 'write', variables: 'write' },
    },
  });
  service = await startKeyService({ bootstrapKey: ADMIN_KEY, log: () => undefined });
  dir = await mkdtemp(join(tmpdir(), 'keyward-node24-'));
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await service?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Step {
  code: number;
  stdout: string;
  outputs: string;
}

/** Runs dist/index.js as a workflow step: INPUT_* variables, GITHUB_* context, an output file; never a shell. */
async function step(workspace: string, inputs: Record<string, string>, env: Record<string, string>): Promise<Step> {
  const outputFile = join(workspace, '..', `output-${Date.now()}-${Math.random()}`);
  await writeFile(outputFile, '');
  const vars: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: REPO,
    RUNNER_TEMP: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_API_URL: fake.url,
    KEYWARD_URL: service.url,
    ...env,
  };
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value;
  try {
    const { stdout } = await exec(node24, [join(ROOT, 'dist', 'index.js')], { cwd: workspace, env: vars });
    return { code: 0, stdout, outputs: await readFile(outputFile, 'utf8') };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout, outputs: await readFile(outputFile, 'utf8') };
  }
}

async function workspaceWith(name: string, files: Record<string, string>): Promise<string> {
  const workspace = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), text);
  }
  return workspace;
}

async function keyNames(): Promise<string[]> {
  const response = await fetch(`${service.url}/v2/api_keys?_limit=1000`, {
    headers: { Authorization: `Token ${ADMIN_KEY}` },
  });
  return ((await response.json()) as { results: { name: string }[] }).results.map((k) => k.name);
}

describe('dist/index.js under Node 24', () => {
  it('is run by a Node 24 binary', async () => {
    expect((await exec(node24, ['--version'])).stdout.trim()).toMatch(/^v24\./);
  });

  it('plans with read-only credentials (a PR comment, no write), then applies with write ones', async () => {
    const workspace = await workspaceWith('flow', {
      'keyward/payments.yml': manifest(`{ type: github, repository: ${REPO} }`),
    });
    const pr = fake.state.pulls.open(REPO, { title: 'keys', head: 'feature', base: 'main' }, new Date());
    const event = join(workspace, '..', 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: pr.number } }));
    const before = fake.requests.length;
    const keysBefore = await keyNames();
    const plan = await step(
      workspace,
      { command: 'plan', 'github-token': READ_TOKEN },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_TOKEN: READ_TOKEN,
        KEYWARD_API_KEY: ADMIN_KEY,
      },
    );
    expect(plan.stdout).not.toContain('::error');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('keyward plan: 1 manifest file (keyward/payments.yml)');
    expect(plan.outputs).toMatch(/^changes<<.*\ntrue\n/m);
    expect(fake.state.pulls.commentsOn(REPO, pr.number)[0]?.body).toContain('create key payments/payments-bot/deploy');
    const writes = fake.requests.slice(before).filter((r) => r.method !== 'GET' && !r.path.includes('/comments'));
    expect(writes).toEqual([]);
    expect(await keyNames()).toEqual(keysBefore);

    const apply = await step(
      workspace,
      { command: 'apply', 'github-token': WRITE_TOKEN },
      {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_TOKEN: WRITE_TOKEN,
        KEYWARD_API_KEY: ADMIN_KEY,
      },
    );
    expect(apply.stdout).not.toContain('::error');
    expect(apply.code).toBe(0);
    expect(await keyNames()).toContain('deploy');
    const secret = fake.secretValue(repoScope(REPO), 'PAYMENTS_DEPLOY_KEY') ?? '';
    expect(secret.length).toBeGreaterThan(20);
    const unmasked = [plan.stdout, apply.stdout]
      .join('\n')
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'));
    // The first 32 characters are the key ID (public by design); what follows is the secret.
    for (const line of unmasked) expect(line).not.toContain(secret.slice(32, 48));
    fake.assertNoViolations();
  }, 120_000);

  it('turns every manifest problem into an annotation on its file, line and column', async () => {
    const broken = manifest(`{ type: github, repository: ${REPO} }`)
      .replace('      - name: deploy\n', '      - name: deploy\n        expiresAt: 2027-01-01T00:00:00Z\n')
      .replace('  - name: payments-bot\n', '  - name: payments-bot\n    groupz: []\n');
    const workspace = await workspaceWith('broken', { 'keyward/team/payments.yml': broken });
    const run = await step(workspace, { command: 'plan' }, { GITHUB_TOKEN: READ_TOKEN, KEYWARD_API_KEY: ADMIN_KEY });
    expect(run.code).toBe(1);
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error file='));
    expect(annotations).toEqual([
      expect.stringMatching(
        /^::error file=keyward\/team\/payments\.yml,line=9,col=5::.*\/serviceUsers\/0\/groupz.*unknown/,
      ),
      expect.stringMatching(
        /^::error file=keyward\/team\/payments\.yml,line=1[23],col=\d+::.*expiresAt: set either expiresIn or expiresAt/,
      ),
    ]);
    expect(run.stdout).toMatch(/^::error::2 problems in the manifests:/m);
    expect(run.stdout).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses a file store before any key is created, saying why', async () => {
    const workspace = await workspaceWith('file-store', {
      'keyward/payments.yaml': manifest(
        '{ type: file, path: secrets.age, recipients: ' +
          '[age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq] }',
      ),
    });
    const keysBefore = await keyNames();
    const run = await step(workspace, { command: 'apply' }, { GITHUB_TOKEN: WRITE_TOKEN, KEYWARD_API_KEY: ADMIN_KEY });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::type: file stores cannot be used in the Action: keyward\/payments\.yaml \(store 'ci'\)\. /m,
    );
    expect(run.stdout).toContain('would be lost');
    expect(await keyNames()).toEqual(keysBefore);
  }, 60_000);
});
