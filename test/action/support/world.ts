// A world for driving run() end to end: a real bare git remote and clone, the GitHub API fake (validated against
// the OpenAPI description), a live in-process key service on PGlite, one fake clock for all, a recording ActionIo.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Octokit } from 'octokit';
import { simpleGit, type SimpleGit } from 'simple-git';
import { FakeClock } from '../../support/fake-clock.js';
import { startKeyService, type KeyService } from '../../../src/keyservice/server.js';
import { parseInputs, type InputName } from '../../../src/action/inputs.js';
import { run } from '../../../src/action/run.js';
import type { ActionClients, ActionIo, RunResult } from '../../../src/action/types.js';
import {
  pullRequestRoutes,
  startGithubFake,
  type GithubDescription,
  type GithubFake,
} from '../../support/github-fake/index.js';

export const REPO = 'acme/payments';
export const TOKEN = 'test-token';

/**
 * A manifest for team `name`: one service user `<name>-bot` whose keys (YAML list items, indented six spaces) go to
 * the repository's GitHub Actions secrets, with 90-day keys rotated 14 days before expiry.
 */
export const teamManifest = (name: string, keys: string): string => `# ${name}: managed by keyward
apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: ${name} }
provider: { driver: keyward }
stores:
  ci: { type: github, repository: ${REPO} }
defaults: { expiresIn: 90d, rotateBefore: 14d, overlap: 7d }
serviceUsers:
  - name: ${name}-bot
    keys:
${keys}`;

/** Everything run() said: log lines by level, masked values, outputs and summaries. */
interface Recorded {
  readonly lines: string[];
  readonly secrets: string[];
  readonly outputs: Record<string, string>;
  readonly summaries: string[];
}

function recordingIo(): { io: ActionIo; recorded: Recorded } {
  const recorded: Recorded = { lines: [], secrets: [], outputs: {}, summaries: [] };
  const io: ActionIo = {
    info: (m) => recorded.lines.push(`info: ${m}`),
    warning: (m) => recorded.lines.push(`warning: ${m}`),
    error: (m) => recorded.lines.push(`error: ${m}`),
    setSecret: (v) => recorded.secrets.push(v),
    setOutput: (n, v) => (recorded.outputs[n] = v),
    summary: async (md) => {
      recorded.summaries.push(md);
    },
  };
  return { io, recorded };
}

export interface ActionWorld {
  readonly root: string;
  readonly remote: string;
  readonly work: string;
  readonly git: SimpleGit;
  readonly fake: GithubFake;
  readonly service: KeyService;
  readonly clock: FakeClock;
  readonly adminKey: string;
  /** Every run's recording, for the leak check at the end. */
  readonly runs: Recorded[];
  /** Runs the Action as a workflow step would: inputs by name, the PR number for plan. */
  act(
    inputs: Partial<Record<InputName, string>>,
    options?: { pullRequest?: number },
  ): Promise<{ result?: RunResult; error?: Error; recorded: Recorded }>;
  /** Writes files in the clone, commits them as a person, pushes to main. */
  commit(files: Record<string, string>, message: string): Promise<void>;
  /** Makes the clone match origin/main, as actions/checkout does at the start of a job. */
  checkoutMain(): Promise<void>;
  /** The bare remote's git (for branches, diffs, fast-forwards). */
  remoteGit(...args: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startActionWorld(
  description: GithubDescription,
  manifests: Record<string, string>,
): Promise<ActionWorld> {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const adminKey = randomBytes(32).toString('hex');
  const root = await mkdtemp(join(tmpdir(), 'keyward-action-'));
  const remote = join(root, 'remote.git');
  const work = join(root, 'work');
  await simpleGit().raw(['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  await simpleGit().raw(['clone', '--quiet', remote, work]);
  const git = simpleGit(work);
  await git.raw(['symbolic-ref', 'HEAD', 'refs/heads/main']);
  const service = await startKeyService({ bootstrapKey: adminKey, clock, log: () => undefined });
  const fake = await startGithubFake({
    description,
    clock,
    repositories: [REPO],
    routes: pullRequestRoutes,
    tokens: { [TOKEN]: { secrets: 'write', variables: 'write', pull_requests: 'write' } },
  });
  const octokit = new Octokit({
    auth: TOKEN,
    baseUrl: fake.url,
    throttle: { enabled: false },
    retry: { enabled: false },
  });
  const env = { KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey, GITHUB_API_URL: fake.url, GITHUB_TOKEN: TOKEN };
  const runs: Recorded[] = [];

  const world: ActionWorld = {
    root,
    remote,
    work,
    git,
    fake,
    service,
    clock,
    adminKey,
    runs,
    async act(given, options = {}) {
      const { io, recorded } = recordingIo();
      runs.push(recorded);
      const inputs = parseInputs((name) => given[name] ?? (name === 'github-token' ? TOKEN : ''), work);
      const clients: ActionClients = {
        octokit,
        git: (dir) => simpleGit(dir),
        clock,
        io,
        env,
        context: {
          owner: 'acme',
          repo: 'payments',
          eventName: 'test',
          pullRequest: options.pullRequest ?? null,
          runUrl: null,
          tempDir: root,
        },
      };
      try {
        return { result: await run(inputs, clients, work), recorded };
      } catch (error) {
        return { error: error as Error, recorded };
      }
    },
    async commit(files, message) {
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      await git.raw(['add', '--', ...Object.keys(files)]);
      await git.raw(['-c', 'user.name=Dev', '-c', 'user.email=dev@example.test', 'commit', '--quiet', '-m', message]);
      await git.raw(['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
    },
    async checkoutMain() {
      await git.raw(['fetch', '--quiet', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
      await git.raw(['reset', '--quiet', '--hard', 'refs/remotes/origin/main']);
    },
    remoteGit: (...args) => simpleGit(remote).raw(args),
    async close() {
      await fake.close();
      await service.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  await world.commit(manifests, 'keyward manifests');
  return world;
}
